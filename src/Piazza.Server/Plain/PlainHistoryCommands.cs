using System.Globalization;

using Piazza.Core;
using Piazza.Core.History;
using Piazza.Protocol.Irc;
using Piazza.Protocol.Line;
using Piazza.Server.History;

namespace Piazza.Server.Plain;

/// <summary>
/// History as plain lines: <c>/history [N]</c>, and the replay when the client enters a room
/// (the lobby on connecting, a room it joins). A struct made for each command (see
/// <see cref="PlainClientCommands"/>).
/// </summary>
internal readonly struct PlainHistoryCommands(IPlainCommandContext context)
{
    private const int DefaultHistoryRequest = 20;

    /// <summary>
    /// <c>/history [N]</c>: the current room's last N messages (default 20, at most
    /// <see cref="HistoryOptions.MaxQuery"/>). <c>/history NICK [N]</c>: the last N private
    /// messages between one's account and NICK's (the account NICK is logged in to when online,
    /// else NICK as an account's name), for one logged in; a nick never starts with a digit, so
    /// the two forms never mix.
    /// </summary>
    public async ValueTask<string?> ShowHistoryAsync(LineCommand command)
    {
        if (context.Hub.History is null)
        {
            SendError("history is off on this server");
            return null;
        }

        var words = command.Text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        string? nick = words.Length > 0 && !char.IsAsciiDigit(words[0][0]) ? words[0] : null;
        var countText = nick is null ? words.FirstOrDefault() : words.ElementAtOrDefault(1);
        var count = DefaultHistoryRequest;
        if (words.Length > (nick is null ? 1 : 2)
            || (countText is not null && (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count <= 0))
            || (nick is not null && NickName.Validate(nick, context.Hub.Options.MaxNickLength) is not null))
        {
            SendError("usage: /history [NICK] [N] (N: how many messages, 1 or more)");
            return null;
        }

        count = Math.Min(count, context.HistoryOptions.MaxQuery);
        if (nick is not null)
        {
            if (context.Member.Account is not { } mine)
            {
                SendError("private messages are kept for accounts only: /login first");
                return null;
            }

            var theirs = context.Hub.FindNick(nick) is { Account: { } account } ? account : nick;
            SendHistory(nick, await context.Replay.ReadLatestAsync(Conversation.Key(mine, theirs), count), live: false);
            return null;
        }

        if (context.Member.CurrentRoom is not { } room)
        {
            SendError("you are in no room; /join ROOM first");
            return null;
        }

        var messages = await context.Replay.ReadLatestAsync(room.Name, count);
        SendHistory(room.Name, messages, live: false);
        return null;
    }

    /// <summary>
    /// Ends the hold <see cref="IPlainCommandContext.Replay"/> put on <paramref name="room"/>
    /// before joining it: when the client <paramref name="entered"/> it, the room's recent history
    /// and where live chat begins; then what the room delivered meanwhile.
    /// </summary>
    public async ValueTask ReplayAsync(string room, bool entered)
    {
        var self = this; // a struct's lambda cannot capture this; it takes a copy
        await context.Replay.FinishAsync(room, entered ? context.HistoryOptions.ReplayOnJoin : 0, earlier =>
        {
            if (entered)
            {
                self.SendHistory(room, earlier, live: true);
            }
        });
    }

    private static string FormatStored(StoredMessage message, string line)
    {
        var time = message.Time.UtcDateTime.ToString("'['yyyy-MM-dd HH:mm']'", CultureInfo.InvariantCulture);
        var text = IrcFormatting.StripForPlainText(line);
        if (message.Recipient is { } recipient)
        {
            // A private message: [alice to bob], as its sender and recipient were named then.
            return message.Kind == StoredKind.Action
                ? $"{time} [{message.SenderName} to {recipient}] * {text}"
                : $"{time} [{message.SenderName} to {recipient}] {text}";
        }

        return message.Kind switch
        {
            StoredKind.Action => $"{time} [{message.SenderName}] * {text}",
            StoredKind.Topic => $"{time} {message.SenderName} set the topic: {text}",
            _ => $"{time} [{message.SenderName}] {text}",
        };
    }

    /// <summary>
    /// History lines, each marked as such with its time (docs/protocol-plain.md):
    /// <c>* history [2026-11-24 09:15] [alice] hello</c>, then, after a replay on join, where
    /// live chat begins.
    /// </summary>
    private void SendHistory(string room, IReadOnlyList<StoredMessage> messages, bool live)
    {
        if (messages.Count == 0)
        {
            if (!live)
            {
                SendNotice($"no history in {room} yet");
            }

            return;
        }

        SendNotice($"history of {room} ({messages.Count} {(messages.Count == 1 ? "message" : "messages")}):");
        foreach (var message in messages)
        {
            // A multiline message (IRC's draft/multiline) shows as one history line per line.
            foreach (var line in MessageLine.Split(message.Text))
            {
                SendNotice("history " + FormatStored(message, line));
            }
        }

        if (live)
        {
            SendNotice($"--- live chat in {room} from here ---");
        }
    }

    private void SendNotice(string text) => context.SendNotice(text);

    private void SendError(string text) => context.SendError(text);
}
