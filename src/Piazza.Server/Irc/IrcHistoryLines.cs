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
    /// A private message goes, as it did live, to the nick it was sent to (<see cref="StoredMessage.Recipient"/>).
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
            var (command, action) = message.Kind switch
            {
                StoredKind.Action => ("PRIVMSG", true),
                StoredKind.Notice => ("NOTICE", false),
                StoredKind.Topic => ("TOPIC", false),
                _ => ("PRIVMSG", false),
            };
            // A multiline message (stored with its line breaks) goes as one line per line, as to a
            // client without draft/multiline: the msgid on the first, the time on all. A line longer
            // than an IRC line allows once the source is added (a plain user's long line; history
            // keeps the whole text of an IRC one, which live IRC readers saw cut) is split, as a
            // live plain message is, so no line sent passes 512 bytes.
            var rest = StoredTags(message, mode == IrcTagMode.None ? IrcTagMode.None : IrcTagMode.Time, reference);
            var to = message.Recipient ?? target;
            var budget = Math.Max(64, IrcText.TrailingBudget(message.SenderMask, command, [to]) - (action ? 9 : 0));
            var first = true;
            foreach (var line in MessageLine.Split(message.Text))
            {
                if (line.Length == 0 && !first)
                {
                    continue;
                }

                foreach (var piece in line.Length == 0 ? [line] : IrcText.Split(line, budget))
                {
                    var lineTags = first ? tags : rest;
                    var text = action ? IrcCtcp.Action(piece) : piece;
                    first = false;
                    context.Reply(extra => IrcWriter.Format(extra is null ? lineTags : lineTags is null ? extra : extra + ";" + lineTags, message.SenderMask, command, [to, text], trailing: true));
                }
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
