using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// A multiline message (<see cref="ChatEvent.Lines"/>) as IRC lines
/// (https://ircv3.net/specs/extensions/multiline):
/// <code>
///   with draft/multiline   @time=…;msgid=… :src BATCH +&lt;msgid&gt; draft/multiline &lt;target&gt;
///                          @batch=&lt;msgid&gt;[;draft/multiline-concat] :src PRIVMSG &lt;target&gt; :line   (each line as sent)
///                          :src BATCH -&lt;msgid&gt;
///   without                one PRIVMSG per line that is not blank, cut to fit 512 bytes; the first
///                          carries the msgid, all carry the message's time (and, for message-tags
///                          clients, its client-only tags, as the BATCH + line does)
/// </code>
/// The batch is named by the message's msgid: unique, so it never meets another batch of the
/// connection's.
/// </summary>
/// <remarks>
/// Not cached on the event (its encoder slots are the one-line variants'): multiline messages
/// are rare, and encoded once per receiver.
/// </remarks>
internal static class IrcMultilineEncoder
{
    /// <summary>The lines for a receiver; <paramref name="extraTags"/> (a label) goes on the first.</summary>
    public static byte[] Encode(ChatEvent chatEvent, IrcTagMode mode, bool multiline, bool accountTag, string? extraTags = null)
    {
        var source = IrcEventEncoder.SourceOf(chatEvent);
        var target = chatEvent.RoomName is { } room ? IrcEventEncoder.Channel(room) : chatEvent.TargetNick!;
        var command = chatEvent.Style == MessageStyle.Notice ? "NOTICE" : "PRIVMSG";
        var lines = new List<byte[]>(chatEvent.Lines.Count + 2);
        if (multiline)
        {
            var reference = chatEvent.MessageId;
            lines.Add(IrcWriter.Format(IrcEventEncoder.TagsFor(chatEvent, mode, accountTag, extraTags), source, "BATCH", ["+" + reference, IrcMultilineCommands.BatchType, target]));
            foreach (var line in chatEvent.Lines)
            {
                var tags = "batch=" + reference + (line.Concat ? ";" + IrcMultilineBatch.ConcatTag : string.Empty);
                lines.Add(IrcWriter.Format(tags, source, command, [target, line.Text], trailing: true));
            }

            lines.Add(IrcWriter.Format(null, source, "BATCH", ["-" + reference]));
        }
        else
        {
            var budget = Math.Max(64, IrcText.TrailingBudget(source, command, [target]));
            var first = IrcEventEncoder.TagsFor(chatEvent, mode, accountTag, extraTags);
            var rest = IrcEventEncoder.FollowingLineTags(chatEvent, mode);
            foreach (var line in chatEvent.Lines)
            {
                foreach (var piece in line.Text.Length == 0 ? [] : IrcText.Split(line.Text, budget))
                {
                    lines.Add(IrcWriter.Format(lines.Count == 0 ? first : rest, source, command, [target, piece], trailing: true));
                }
            }
        }

        return [.. lines.SelectMany(l => l)];
    }
}
