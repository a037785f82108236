using System.Text.RegularExpressions;

using Piazza.Testing;

namespace Piazza.Server.Tests.Interop;

/// <summary>
/// Interoperability with a second real IRC client: irssi (Debian's <c>irssi</c>, 1.4), in a
/// terminal (tmux). What irssi does on its own is asserted from its raw log (what it sent, and
/// which of its queries each reply answered), what it shows from its display log, and what the
/// other side sees from a raw IRC client and a plain (nc-style) one. No test lets an error reply
/// reach irssi after its registration. What irssi 1.4 sends, found by running it against the server:
/// <list type="bullet">
/// <item>registering: <c>CAP LS 302</c>, <c>JOIN :</c> (its probe for servers without CAP: a 451
/// before any CAP reply would mean none; here it comes after the CAP LS reply and is ignored),
/// <c>CAP REQ</c> of multi-prefix extended-join setname invite-notify away-notify account-notify
/// server-time, <c>CAP END</c>, NICK, USER, then <c>MODE nick +i</c>;</item>
/// <item>on joining a channel: <c>MODE #dev</c>, <c>WHO #dev %tcuhnfdar,743</c> (WHOX, since
/// ISUPPORT has WHOX) and <c>MODE #dev b</c>; without extended-join, <c>WHO nick %tna,745</c> for
/// each later joiner's account; <c>/who #dev</c> is a plain <c>WHO #dev</c>;</item>
/// <item><c>/notify</c>: <c>ISON :nick</c> every <c>notify_check_time</c>, and <c>WHOIS nick</c>
/// when the nick comes online. irssi 1.4 never sends MONITOR itself (it sent none with
/// <c>MONITOR=</c> in ISUPPORT); <c>/quote MONITOR + nick</c> shows the 730/731 replies as text.</item>
/// </list>
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class IrssiInteropTests
{
    [Fact]
    public async Task Irssi_registers_joins_a_channel_and_chats_with_irc_and_plain_users_both_ways()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");
        var carol = await InDevAsync(server, "carol");
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "carol");
        await using var irssi = await IrssiProcess.StartAsync(server.IrcEndPoint, "irs");

        await irssi.Raw.ExpectAsync("<< CAP LS 302");
        var requested = await irssi.Raw.ExpectAsync(l => l.StartsWith("<< CAP REQ :", StringComparison.Ordinal), "its CAP REQ");
        var acknowledged = await irssi.Raw.ExpectAsync(l => l.StartsWith(">> :piazza.local CAP * ACK :", StringComparison.Ordinal), "the CAP ACK");
        Assert.Equal(requested["<< CAP REQ :".Length..], acknowledged[">> :piazza.local CAP * ACK :".Length..]);
        await irssi.Shown.ExpectAsync(l => l.StartsWith("-!- Welcome to the Piazza IRC network, irs!~irs@", StringComparison.Ordinal), "the welcome");

        await irssi.TypeAsync("/join #dev");
        await irssi.Shown.ExpectAsync("-!- irs [~irs@127.0.0.1] has joined #dev");
        await alice.ExpectAsync(l => l.Is("JOIN") && l.SourceNick == "irs");
        await carol.ExpectAsync("* irs joined dev");

        // To irssi: a raw IRC client's line (an operator's: @) and a plain user's.
        await alice.SendAsync("PRIVMSG #dev :hello from a raw client");
        await irssi.Shown.ExpectAsync("#dev: <@alice> hello from a raw client");
        Assert.Equal("[alice@dev] hello from a raw client", await carol.NextChatAsync());
        await carol.SendAsync("hello from nc");
        await irssi.Shown.ExpectAsync("#dev: < carol> hello from nc");

        // From irssi (typed in #dev's window, the current one since the join) to both.
        await irssi.TypeAsync("hello from irssi");
        var said = await alice.ExpectAsync(l => l.Is("PRIVMSG") && l.SourceNick == "irs");
        Assert.Equal(("#dev", "hello from irssi"), (said[0], said.Last));
        Assert.Equal("[irs@dev] hello from irssi", await carol.NextChatAsync());

        await irssi.TypeAsync("/quit bye from irssi");
        Assert.Equal("Quit: bye from irssi", (await alice.ExpectAsync(l => l.Is("QUIT") && l.SourceNick == "irs")).Last);
        await carol.ExpectAsync("* irs quit (Quit: bye from irssi)");
        Assert.Empty(irssi.ErrorReplies());
    }

    [Fact]
    public async Task Irssi_syncs_a_joined_channel_with_a_whox_query_that_every_member_answers()
    {
        await using var server = await TestServer.StartAsync();
        var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");
        await InDevAsync(server, "carol");
        await using var irssi = await IrssiProcess.StartAsync(server.IrcEndPoint, "irs");
        await irssi.Shown.ExpectAsync(l => l.StartsWith("-!- Welcome to the Piazza IRC network, irs!", StringComparison.Ordinal), "the welcome");

        await irssi.TypeAsync("/join #dev");
        await irssi.Shown.ExpectAsync("-!- irs [~irs@127.0.0.1] has joined #dev");
        await irssi.Shown.ExpectAsync("-!- Irssi: #dev: Total of 3 nicks [1 ops, 0 halfops, 0 voices, 2 normal]");

        // irssi's channel sync: modes, members by WHOX (its token 743; fields: token, channel,
        // user, host, nick, flags, hops, account, real name), bans. It says the channel is synced
        // only once each query has had its end reply.
        await irssi.Raw.ExpectAsync("<< MODE #dev");
        await irssi.Raw.ExpectAsync("<< WHO #dev %tcuhnfdar,743");
        await irssi.Raw.ExpectAsync("<< MODE #dev b");
        await irssi.Shown.ExpectAsync(l => SyncedLine().IsMatch(l), "\"Join to #dev was synced\"");

        // One 354 per member, each taken by irssi as the answer to its WHOX query (the rawlog's
        // "--> silent event whox" after it: a reply it did not recognise would be shown as text).
        AssertTakenAs(irssi, "silent event whox", "354", "743", "#dev", "~aliceu", "127.0.0.1", "alice", "H@", "0", "0", "alice Real");
        AssertTakenAs(irssi, "silent event whox", "354", "743", "#dev", "~plain", "127.0.0.1", "carol", "H", "0", "0", string.Empty);
        AssertTakenAs(irssi, "silent event whox", "354", "743", "#dev", "~irs", "127.0.0.1", "irs", "H", "0", "0", "irs on irssi");

        // A user's /who is a plain WHO: its 352 replies are shown, one line per member.
        await irssi.TypeAsync("/who #dev");
        await irssi.Raw.ExpectAsync("<< WHO #dev");
        await irssi.Shown.ExpectAsync(l => Regex.IsMatch(l, @"^-!- +#dev alice +H@ +0 +~aliceu@127\.0\.0\.1 \[alice Real\]$"), "alice in /who");
        await irssi.Shown.ExpectAsync(l => Regex.IsMatch(l, @"^-!- +#dev carol +H +0 +~plain@127\.0\.0\.1 "), "carol in /who");
        await irssi.Shown.ExpectAsync("-!- End of /WHO list");
        Assert.Empty(irssi.ErrorReplies());
    }

    [Fact]
    public async Task Irssi_without_extended_join_asks_for_a_joiners_account_with_a_short_whox()
    {
        await using var server = await TestServer.StartAsync();
        await using var irssi = await IrssiProcess.StartAsync(server.IrcEndPoint, "irs");
        await irssi.Shown.ExpectAsync(l => l.StartsWith("-!- Welcome to the Piazza IRC network, irs!", StringComparison.Ordinal), "the welcome");
        await irssi.TypeAsync("/join #dev");
        await irssi.Shown.ExpectAsync(l => SyncedLine().IsMatch(l), "\"Join to #dev was synced\"");

        // irssi asks for a joiner's account only when the JOIN does not carry it (extended-join),
        // and only in a channel whose member list it has (synced above).
        await irssi.TypeAsync("/quote CAP REQ :-extended-join");
        await irssi.Raw.ExpectReceivedAsync("CAP", "ACK", "-extended-join");
        var alice = await server.ConnectIrcAsync("alice");
        await alice.JoinAsync("#dev");
        await irssi.Raw.ExpectAsync("<< WHO alice %tna,745");
        await irssi.Raw.ExpectReceivedAsync("354", "745", "alice", "0");
        await irssi.Raw.ExpectReceivedAsync("315", "alice", "End of WHO list");
        AssertTakenAs(irssi, "silent event whox useraccount", "354", "745", "alice", "0");
        Assert.Empty(irssi.ErrorReplies());
    }

    [Fact]
    public async Task Irssi_notify_finds_a_nick_with_ison_and_shows_monitor_replies_sent_by_quote()
    {
        await using var server = await TestServer.StartAsync();
        await using var irssi = await IrssiProcess.StartAsync(server.IrcEndPoint, "irs");
        await irssi.Shown.ExpectAsync(l => l.StartsWith("-!- Welcome to the Piazza IRC network, irs!", StringComparison.Ordinal), "the welcome");

        await irssi.TypeAsync("/notify bob");
        await irssi.Raw.ExpectAsync("<< ISON :bob");
        await irssi.Raw.ExpectReceivedAsync("303", string.Empty);
        await irssi.TypeAsync("/quote MONITOR + bob");
        await irssi.Raw.ExpectReceivedAsync("731", "bob");
        await irssi.Shown.ExpectAsync("-!- bob");

        // bob joins no channel: only ISON (then WHOIS, for the notice) and MONITOR tell irssi.
        var bob = await server.ConnectIrcAsync("bob");
        await irssi.Raw.ExpectReceivedAsync("730", "bob!~bobu@127.0.0.1");
        await irssi.Shown.ExpectAsync("-!- bob!~bobu@127.0.0.1");
        await irssi.Raw.ExpectReceivedAsync("303", "bob");
        await irssi.Raw.ExpectAsync("<< WHOIS bob");
        await irssi.Shown.ExpectAsync("-!- Irssi: bob [~bobu@127.0.0.1] [bob Real] has joined to IRC");

        await bob.SendAsync("QUIT :gone");
        await irssi.Shown.ExpectAsync("-!- bob");
        await irssi.Shown.ExpectAsync("-!- Irssi: bob has left IRC");
        Assert.Empty(irssi.ErrorReplies());
    }

    [Fact]
    public async Task Irssi_topic_away_and_nick_reach_a_raw_client()
    {
        await using var server = await TestServer.StartAsync();
        await using var irssi = await IrssiProcess.StartAsync(server.IrcEndPoint, "irs");
        await irssi.Shown.ExpectAsync(l => l.StartsWith("-!- Welcome to the Piazza IRC network, irs!", StringComparison.Ordinal), "the welcome");
        await irssi.TypeAsync("/join #dev");
        await irssi.Shown.ExpectAsync("-!- irs [~irs@127.0.0.1] has joined #dev");
        var alice = await server.ConnectIrcAsync("alice", "away-notify");
        await alice.JoinAsync("#dev");
        await irssi.Shown.ExpectAsync("-!- alice [~aliceu@127.0.0.1] has joined #dev");

        // irssi made #dev, so it is the operator and may set the topic (+t).
        await irssi.TypeAsync("/topic interop from irssi");
        var topic = await alice.ExpectAsync(l => l.Is("TOPIC"));
        Assert.Equal(("irs", "#dev", "interop from irssi"), (topic.SourceNick, topic[0], topic.Last));
        await irssi.Shown.ExpectAsync("-!- irs changed the topic of #dev to: interop from irssi");

        await irssi.TypeAsync("/away gone to lunch");
        var away = await alice.ExpectAsync(l => l.Is("AWAY"));
        Assert.Equal(("irs", "gone to lunch"), (away.SourceNick, away.Last));
        await irssi.Shown.ExpectAsync("-!- You have been marked as being away");

        await irssi.TypeAsync("/nick irs2");
        var nick = await alice.ExpectAsync(l => l.Is("NICK"));
        Assert.Equal(("irs", "irs2"), (nick.SourceNick, nick[0]));
        await irssi.Shown.ExpectAsync("-!- You're now known as irs2");

        await irssi.TypeAsync("/away");
        var back = await alice.ExpectAsync(l => l.Is("AWAY"));
        Assert.Equal("irs2", back.SourceNick);
        Assert.Empty(back.Parameters);
        await irssi.Shown.ExpectAsync("-!- You are no longer marked as being away");
        Assert.Empty(irssi.ErrorReplies());
    }

    /// <summary>
    /// Asserts that irssi received this reply and took it as the answer to a query of its own:
    /// its raw log names the signal the reply was routed to on the line after it (a reply no
    /// query waited for would be shown as text instead).
    /// </summary>
    private static void AssertTakenAs(IrssiProcess irssi, string signal, string command, params string[] parameters)
    {
        var raw = irssi.Raw.Lines.ToList();
        var at = raw.FindIndex(l => IrssiLog.IsReceived(l, command, parameters));
        Assert.True(at >= 0, $"irssi received no {command} {string.Join(' ', parameters)}. Its raw log:\n{string.Join('\n', raw)}");
        Assert.Equal("--> " + signal, at + 1 < raw.Count ? raw[at + 1] : "(nothing)");
    }

    /// <summary>A plain client named <paramref name="nick"/> in the room dev (#dev), whose arrival others may still have to read.</summary>
    private static async Task<LineClient> InDevAsync(TestServer server, string nick)
    {
        var client = await server.ConnectAsync(nick);
        await client.SendAsync("/join dev");
        await client.ExpectAsync(l => l.StartsWith("* you are in dev;", StringComparison.Ordinal));
        return client;
    }

    [GeneratedRegex(@"^-!- Irssi: Join to #dev was synced in \d+ secs$")]
    private static partial Regex SyncedLine();
}
