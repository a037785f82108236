using System.Globalization;

using Piazza.Core;
using Piazza.Core.History;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// Stored messages as IRC lines, with their original time and msgid: what CHATHISTORY answers and
/// what a join replays (<see cref="IrcHistoryCommands"/>, <see cref="IrcJoinReplay"/>).
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state.</remarks>
internal sealed class IrcHistoryLines(IIrcCommandContext context)
{
    /// <summary>
    /// Sends <paramref name="messages"/> to <paramref name="target"/>'s window; in a batch of
    /// <paramref name="batchType"/> when given (and the client has batch), always for CHATHISTORY.
    /// </summary>
    public void Send(string target, IReadOnlyList<StoredMessage> messages, string? batchType)
    {
        if (batchType is null && messages.Count == 0)
        {
            return;
        }

        string? reference = null;
        if (batchType is not null && context.Caps.Has(IrcCaps.Batch))
        {
            reference = context.NextBatchReference('H');
            context.ServerReply("BATCH", "+" + reference, batchType, target);
        }

        var mode = context.Caps.TagMode;
        foreach (var message in messages)
        {
            var tags = StoredTags(message, mode, reference);
            var (command, text) = message.Kind switch
            {
                StoredKind.Action => ("PRIVMSG", IrcCtcp.Action(message.Text)),
                StoredKind.Notice => ("NOTICE", message.Text),
                StoredKind.Topic => ("TOPIC", message.Text),
                _ => ("PRIVMSG", message.Text),
            };
            // A multiline message (stored with its line breaks) goes as one line per line, as to a
            // client without draft/multiline: the msgid on the first, the time on all.
            var rest = StoredTags(message, mode == IrcTagMode.None ? IrcTagMode.None : IrcTagMode.Time, reference);
            var first = true;
            foreach (var line in MessageLine.Split(text))
            {
                if (line.Length == 0 && !first)
                {
                    continue;
                }

                var lineTags = first ? tags : rest;
                first = false;
                context.Reply(extra => IrcWriter.Format(extra is null ? lineTags : lineTags is null ? extra : extra + ";" + lineTags, message.SenderMask, command, [target, line], trailing: true));
            }
        }

        if (reference is not null)
        {
            context.ServerReply("BATCH", "-" + reference);
        }
    }

    private static string? StoredTags(StoredMessage message, IrcTagMode mode, string? batch)
    {
        var tags = mode switch
        {
            IrcTagMode.None => null,
            IrcTagMode.Time => "time=" + IrcServerTime.Format(message.Time),
            _ => "time=" + IrcServerTime.Format(message.Time) + ";msgid=" + IrcTagEscaping.Escape(message.MessageId),
        };
        return batch is null ? tags : tags is null ? "batch=" + batch : "batch=" + batch + ";" + tags;
    }
}
