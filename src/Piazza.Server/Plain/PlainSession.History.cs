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

        var messages = await ReadHistoryAsync(room.Name, Math.Min(count, HistoryOptions.MaxQuery));
        SendHistory(room.Name, messages, live: false);
        return null;
    }

    /// <summary>The last <paramref name="count"/> messages of a room; none when history is off or failing.</summary>
    private async ValueTask<IReadOnlyList<StoredMessage>> ReadHistoryAsync(string room, int count)
    {
        if (Hub.History is not { } store || count <= 0)
        {
            return [];
        }

        try
        {
            // Reads see committed messages only: flush first, so nothing said in the last commit
            // interval falls between the replay and live chat.
            await store.FlushAsync();
            return await store.LatestAsync(room, count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A broken store must not break joining: the client just sees no history.
            LogHistoryReadFailed(Logger, room, ex);
            return [];
        }
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

    [LoggerMessage(EventId = 12, EventName = "HistoryReadFailed", Level = LogLevel.Warning, Message = "Reading the history of {Room} failed; the client sees none")]
    private static partial void LogHistoryReadFailed(ILogger logger, string room, Exception error);
}
