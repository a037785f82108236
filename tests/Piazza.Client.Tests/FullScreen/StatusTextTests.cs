using Piazza.Client.Model;
using Piazza.Client.Tui;

namespace Piazza.Client.Tests.FullScreen;

/// <summary>The status line and the top line, from the state.</summary>
public sealed class StatusTextTests
{
    [Fact]
    public void The_status_has_the_connection_the_nick_and_the_room_with_its_members()
    {
        var state = Lobby();

        Assert.Equal(" connected | alice | 2:#lobby (2 members)", Status(state));
    }

    [Fact]
    public void Other_conversations_with_unread_messages_follow_with_a_mark_for_mentions()
    {
        var state = Lobby();
        var dev = state.Open("#dev", ConversationKind.Channel);
        var bob = state.Open("bob", ConversationKind.Query);
        for (var i = 0; i < 3; i++)
        {
            state.Add(dev, Said("carol", "build is green"));
        }

        state.Add(bob, Said("bob", "alice, lunch?") with { MentionsMe = true });
        state.Add(dev, new ChatLine(DateTimeOffset.UtcNow, LineKind.Event, null, "dave joined #dev"));

        Assert.Equal(" connected | alice | 2:#lobby (2 members) | #dev:3 bob:1!", Status(state));
    }

    [Fact]
    public void Connecting_and_the_reconnect_countdown_show()
    {
        var state = Lobby();
        state.Connection = ConnectionState.Connecting;
        Assert.StartsWith(" connecting… | alice", Status(state), StringComparison.Ordinal);

        state.Connection = ConnectionState.Disconnected;
        state.ReconnectIn = 5;
        Assert.StartsWith(" disconnected — reconnecting in 5 s | alice", Status(state), StringComparison.Ordinal);

        state.ReconnectIn = null;
        Assert.StartsWith(" disconnected | alice", Status(state), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_several_servers_the_status_names_the_one_in_use_and_given_one_it_does_not()
    {
        var state = new ChatState("127.0.0.1", "alice") { SeveralServers = true, Connection = ConnectionState.Connecting, Address = "127.0.0.1:54331" };
        Assert.StartsWith(" connecting to 127.0.0.1:54331… | alice", Status(state), StringComparison.Ordinal);

        state.Connection = ConnectionState.Connected;
        state.Address = "127.0.0.1:54332";
        Assert.StartsWith(" connected to 127.0.0.1:54332 | alice", Status(state), StringComparison.Ordinal);

        var single = Lobby();
        single.Address = "127.0.0.1:54321";
        Assert.StartsWith(" connected | alice", Status(single), StringComparison.Ordinal);
    }

    [Fact]
    public void A_room_left_behind_by_a_dropped_connection_says_so()
    {
        var state = Lobby();
        state.Current.IsJoined = false;

        Assert.EndsWith("2:#lobby (not joined)", Status(state), StringComparison.Ordinal);
    }

    [Fact]
    public void The_top_line_has_the_topic_or_what_the_window_is()
    {
        var state = Lobby();
        Assert.Equal(" #lobby: no topic", StatusText.Title(state));
        state.Current.Topic = "Be kind";
        Assert.Equal(" #lobby: Be kind", StatusText.Title(state));

        state.Show(0);
        Assert.StartsWith(" irc.example: server messages", StatusText.Title(state), StringComparison.Ordinal);
        state.Show(state.Open("bob", ConversationKind.Query));
        Assert.Equal(" Private conversation with bob", StatusText.Title(state));
        Assert.Equal(" connected | alice | 3:bob", Status(state));
    }

    private static ChatState Lobby()
    {
        var state = new ChatState("irc.example", "alice") { Connection = ConnectionState.Connected };
        var lobby = state.Open("#lobby", ConversationKind.Channel);
        lobby.IsJoined = true;
        lobby.SetMembers([("alice", '@'), ("bob", null)]);
        state.Show(lobby);
        return state;
    }

    private static ChatLine Said(string nick, string text) => new(DateTimeOffset.UtcNow, LineKind.Message, nick, text);

    private static string Status(ChatState state) => string.Concat(StatusText.Status(state).Select(s => s.Text));
}
