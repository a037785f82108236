using Piazza.Client.Model;
using Piazza.Client.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Client.Tests;

/// <summary>
/// The client's logic and IRC session against the real Piazza server, on loopback. Most tests use
/// the IRC port; the first uses the chat port (the client's default), where the server tells IRC
/// from plain by the first line.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ChatClientTests
{
    [Fact]
    public async Task Connecting_registers_joins_the_lobby_and_lists_who_is_there()
    {
        // A long detection timeout: see LineModeTests.StartServerAsync.
        await using var server = await TestServer.StartAsync("Irc:DetectTimeoutMilliseconds=10000");
        await using var alice = await TestChatClient.ConnectAsync(server.EndPoint, "alice", "#lobby");
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "lobby");

        Assert.Equal("#lobby", await bob.ReadAsync(c => c.State.Current.Name));
        Assert.Equal("bob", await bob.ReadAsync(c => c.State.Nick));
        await bob.WaitForLineAsync("#lobby", l => l.Kind == LineKind.Info && l.Text.Contains("2 here", StringComparison.Ordinal));
        await alice.WaitForLineAsync("#lobby", l => l.Text == "bob joined #lobby");
        var members = await alice.ReadAsync(c => c.State.Find("#lobby")!.Members.Keys.Order().ToList());
        Assert.Equal(["alice", "bob"], members);
        Assert.Contains("draft/chathistory", await alice.ReadAsync(c => c.Session!.Caps.ToList()));
    }

    [Fact]
    public async Task A_taken_nick_gives_the_next_free_one_and_says_so()
    {
        await using var server = await TestServer.StartAsync();
        await using var first = await TestChatClient.ConnectAsync(server.IrcEndPoint, "carol", "#lobby");
        await using var second = await TestChatClient.ConnectAsync(server.IrcEndPoint, "carol", "#lobby");

        Assert.Equal("carol2", await second.ReadAsync(c => c.State.Nick));
        await second.WaitForLineAsync(null, l => l.Text.Contains("carol is taken", StringComparison.Ordinal) && l.Text.Contains("carol2", StringComparison.Ordinal));
        await first.WaitForLineAsync("#lobby", l => l.Text == "carol2 joined #lobby");
    }

    [Fact]
    public async Task The_nick_asked_for_is_taken_back_when_its_holder_leaves()
    {
        await using var server = await TestServer.StartAsync();
        var holder = await server.ConnectIrcAsync("dana");
        await holder.JoinAsync("#lobby");
        await using var dana = await TestChatClient.ConnectAsync(server.IrcEndPoint, "dana", "#lobby");
        Assert.Equal("dana2", await dana.ReadAsync(c => c.State.Nick));

        await holder.SendAsync("QUIT :bye");
        await holder.DisposeAsync();

        await dana.WaitUntilAsync(c => c.State.Nick == "dana");
        await dana.WaitForLineAsync("#lobby", l => l.Text == "You are now known as dana");
    }

    [Fact]
    public async Task Two_clients_chat_both_ways_with_actions_and_see_their_own_lines()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice", "#lobby");
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "#lobby");

        await alice.TypeAsync("hello bob");
        var received = await bob.WaitForMessageAsync("#lobby", "alice", "hello bob");
        Assert.Equal(LineKind.Message, received.Kind);
        Assert.NotNull(received.MessageId);
        Assert.True(received.MentionsMe);
        var own = await alice.WaitForMessageAsync("#lobby", "alice", "hello bob");
        Assert.True(own.IsOwn);

        await bob.TypeAsync("/me waves");
        var action = await alice.WaitForMessageAsync("#lobby", "bob", "waves");
        Assert.Equal(LineKind.Action, action.Kind);
        Assert.Equal("[" + action.Time.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "] * bob waves", LineFormat.Full(action));

        await bob.TypeAsync("//slash is text");
        await alice.WaitForMessageAsync("#lobby", "bob", "/slash is text");
    }

    [Fact]
    public async Task Text_past_the_IRC_line_limit_arrives_whole_in_order()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice", "#lobby");
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "#lobby");
        var text = string.Concat(Enumerable.Range(0, 300).Select(i => $"w{i} ")) + "é€😀 end";

        await alice.TypeAsync(text);

        await bob.WaitForLineAsync("#lobby", l => l.Text.EndsWith("end", StringComparison.Ordinal));
        var parts = bob.Lines.Where(l => l.Line.Nick == "alice").Select(l => l.Line.Text).ToList();
        Assert.True(parts.Count > 1);
        Assert.Equal(text.Replace(" ", string.Empty, StringComparison.Ordinal), string.Concat(parts).Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Private_messages_open_a_conversation_for_each_side()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice", "#lobby");
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "#lobby");

        await alice.TypeAsync("/msg bob psst");
        await bob.WaitForMessageAsync("alice", "alice", "psst");
        Assert.Equal("#lobby", await alice.ReadAsync(c => c.State.Current.Name));
        Assert.Equal(1, await bob.ReadAsync(c => c.State.Find("alice")!.Unread));
        Assert.Equal(ConversationKind.Query, await bob.ReadAsync(c => c.State.Find("alice")!.Kind));

        await bob.TypeAsync("/query alice back at you");
        Assert.Equal("alice", await bob.ReadAsync(c => c.State.Current.Name));
        Assert.Equal(0, await bob.ReadAsync(c => c.State.Find("alice")!.Unread));
        await alice.WaitForMessageAsync("bob", "bob", "back at you");
        await alice.WaitForMessageAsync("bob", "alice", "psst");
    }

    [Fact]
    public async Task Join_switches_rooms_part_closes_and_unread_counts_follow_what_is_shown()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice", "#lobby");
        await using var bob = await TestChatClient.ConnectAsync(server.IrcEndPoint, "bob", "#lobby");

        await alice.TypeAsync("/join dev");
        await alice.WaitUntilAsync(c => c.State.Current.Name == "#dev");
        await bob.TypeAsync("one");
        await bob.TypeAsync("two alice");
        await alice.WaitForMessageAsync("#lobby", "bob", "two alice");
        var lobby = await alice.ReadAsync(c => (c.State.Find("#lobby")!.Unread, c.State.Find("#lobby")!.HasUnreadMention, c.State.Find("#lobby")!.UnreadMarker));
        Assert.Equal(2, lobby.Unread);
        Assert.True(lobby.HasUnreadMention);
        Assert.NotNull(lobby.UnreadMarker);

        await alice.InvokeAsync(c => c.State.Show(1 + 0));
        Assert.Equal("#lobby", await alice.ReadAsync(c => c.State.Current.Name));
        Assert.Equal(0, await alice.ReadAsync(c => c.State.Current.Unread));
        Assert.NotNull(await alice.ReadAsync(c => c.State.Current.UnreadMarker));

        await alice.InvokeAsync(c => c.State.Cycle(1));
        Assert.Equal("#dev", await alice.ReadAsync(c => c.State.Current.Name));
        Assert.Null(await alice.ReadAsync(c => c.State.Find("#lobby")!.UnreadMarker));

        await alice.TypeAsync("/part");
        await alice.WaitUntilAsync(c => c.State.Find("#dev") is null);
        Assert.Equal("#lobby", await alice.ReadAsync(c => c.State.Current.Name));
    }

    [Fact]
    public async Task Errors_from_the_server_land_where_the_user_is_looking()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice", "#lobby");

        await alice.TypeAsync("/msg nobody-here hello");
        await alice.WaitForLineAsync("#lobby", l => l.Kind == LineKind.Error && l.Text.Contains("nobody-here", StringComparison.Ordinal));

        await alice.TypeAsync("/whois alice");
        await alice.WaitForLineAsync(null, l => l.Text.StartsWith("alice ", StringComparison.Ordinal) && l.Text.Contains("127.0.0.1", StringComparison.Ordinal));

        await alice.TypeAsync("no room here?");
        await alice.InvokeAsync(c => c.State.Show(0));
        await alice.TypeAsync("typed in the server window");
        await alice.WaitForLineAsync(null, l => l.Kind == LineKind.Error && l.Text.StartsWith("You are not in a room", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plain_protocol_user_and_the_client_talk_through_the_same_room()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await TestChatClient.ConnectAsync(server.IrcEndPoint, "alice", "#lobby");
        await using var plain = await server.ConnectAsync();

        await plain.SendAsync("hi from nc");
        var line = await alice.WaitForLineAsync("#lobby", l => l.IsChat && l.Text == "hi from nc");
        Assert.StartsWith("Guest", line.Nick, StringComparison.Ordinal);

        await alice.TypeAsync("hi plain");
        await plain.ExpectAsync(l => l.Contains("hi plain", StringComparison.Ordinal));
    }
}
