using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>
/// An IRC client's message that fills its 512-byte line reaches other IRC clients as one line,
/// cut at a UTF-8 boundary to fit once the relay adds the sender's source (tags do not count).
/// </summary>
[Trait("Category", "Slow")]
public sealed class IrcLongLineTests
{
    /// <summary>"PRIVMSG #dev :" is 14 bytes, so 496 text bytes fill a 510-byte line: "ab" and 247 two-byte letters.</summary>
    private static readonly string FullText = "ab" + new string('é', 247);

    /// <summary>
    /// ":alice!~aliceu@127.0.0.1 PRIVMSG #dev :" is 39 bytes, leaving 471 of 510 for the text: "ab" and
    /// 234 letters make 470, and the 235th would end at byte 472, so the cut falls before it.
    /// </summary>
    private static readonly string CutText = "ab" + new string('é', 234);

    [Fact]
    public async Task A_privmsg_filling_512_bytes_reaches_irc_clients_as_one_line_cut_at_a_character_boundary()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "echo-message");
        await using var bob = await server.ConnectIrcAsync("bob");
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await using var carol = await server.ConnectAsync("carol");
        await IrcClient.JoinAllAsync("#dev", alice, bob, tagged);
        await carol.SendAsync("/join dev");
        await carol.ExpectAsync(l => l.StartsWith("* you are in dev", StringComparison.Ordinal));

        await alice.SendAsync("PRIVMSG #dev :" + FullText);

        var got = await bob.ExpectAsync("PRIVMSG");
        Assert.Equal(":alice!~aliceu@127.0.0.1 PRIVMSG #dev :" + CutText, got.Raw);
        Assert.Equal(511, got.ByteLength);
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("PRIVMSG"));

        // Tags do not count toward the 512 bytes: the part after them is the same line.
        var withTags = await tagged.ExpectAsync("PRIVMSG");
        Assert.Equal(":alice!~aliceu@127.0.0.1 PRIVMSG #dev :" + CutText, withTags.Raw[(withTags.Raw.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.DoesNotContain(await tagged.SyncAsync(), l => l.Is("PRIVMSG"));

        var echo = await alice.ExpectAsync("PRIVMSG");
        Assert.Equal(CutText, echo.Last);
        Assert.DoesNotContain(await alice.SyncAsync(), l => l.Is("PRIVMSG") || l.IsError);

        // The cut is IRC's: a plain user, whose lines are longer, gets the whole text.
        Assert.Equal("[alice@dev] " + FullText, await carol.NextChatAsync());
    }

    [Fact]
    public async Task A_private_action_filling_512_bytes_arrives_as_one_ctcp_action_within_512_bytes()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await using var bob = await server.ConnectIrcAsync("bob");

        // "PRIVMSG bob :\u0001ACTION " is 21 bytes and the closing \u0001 one more: 488 text bytes fill the line.
        var text = new string('w', 488);
        await alice.SendAsync("PRIVMSG bob :\u0001ACTION " + text + "\u0001");

        // ":alice!~aliceu@127.0.0.1 PRIVMSG bob :\u0001ACTION " is 46 bytes, the closing \u0001 one: 463 remain.
        var got = await bob.ExpectAsync("PRIVMSG");
        Assert.Equal(":alice!~aliceu@127.0.0.1 PRIVMSG bob :\u0001ACTION " + new string('w', 463) + "\u0001", got.Raw);
        Assert.Equal(512, got.ByteLength);
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("PRIVMSG"));
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task A_message_that_fits_after_the_relay_adds_the_source_is_not_cut()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");
        var text = new string('z', 472);

        await alice.SendAsync("NOTICE #dev :" + text);

        var got = await bob.ExpectAsync("NOTICE");
        Assert.Equal(text, got.Last);
        Assert.Equal(512, got.ByteLength);
        Assert.Empty(await alice.SyncAsync());
    }

    [Fact]
    public async Task A_line_one_byte_over_512_gets_417_with_the_modern_parameters_and_nothing_is_relayed()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, bob) = await server.IrcPairInAsync("#dev", "alice", "bob");

        // 511 bytes before CR LF: one over https://modern.ircdocs.horse/#message-format's 512.
        await alice.SendAsync("PRIVMSG #dev :" + new string('x', 497));

        var tooLong = await alice.ExpectAsync("417");
        Assert.Equal(["alice", "Input line was too long"], tooLong.Parameters);
        Assert.Empty(await alice.SyncAsync());
        Assert.DoesNotContain(await bob.SyncAsync(), l => l.Is("PRIVMSG"));
    }

    [Fact]
    public async Task History_replays_a_long_message_whole_in_lines_that_each_fit_512_bytes()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");
        await alice.SendAsync("PRIVMSG #dev :" + FullText);
        await alice.SendAsync("PRIVMSG #dev :\u0001ACTION " + new string('w', 487) + "\u0001");
        Assert.Empty(await alice.SyncAsync());
        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        // The replay on join (no draft/chathistory): history keeps the whole text, and a line
        // the source makes too long is split at a character boundary, never sent over 512 bytes.
        await using var carol = await server.ConnectIrcAsync("carol");
        await carol.SendAsync("JOIN #dev");
        var replay = await carol.ReadUntilAsync(l => l.Is("PRIVMSG") && l.Last.EndsWith("w\u0001", StringComparison.Ordinal) && l.Last.Length < 100);
        var lines = replay.Where(l => l.Is("PRIVMSG")).ToList();
        Assert.Equal(
            [CutText, new string('é', 13), "\u0001ACTION " + new string('w', 462) + "\u0001", "\u0001ACTION " + new string('w', 25) + "\u0001"],
            lines.Select(l => l.Last));
        Assert.All(lines, l => Assert.True(l.ByteLength <= 512, l.Raw));
        Assert.DoesNotContain(replay, l => l.IsError);
        Assert.Empty(await carol.SyncAsync());
    }
}
