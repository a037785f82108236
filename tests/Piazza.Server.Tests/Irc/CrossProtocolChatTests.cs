using Piazza.Testing;

namespace Piazza.Server.Tests.Irc;

/// <summary>
/// The heart of IRC on Piazza: an IRC client and plain clients in #lobby/lobby see each other's
/// messages and events, each in its own protocol.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CrossProtocolChatTests
{
    private const string Action = "\u0001ACTION";

    [Fact]
    public async Task Irc_and_plain_users_see_each_others_messages_in_the_lobby_and_in_private()
    {
        await using var server = await TestServer.StartAsync();
        await using var lobby = await MixedLobby.StartAsync(server);
        var (alice, bob, carol) = lobby;

        await bob.SendAsync("hi from plain");
        Assert.Equal(":bob!~plain@127.0.0.1 PRIVMSG #lobby :hi from plain", (await alice.ExpectAsync("PRIVMSG")).Raw);
        Assert.Equal("[bob] hi from plain", await carol.NextChatAsync());

        await alice.SendAsync("PRIVMSG #lobby :hi from irc");
        Assert.Equal("[alice] hi from irc", await bob.NextChatAsync());
        Assert.Equal("[alice] hi from irc", await carol.NextChatAsync());
        await alice.SendAsync("NOTICE #lobby :an irc notice");
        Assert.Equal("[alice] an irc notice", await bob.NextChatAsync());

        await bob.SendAsync("/msg alice psst");
        Assert.Equal(":bob!~plain@127.0.0.1 PRIVMSG alice :psst", (await alice.ExpectAsync("PRIVMSG")).Raw);
        await alice.SendAsync("PRIVMSG bob :hush");
        Assert.Equal("[alice (private)] hush", await bob.NextChatAsync());
    }

    [Fact]
    public async Task Irc_and_plain_users_see_each_others_joins_parts_nicks_topics_and_quits()
    {
        await using var server = await TestServer.StartAsync();
        await using var lobby = await MixedLobby.StartAsync(server);
        var (alice, bob, carol) = lobby;

        await using var dave = await server.ConnectIrcAsync("dave");
        await dave.JoinAsync("#lobby");
        Assert.Equal("* dave joined lobby", await bob.NextAsync());
        await bob.SendAsync("/part lobby");
        Assert.Equal(":bob!~plain@127.0.0.1 PART #lobby", (await alice.ExpectAsync("PART")).Raw);
        await bob.SendAsync("/join lobby");
        Assert.Equal(":bob!~plain@127.0.0.1 JOIN #lobby", (await alice.ExpectAsync("JOIN")).Raw);
        await alice.SendAsync("PART #lobby :brb");
        Assert.Equal("* alice left lobby (brb)", await bob.ExpectAsync(l => l.Contains("alice", StringComparison.Ordinal)));
        await alice.JoinAsync("#lobby");
        Assert.Equal("* alice joined lobby", await bob.NextAsync());

        await bob.NickAsync("robert");
        Assert.Equal(":bob!~plain@127.0.0.1 NICK robert", (await alice.ExpectAsync("NICK")).Raw);
        await alice.ChangeNickAsync("alicia");
        Assert.Equal("* alice is now known as alicia", await bob.NextAsync());

        await bob.SendAsync("/topic a plain topic");
        Assert.Equal(":robert!~plain@127.0.0.1 TOPIC #lobby :a plain topic", (await alice.ExpectAsync("TOPIC")).Raw);
        await alice.SendAsync("TOPIC #lobby :an irc topic");
        Assert.Equal("* alicia set the topic of lobby: an irc topic", await bob.ExpectAsync(l => l.Contains("topic", StringComparison.Ordinal) && !l.Contains("you set", StringComparison.Ordinal)));

        await bob.SendAsync("/quit gone home");
        Assert.Equal(":robert!~plain@127.0.0.1 QUIT :gone home", (await alice.ExpectAsync("QUIT")).Raw);
        await carol.SendAsync("exit");
        Assert.Equal(":carol!~plain@127.0.0.1 QUIT :Client Quit", (await alice.ExpectAsync("QUIT")).Raw);
        await dave.SendAsync("QUIT :bye all");
        Assert.Equal(":dave!~daveu@127.0.0.1 QUIT :Quit: bye all", (await alice.ExpectAsync("QUIT")).Raw);
    }

    [Fact]
    public async Task An_unnamed_plain_user_is_a_unique_guest_nick_with_its_ip_as_host_for_irc()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectIrcAsync("alice", "userhost-in-names");
        await alice.JoinAsync("#lobby");
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();

        var joins = new[] { await alice.ExpectAsync("JOIN"), await alice.ExpectAsync("JOIN") };
        var guests = joins.Select(j => j.SourceNick!).ToArray();
        Assert.All(joins, j => Assert.Matches(@"^Guest\d+!~plain@127\.0\.0\.1$", j.Source));
        Assert.NotEqual(guests[0], guests[1]);
        await alice.SendAsync("NAMES #lobby");
        var names = (await alice.ExpectAsync("353")).Last.Split(' ');
        Assert.Contains($"{guests[0]}!~plain@127.0.0.1", names);

        await alice.SendAsync("WHOIS " + guests[0]);
        Assert.Equal([guests[0], "~plain", "127.0.0.1"], (await alice.ExpectAsync("311")).Parameters.Skip(1).Take(3));
        await alice.SendAsync($"PRIVMSG {guests[0]} :hello guest");
        Assert.Equal("[alice (private)] hello guest", await first.NextChatAsync());

        await first.SendAsync("plain as ever");
        Assert.Equal($"[{first.Address}] plain as ever", await second.NextChatAsync());
        Assert.Equal(guests[0], (await alice.ExpectAsync("PRIVMSG")).SourceNick);
    }

    [Fact]
    public async Task Me_becomes_a_ctcp_action_and_a_ctcp_action_becomes_a_plain_action()
    {
        await using var server = await TestServer.StartAsync();
        await using var lobby = await MixedLobby.StartAsync(server);
        var (alice, bob, carol) = lobby;

        await bob.SendAsync("/me waves");
        Assert.Equal($":bob!~plain@127.0.0.1 PRIVMSG #lobby :{Action} waves\u0001", (await alice.ExpectAsync("PRIVMSG")).Raw);
        Assert.Equal("[bob] * waves", await carol.NextChatAsync());

        await alice.SendAsync($"PRIVMSG #lobby :{Action} bows\u0001");
        Assert.Equal("[alice] * bows", await bob.NextChatAsync());
        await alice.SendAsync($"PRIVMSG bob :{Action} winks\u0001");
        Assert.Equal("[alice (private)] * winks", await bob.NextChatAsync());
    }

    [Fact]
    public async Task Irc_formatting_codes_are_stripped_for_plain_users()
    {
        await using var server = await TestServer.StartAsync();
        await using var lobby = await MixedLobby.StartAsync(server);
        var (alice, bob, carol) = lobby;

        await alice.SendAsync("PRIVMSG #lobby :\u0002bold\u0002 \u000304,01red\u0003 \u001Ditalic\u001D \u001Funder\u000F done");
        Assert.Equal("[alice] bold red italic under done", await bob.NextChatAsync());
        await alice.SendAsync("TOPIC #lobby :\u000312blue\u0003 topic");
        Assert.Equal("* alice set the topic of lobby: blue topic", await carol.ExpectAsync(l => l.StartsWith("* ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_long_plain_line_reaches_irc_as_several_privmsgs_within_512_bytes_that_add_up_to_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var lobby = await MixedLobby.StartAsync(server);
        var (alice, bob, carol) = lobby;
        await using var tagged = await server.ConnectIrcAsync("tagged", "message-tags");
        await tagged.JoinAsync("#lobby");
        var text = LongText(2000);

        await bob.SendAsync(text);

        foreach (var (client, tagBytes) in new[] { (alice, 0), (tagged, 1) })
        {
            var lines = new List<IrcLine>();
            var received = string.Empty;
            while (received.Length < text.Length)
            {
                var line = await client.ExpectAsync("PRIVMSG");
                lines.Add(line);
                received += line.Last;
            }

            Assert.Equal(text, received);
            Assert.InRange(lines.Count, 4, 8);
            Assert.All(lines, l => Assert.InRange(l.ByteLength - (tagBytes * (l.Raw.IndexOf(' ', StringComparison.Ordinal) + 1)), 1, 512));
            Assert.All(lines, l => Assert.Equal(":bob!~plain@127.0.0.1 PRIVMSG #lobby", l.Raw[l.Raw.IndexOf(":bob", StringComparison.Ordinal)..].Split(" :")[0]));
        }

        Assert.Equal("[bob] " + text, await carol.NextChatAsync());
    }

    /// <summary>Text of exactly <paramref name="bytes"/> UTF-8 bytes, words and two-byte letters mixed.</summary>
    private static string LongText(int bytes)
    {
        var text = new System.Text.StringBuilder();
        for (var word = 0; System.Text.Encoding.UTF8.GetByteCount(text.ToString()) < bytes - 20; word++)
        {
            text.Append(word % 3 == 0 ? "héllo " : "wörld ");
        }

        while (System.Text.Encoding.UTF8.GetByteCount(text.ToString()) < bytes)
        {
            text.Append('x');
        }

        return text.ToString();
    }
}
