using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>
/// Hostile IRC lines: each gets a numeric or a FAIL (blank lines excepted, which are ignored by
/// design), nothing reaches anyone else, no reply carries a raw control character back, and the
/// connection goes on.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcHostileInputTests
{
    [Theory]
    [InlineData("FROB\u001b[2J\u0007 now", "FROB\ufffd[2J\ufffd")]
    [InlineData("\u0001VERSION\u0001", "\ufffdVERSION\ufffd")]
    [InlineData("PRIV\u0085MSG bob :hi", "PRIV\ufffdMSG")]
    public async Task An_unknown_command_is_answered_421_without_its_control_characters(string line, string echoed)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync(line);
        var replies = await alice.SyncAsync();

        Assert.Equal("421", Assert.Single(replies).Command);
        Assert.Equal(["alice", echoed, "Unknown command"], replies[0].Parameters);
        AssertNoControls(replies);
    }

    [Theory]
    [InlineData("NICK a\u001bb", "432")]
    [InlineData("WHOIS \u001b[31mred", "401", "318")]
    [InlineData("PRIVMSG \u0007bell :hi", "401")]
    [InlineData("TOPIC #no\u001bsuch", "403")]
    [InlineData("MODE #no\u001bsuch", "403")]
    public async Task Replies_that_echo_a_parameter_echo_it_without_control_characters(string line, params string[] numerics)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync(line);
        var replies = await alice.SyncAsync();

        Assert.Equal(numerics, replies.Select(l => l.Command));
        Assert.All(replies, l => Assert.Contains(l.Parameters, p => p.Contains('\ufffd', StringComparison.Ordinal)));
        AssertNoControls(replies);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'@', (byte)'a', (byte)'=', (byte)'b' })]
    [InlineData(new byte[] { (byte)'@', (byte)'a', (byte)'=', (byte)'b', (byte)' ', (byte)' ' })]
    [InlineData(new byte[] { (byte)':', (byte)'n', (byte)'i', (byte)'c', (byte)'k' })]
    [InlineData(new byte[] { (byte)':' })]
    [InlineData(new byte[] { (byte)'@', (byte)'x', (byte)' ', (byte)':', (byte)'s', (byte)'r', (byte)'c', (byte)' ' })]
    public async Task A_line_of_tags_or_a_source_alone_is_answered_421(byte[] line)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendRawAsync([.. line, (byte)'\r', (byte)'\n']);
        var replies = await alice.SyncAsync();

        Assert.Equal(["421"], replies.Select(l => l.Command));
        Assert.Equal(["alice", "*", "No command in that line"], replies[0].Parameters);
    }

    [Fact]
    public async Task Blank_lines_are_ignored_without_a_reply()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendRawAsync("\r\n\n   \r\n\t\r\n \t \r\n"u8.ToArray());

        Assert.Empty(await alice.SyncAsync());
    }

    [Theory]
    [InlineData("PRIVMSG bob :a\0b")]
    [InlineData("PRIVMSG bob :a\rb")]
    [InlineData("PRIVMSG bob\0 :ab")]
    [InlineData("@+x=\0 PRIVMSG bob :ab")]
    public async Task A_line_with_a_nul_or_a_lone_cr_is_refused_and_reaches_nobody(string line)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "standard-replies");
        await using var bob = await server.ConnectIrcAsync("bob");

        await alice.SendAsync(line);
        var replies = await alice.SyncAsync();
        await alice.SendAsync("PRIVMSG bob :after");

        Assert.Equal("FAIL PRIVMSG INVALID_CHARACTERS :Message rejected, it held a NUL or a CR inside the line", Assert.Single(replies).Raw.Split(' ', 2)[1]);
        Assert.Equal("after", (await bob.ExpectAsync("PRIVMSG")).Last);
        Assert.Empty(bob.Skipped);
    }

    [Fact]
    public async Task Without_standard_replies_a_refused_line_gets_a_notice()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendRawAsync("PRIVMSG alice :nul\0here\r\n"u8.ToArray());
        var replies = await alice.SyncAsync();

        Assert.Equal(["NOTICE", "alice", "PRIVMSG: Message rejected, it held a NUL or a CR inside the line"], [replies.Single().Command, .. replies[0].Parameters]);
    }

    [Fact]
    public async Task Invalid_utf8_with_control_characters_in_the_command_gets_a_fail_without_them()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "standard-replies");

        await alice.SendRawAsync([.. "PRIV\u001bMSG alice :"u8, 0xFF, 0xFE, (byte)'\r', (byte)'\n']);
        var replies = await alice.SyncAsync();

        Assert.Equal(["FAIL", "PRIV\ufffdMSG", "INVALID_UTF8"], [replies.Single().Command, .. replies[0].Parameters.Take(2)]);
        AssertNoControls(replies);
    }

    [Fact]
    public async Task Before_registration_hostile_lines_are_answered_and_registration_still_works()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await IrcClient.ConnectAsync(server.IrcEndPoint);

        await client.SendRawAsync("\u001b[2JFOO\r\n@tag\r\nCAP REQ :\u001b[31m\r\nNICK a\0b\r\nCAP END\r\n"u8.ToArray());
        var burst = await client.RegisterAsync("late", allowErrors: true);

        var before = burst.TakeWhile(l => !l.Is("001")).ToList();
        Assert.Equal(["451", "421", "CAP", "NOTICE"], before.Select(l => l.Command));
        Assert.Equal("NAK", before[2][1]);
        AssertNoControls(burst);
    }

    [Fact]
    public async Task Control_characters_in_message_text_are_relayed_to_irc_clients_as_formatting()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");

        await alice.SendAsync("PRIVMSG bob :\u0002bold\u0002 \u0001ACTION waves\u0001");

        Assert.Equal("\u0002bold\u0002 \u0001ACTION waves\u0001", (await bob.ExpectAsync("PRIVMSG")).Last);
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task The_error_line_that_answers_quit_echoes_the_reason_without_control_characters()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");

        await alice.SendAsync("QUIT :bye\u001b[2J\u0007");

        var error = Assert.Single(await alice.WaitClosedAsync());
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Quit: bye\ufffd[2J\ufffd)", error.Raw);
    }

    private static void AssertNoControls(IEnumerable<IrcLine> lines)
    {
        foreach (var line in lines)
        {
            Assert.False(line.Raw.Any(c => c < 0x20 || c is >= '\u007f' and <= '\u009f'), $"control character in: {Escape(line.Raw)}");
        }
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            escaped.Append(c < 0x20 || c is >= '\u007f' and <= '\u009f' ? $"\\x{(int)c:x2}" : c.ToString());
        }

        return escaped.ToString();
    }
}
