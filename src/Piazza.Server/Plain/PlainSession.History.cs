using System.Globalization;

using Piazza.Core;
using Piazza.Core.History;
using Piazza.Protocol.Irc;
using Piazza.Protocol.Line;

namespace Piazza.Server.Plain;

internal sealed partial class PlainSession
{
    private const int DefaultHistoryRequest = 20;

    /// <summary>
    /// <c>/history [N]</c>: the current room's last N messages (default 20, at most
    /// <see cref="HistoryOptions.MaxQuery"/>).
    /// </summary>
    private async ValueTask<string?> ShowHistoryAsync(LineCommand command)
    {
        if (Member.CurrentRoom is not { } room)
        {
            SendError("you are in no room; /join ROOM first");
            return null;
        }

        if (Hub.History is null)
        {
            SendError("history is off on this server");
            return null;
        }

        var count = DefaultHistoryRequest;
        if (command.Text.Length > 0 && (!int.TryParse(command.Text, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count <= 0))
        {
            SendError("usage: /history [N] (N: how many messages, 1 or more)");
            return null;
        }

        var messages = await Replay.ReadLatestAsync(room.Name, Math.Min(count, HistoryOptions.MaxQuery));
        SendHistory(room.Name, messages, live: false);
        return null;
    }

    /// <summary>
    /// Ends the hold <see cref="LineSession.Replay"/> put on <paramref name="room"/> before joining
    /// it: when the client <paramref name="entered"/> it, the room's recent history and where live
    /// chat begins; then what the room delivered meanwhile.
    /// </summary>
    private async ValueTask ReplayAsync(string room, bool entered)
    {
        await Replay.FinishAsync(room, entered ? HistoryOptions.ReplayOnJoin : 0, earlier =>
        {
            if (entered)
            {
                SendHistory(room, earlier, live: true);
            }
        });
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
            SendNotice("history " + FormatStored(message));
        }

        if (live)
        {
            SendNotice($"--- live chat in {room} from here ---");
        }
    }

    private static string FormatStored(StoredMessage message)
    {
        var time = message.Time.UtcDateTime.ToString("'['yyyy-MM-dd HH:mm']'", CultureInfo.InvariantCulture);
        var text = IrcFormatting.StripForPlainText(message.Text);
        return message.Kind switch
        {
            StoredKind.Action => $"{time} [{message.SenderName}] * {text}",
            StoredKind.Topic => $"{time} {message.SenderName} set the topic: {text}",
            _ => $"{time} [{message.SenderName}] {text}",
        };
    }
}
