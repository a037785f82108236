using System.Globalization;

using Piazza.Core;
using Piazza.Core.History;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

internal sealed partial class IrcSession
{
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
    /// Replies come in a <c>chathistory</c> batch (TARGETS: <c>draft/chathistory-targets</c>).
    /// Only channels one is in can be read; private messages are not stored, so a nick target
    /// gets an empty batch.
    /// </summary>
    internal void ChatHistory(IrcMessage message)
    {
        if (Hub.History is not { } store)
        {
            Fail("CHATHISTORY", "MESSAGE_ERROR", "History is off on this server");
            return;
        }

        var p = message.Parameters;
        var sub = p[0].ToUpperInvariant();
        var limitText = p[^1];
        if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit <= 0)
        {
            Fail("CHATHISTORY", "INVALID_PARAMS", "The limit must be a positive number");
            return;
        }

        limit = Math.Min(limit, _history.MaxQuery);
        if (sub == "TARGETS")
        {
            HistoryTargets(store, p, limit);
            return;
        }

        var target = p[1];
        if (!target.StartsWith('#'))
        {
            SendStored(target, [], "chathistory");
            return;
        }

        if (FindChannel(target) is not { } room || !room.Contains(Member))
        {
            Fail("CHATHISTORY", "INVALID_TARGET", $"You cannot read the history of {target}");
            return;
        }

        IReadOnlyList<StoredMessage>? found;
        try
        {
            found = Query(store, sub, p, room.Name, limit);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail("CHATHISTORY", "MESSAGE_ERROR", "History could not be read just now");
            return;
        }

        if (found is null)
        {
            Fail("CHATHISTORY", "INVALID_PARAMS", $"Bad CHATHISTORY {sub} parameters");
            return;
        }

        SendStored(IrcEventEncoder.Channel(room), found, "chathistory");
    }

    /// <summary>Runs one CHATHISTORY query; null when its parameters are wrong.</summary>
    private static IReadOnlyList<StoredMessage>? Query(IMessageStore store, string sub, IReadOnlyList<string> p, string room, int limit) =>
        // The stores read synchronously underneath (SQLite); waiting here keeps replies in order.
        (sub, p.Count) switch
        {
            ("LATEST", 4) when p[2] == "*" => store.LatestAsync(room, limit).GetAwaiter().GetResult(),
            ("LATEST", 4) when TryPoint(p[2], out var after) => store.AfterAsync(room, after, int.MaxValue).GetAwaiter().GetResult().TakeLast(limit).ToList(),
            ("BEFORE", 4) when TryPoint(p[2], out var point) => store.BeforeAsync(room, point, limit).GetAwaiter().GetResult(),
            ("AFTER", 4) when TryPoint(p[2], out var point) => store.AfterAsync(room, point, limit).GetAwaiter().GetResult(),
            ("AROUND", 4) when TryPoint(p[2], out var point) => store.AroundAsync(room, point, limit).GetAwaiter().GetResult(),
            ("BETWEEN", 5) when TryPoint(p[2], out var first) && TryPoint(p[3], out var last) => Between(store, room, first, last, limit),
            _ => null,
        };

    /// <summary>What to replay to a client joining <paramref name="channel"/> that does not fetch history itself.</summary>
    private IReadOnlyList<StoredMessage> ReplayFor(string channel)
    {
        if (Hub.History is not { } store || _caps.HasFlag(IrcCaps.ChatHistory) || _history.ReplayOnJoin <= 0
            || Hub.FindRoom(channel)?.Contains(Member) == true
            || RoomName.Validate(channel, Options.MaxRoomNameLength, out var name) is not null)
        {
            return [];
        }

        try
        {
            return store.LatestAsync(name, _history.ReplayOnJoin).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return [];
        }
    }

    /// <summary>
    /// Stored messages as IRC lines with their original time and msgid; in a batch of
    /// <paramref name="batchType"/> when given (and the client has batch), always for CHATHISTORY.
    /// </summary>
    private void SendStored(string target, IReadOnlyList<StoredMessage> messages, string? batchType)
    {
        if (batchType is null && messages.Count == 0)
        {
            return;
        }

        string? reference = null;
        if (batchType is not null && _caps.HasFlag(IrcCaps.Batch))
        {
            reference = "H" + (++_nextBatch).ToString(CultureInfo.InvariantCulture);
            ServerReply("BATCH", "+" + reference, batchType, target);
        }

        var mode = TagMode;
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
            Reply(extra => IrcWriter.Format(extra is null ? tags : tags is null ? extra : extra + ";" + tags, message.SenderMask, command, [target, text], trailing: true));
        }

        if (reference is not null)
        {
            ServerReply("BATCH", "-" + reference);
        }
    }

    private void HistoryTargets(IMessageStore store, IReadOnlyList<string> p, int limit)
    {
        if (p.Count != 4 || !TryPoint(p[1], out var first) || !TryPoint(p[2], out var second) || first.MessageId is not null || second.MessageId is not null)
        {
            Fail("CHATHISTORY", "INVALID_PARAMS", "TARGETS takes two timestamps and a limit");
            return;
        }

        var (after, before) = first.Time <= second.Time ? (first.Time, second.Time) : (second.Time, first.Time);
        var mine = Member.Rooms.Select(r => r.Name).ToHashSet(RoomName.Comparer);
        IEnumerable<(string Room, DateTimeOffset Latest)> targets;
        try
        {
            targets = [.. store.TargetsAsync(after, before, limit).GetAwaiter().GetResult().Where(t => mine.Contains(t.Room))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail("CHATHISTORY", "MESSAGE_ERROR", "History could not be read just now");
            return;
        }

        var reference = _caps.HasFlag(IrcCaps.Batch) ? "H" + (++_nextBatch).ToString(CultureInfo.InvariantCulture) : null;
        if (reference is not null)
        {
            ServerReply("BATCH", "+" + reference, "draft/chathistory-targets");
        }

        foreach (var (room, latest) in targets)
        {
            var batchTag = reference is null ? null : "batch=" + reference;
            Reply(extra => IrcWriter.Format(extra ?? batchTag, ServerName, "CHATHISTORY", ["TARGETS", "#" + room, Timestamp(latest)]));
        }

        if (reference is not null)
        {
            ServerReply("BATCH", "-" + reference);
        }
    }

    private static IReadOnlyList<StoredMessage> Between(IMessageStore store, string room, HistoryPoint first, HistoryPoint last, int limit)
    {
        // BETWEEN may name its bounds newest first: then it reads backwards from the first.
        var backwards = first.MessageId is null && last.MessageId is null && first.Time > last.Time;
        return backwards
            ? [.. store.BetweenAsync(room, last, first, int.MaxValue).GetAwaiter().GetResult().TakeLast(limit)]
            : store.BetweenAsync(room, first, last, limit).GetAwaiter().GetResult();
    }

    private static string? StoredTags(StoredMessage message, IrcTagMode mode, string? batch)
    {
        var tags = mode switch
        {
            IrcTagMode.None => null,
            IrcTagMode.Time => "time=" + Timestamp(message.Time),
            _ => "time=" + Timestamp(message.Time) + ";msgid=" + IrcTagEscaping.Escape(message.MessageId),
        };
        return batch is null ? tags : tags is null ? "batch=" + batch : "batch=" + batch + ";" + tags;
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

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
            && DateTimeOffset.TryParse(text[10..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            point = HistoryPoint.AtTime(time);
            return true;
        }

        return false;
    }
}
