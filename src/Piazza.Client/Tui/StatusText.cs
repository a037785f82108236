using System.Globalization;

using Piazza.Client.Model;

namespace Piazza.Client.Tui;

/// <summary>
/// What the status line and the top line say, from the state alone:
/// " connected | alice | 2:#lobby (3 members) | #dev:3 bob:1!" (the last part lists the other
/// conversations with unread messages; "!" marks one that names us). Given several servers, the
/// first part names the one in use: " connected to 127.0.0.1:54332 | alice | …".
/// </summary>
internal static class StatusText
{
    private static readonly Span Separator = new(" | ", Styles.BarDim);

    public static List<Span> Status(ChatState state)
    {
        var spans = new List<Span> { new(" ", Styles.Bar), Connection(state), Separator, new(state.Nick, Styles.Bar), Separator };
        var current = state.Current;
        var number = IndexOf(state, current) + 1;
        spans.Add(new Span(string.Create(CultureInfo.InvariantCulture, $"{number}:{current.Name}"), Styles.BarRoom));
        if (current.Kind == ConversationKind.Channel)
        {
            var members = current.IsJoined
                ? string.Create(CultureInfo.InvariantCulture, $" ({current.Members.Count} {(current.Members.Count == 1 ? "member" : "members")})")
                : " (not joined)";
            spans.Add(new Span(members, Styles.Bar));
        }

        var first = true;
        foreach (var conversation in state.Conversations)
        {
            if (ReferenceEquals(conversation, current) || conversation.Unread == 0)
            {
                continue;
            }

            spans.Add(first ? Separator : new Span(" ", Styles.Bar));
            first = false;
            var unread = string.Create(CultureInfo.InvariantCulture, $"{conversation.Name}:{conversation.Unread}{(conversation.HasUnreadMention ? "!" : string.Empty)}");
            spans.Add(new Span(unread, conversation.HasUnreadMention ? Styles.BarMention : Styles.BarUnread));
        }

        return spans;
    }

    /// <summary>The top line: the room's topic, or what the shown window is.</summary>
    public static string Title(ChatState state)
    {
        var current = state.Current;
        return current.Kind switch
        {
            ConversationKind.Server => $" {current.Name}: server messages (/help lists the commands)",
            ConversationKind.Query => $" Private conversation with {current.Name}",
            _ => current.Topic is { Length: > 0 } topic ? $" {current.Name}: {topic}" : $" {current.Name}: no topic",
        };
    }

    private static Span Connection(ChatState state) => state.Connection switch
    {
        // Given several servers (a cluster's nodes), which one is in use.
        ConnectionState.Connected when state.SeveralServers && state.Address is { } address => new Span("connected to " + address, Styles.BarConnected),
        ConnectionState.Connected => new Span("connected", Styles.BarConnected),
        ConnectionState.Connecting when state.SeveralServers && state.Address is { } address => new Span($"connecting to {address}…", Styles.BarConnecting),
        ConnectionState.Connecting => new Span("connecting…", Styles.BarConnecting),
        _ when state.ReconnectIn is { } seconds =>
            new Span(string.Create(CultureInfo.InvariantCulture, $"disconnected — reconnecting in {seconds} s"), Styles.BarDisconnected),
        _ => new Span("disconnected", Styles.BarDisconnected),
    };

    private static int IndexOf(ChatState state, Conversation conversation)
    {
        for (var i = 0; i < state.Conversations.Count; i++)
        {
            if (ReferenceEquals(state.Conversations[i], conversation))
            {
                return i;
            }
        }

        return 0;
    }
}
