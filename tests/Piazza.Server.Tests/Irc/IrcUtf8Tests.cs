using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>
/// UTF8ONLY (https://ircv3.net/specs/extensions/utf8-only): a line that is not UTF-8 gets
/// <c>FAIL &lt;command&gt; INVALID_UTF8</c> whether or not the client negotiated standard-replies,
/// and is dropped; a refused USER can be sent again.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcUtf8Tests
{
    private const string Rejected = "Message rejected, your message was not valid UTF-8";

    [Fact]
    public async Task Invalid_utf8_gets_fail_invalid_utf8_without_standard_replies_and_nothing_is_relayed()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");

        await alice.SendRawAsync([.. "PRIVMSG bob hi"u8, 0xAA, (byte)'\r', (byte)'\n']);
        await alice.SendRawAsync([.. "PRIVMSG #dev :caf"u8, 0xE9, (byte)'\r', (byte)'\n']);

        var replies = await alice.SyncAsync();
        Assert.Equal(2, replies.Count);
        Assert.All(replies, fail => Assert.Equal(("piazza.local", "FAIL"), (fail.Source, fail.Command)));
        Assert.All(replies, fail => Assert.Equal(["PRIVMSG", "INVALID_UTF8", Rejected], fail.Parameters));
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("PRIVMSG"));
    }

    [Fact]
    public async Task The_fail_for_invalid_utf8_carries_the_lines_label()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "batch", "echo-message", "labeled-response");
        await alice.JoinAsync("#qux");

        await alice.SendRawAsync([.. "@label=xyz PRIVMSG #qux hi"u8, 0xAA, (byte)'\r', (byte)'\n']);

        var fail = await alice.ExpectAsync("FAIL");
        Assert.Equal(["PRIVMSG", "INVALID_UTF8", Rejected], fail.Parameters);
        Assert.Equal("xyz", fail.Tags["label"]);
        Assert.Empty(await alice.SyncAsync());
    }

    [Theory]
    [InlineData(new byte[] { (byte)'U', (byte)'S', (byte)'E', (byte)'R', (byte)' ', (byte)'u', (byte)' ', (byte)'*', (byte)' ', (byte)'*', (byte)' ', (byte)':', (byte)'i', 0xE8, (byte)'r', (byte)'c', 0xE9 })]
    [InlineData(new byte[] { (byte)'U', (byte)'S', (byte)'E', (byte)'R', (byte)' ', 0xE8, (byte)'r', (byte)'c', 0xE9, (byte)' ', (byte)'*', (byte)' ', (byte)'*', (byte)' ', (byte)':', (byte)'r', (byte)'e', (byte)'a', (byte)'l' })]
    public async Task A_non_utf8_user_line_is_answered_with_fail_and_a_retry_in_utf8_registers(byte[] user)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendAsync("NICK bar");
        await client.SendRawAsync([.. user, (byte)'\r', (byte)'\n']);

        var fail = await client.NextAsync();
        Assert.Equal(("piazza.local", "FAIL"), (fail.Source, fail.Command));
        Assert.Equal(["USER", "INVALID_UTF8", Rejected], fail.Parameters);

        await client.SendAsync("USER u * * :ìrcé");
        var welcome = await client.NextAsync();
        Assert.Equal(["001", "bar"], [welcome.Command, welcome[0]]);
        await client.ExpectAsync(l => l.Is("376") || l.Is("422"));
        await client.SendAsync("WHOIS bar");
        var whois = await client.ExpectAsync("311");
        Assert.Equal(["bar", "bar", "~u", "127.0.0.1", "*", "ìrcé"], whois.Parameters);
    }
}
