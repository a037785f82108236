using System.Diagnostics;
using System.Globalization;

using Piazza.Core;
using Piazza.Core.History;
using Piazza.Protocol.Irc;
using Piazza.Server.History;

namespace Piazza.Server.Irc;

/// <summary>
/// CHATHISTORY (https://ircv3.net/specs/extensions/chathistory):
/// <code>
///   CHATHISTORY LATEST  target ( "*" / ref ) limit
///   CHATHISTORY BEFORE  target ref limit
///   CHATHISTORY AFTER   target ref limit
///   CHATHISTORY AROUND  target ref limit
///   CHATHISTORY BETWEEN target ref ref limit
///   CHATHISTORY TARGETS timestamp=… timestamp=… limit
///   ref = "msgid=" id / "timestamp=" YYYY-MM-DDThh:mm:ss.sssZ
/// </code>
/// Replies come in a <c>chathistory</c> batch (TARGETS: <c>draft/chathistory-targets</c>),
/// oldest first whatever the subcommand (the spec: "SHOULD be ascending time order ...
/// regardless of the subcommand used"). BETWEEN may name the later point first: the limit
/// then counts back from it. Only channels one is in can be read; private messages are not
/// stored, so a nick target gets an empty batch. Refusals:
/// <code>
///   FAIL CHATHISTORY INVALID_PARAMS subcommand :text
///   FAIL CHATHISTORY INVALID_TARGET subcommand target :text
///   FAIL CHATHISTORY INVALID_MSGREFTOKEN subcommand target :text   (a msgid not of the target's messages)
///   FAIL CHATHISTORY MESSAGE_ERROR subcommand target :text         (history off, or the store failed)
/// </code>
/// </summary>
/// <remarks>Threads: the session's read loop only, which awaits the store, so replies keep the order of the commands.</remarks>
internal sealed class IrcHistoryCommands(IIrcCommandContext context, HistoryOptions history, IrcHistoryLines lines)
{
    /// <summary>CHATHISTORY subcommand …: one of the forms above.</summary>
    public async ValueTask ChatHistoryAsync(IrcMessage message)
    {
        var p = message.Parameters;
        var sub = p[0].ToUpperInvariant();
        if (context.Hub.History is not { } store)
        {
            context.Fail("CHATHISTORY", "MESSAGE_ERROR", sub == "TARGETS" ? [sub] : [sub, p[1]], "History is off on this server");
            return;
        }

        var limitText = p[^1];
        if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit <= 0)
        {
            context.Fail("CHATHISTORY", "INVALID_PARAMS", [sub], "The limit must be a positive number");
            return;
        }

        limit = Math.Min(limit, history.MaxQuery);
        if (sub == "TARGETS")
        {
            await TargetsAsync(store, p, limit);
            return;
        }

        var target = p[1];
        if (!target.StartsWith('#'))
        {
            lines.Send(target, [], "chathistory");
            return;
        }

        if (IrcChannels.Find(context.Hub, target) is not { } room || !room.Contains(context.Member))
        {
            context.Fail("CHATHISTORY", "INVALID_TARGET", [sub, target], $"You cannot read the history of {target}");
            return;
        }

        if (ParseReferences(sub, p) is not { } points)
        {
            context.Fail("CHATHISTORY", "INVALID_PARAMS", [sub], $"Bad CHATHISTORY {sub} parameters");
            return;
        }

        IReadOnlyList<StoredMessage> found;
        try
        {
            // A msgid the room does not have is an error, not a point past its end (as the
            // store's queries would take it): the client is told rather than given nothing.
            foreach (var point in points)
            {
                if (point.MessageId is { } id && !await store.ContainsAsync(room.Name, id))
                {
                    context.Fail("CHATHISTORY", "INVALID_MSGREFTOKEN", [sub, target], $"{target} has no message {id}");
                    return;
                }
            }

            found = await Query(store, sub, points, room.Name, limit);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Fail("CHATHISTORY", "MESSAGE_ERROR", [sub, target], "History could not be read just now");
            return;
        }

        lines.Send(IrcEventEncoder.Channel(room), found, "chathistory");
    }

    /// <summary>The references of a CHATHISTORY query (none for <c>LATEST *</c>); null when its parameters are wrong.</summary>
    private static HistoryPoint[]? ParseReferences(string sub, IReadOnlyList<string> p) =>
        (sub, p.Count) switch
        {
            ("LATEST", 4) when p[2] == "*" => [],
            ("LATEST" or "BEFORE" or "AFTER" or "AROUND", 4) when TryPoint(p[2], out var point) => [point],
            ("BETWEEN", 5) when TryPoint(p[2], out var first) && TryPoint(p[3], out var last) => [first, last],
            _ => null,
        };

    /// <summary>Runs a CHATHISTORY query whose references <see cref="ParseReferences"/> read.</summary>
    private static Task<IReadOnlyList<StoredMessage>> Query(IMessageStore store, string sub, HistoryPoint[] points, string room, int limit) =>
        (sub, points) switch
        {
            ("LATEST", []) => store.LatestAsync(room, limit),

            // The newest messages after the point: BETWEEN counting back from past the end.
            ("LATEST", [var after]) => store.BetweenAsync(room, HistoryPoint.AtTime(DateTimeOffset.MaxValue), after, limit),
            ("BEFORE", [var point]) => store.BeforeAsync(room, point, limit),
            ("AFTER", [var point]) => store.AfterAsync(room, point, limit),
            ("AROUND", [var point]) => store.AroundAsync(room, point, limit),
            ("BETWEEN", [var first, var last]) => store.BetweenAsync(room, first, last, limit),
            _ => throw new UnreachableException($"not a query ParseReferences accepts: {sub} with {points.Length} references"),
        };

    /// <summary>CHATHISTORY TARGETS: the channels one is in that had messages between two times, newest activity first.</summary>
    private async ValueTask TargetsAsync(IMessageStore store, IReadOnlyList<string> p, int limit)
    {
        if (p.Count != 4 || !TryPoint(p[1], out var first) || !TryPoint(p[2], out var second) || first.MessageId is not null || second.MessageId is not null)
        {
            context.Fail("CHATHISTORY", "INVALID_PARAMS", ["TARGETS"], "TARGETS takes two timestamps and a limit");
            return;
        }

        var (after, before) = first.Time <= second.Time ? (first.Time, second.Time) : (second.Time, first.Time);
        var mine = context.Member.Rooms.Select(r => r.Name).ToHashSet(RoomName.Comparer);
        IEnumerable<(string Room, DateTimeOffset Latest)> targets;
        try
        {
            targets = [.. (await store.TargetsAsync(after, before, limit)).Where(t => mine.Contains(t.Room))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Fail("CHATHISTORY", "MESSAGE_ERROR", ["TARGETS"], "History could not be read just now");
            return;
        }

        var reference = context.Caps.Has(IrcCaps.Batch) ? context.NextBatchReference('H') : null;
        if (reference is not null)
        {
            context.ServerReply("BATCH", "+" + reference, "draft/chathistory-targets");
        }

        var serverName = context.Irc.ServerName;
        foreach (var (room, latest) in targets)
        {
            var batchTag = reference is null ? null : "batch=" + reference;
            context.Reply(extra => IrcWriter.Format(extra ?? batchTag, serverName, "CHATHISTORY", ["TARGETS", "#" + room, IrcServerTime.Format(latest)]));
        }

        if (reference is not null)
        {
            context.ServerReply("BATCH", "-" + reference);
        }
    }

    /// <summary>Reads <c>msgid=…</c> or <c>timestamp=…</c>.</summary>
    private static bool TryPoint(string text, out HistoryPoint point)
    {
        point = default;
        if (text.StartsWith("msgid=", StringComparison.Ordinal) && text.Length > 6)
        {
            point = HistoryPoint.AtMessage(text[6..]);
            return true;
        }

        if (text.StartsWith("timestamp=", StringComparison.Ordinal)
            && IrcServerTime.TryParse(text[10..], out var time))
        {
            point = HistoryPoint.AtTime(time);
            return true;
        }

        return false;
    }
}
