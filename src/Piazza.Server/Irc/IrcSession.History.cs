using System.Diagnostics;
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
    internal async ValueTask ChatHistoryAsync(IrcMessage message)
    {
        var p = message.Parameters;
        var sub = p[0].ToUpperInvariant();
        if (Hub.History is not { } store)
        {
            Fail("CHATHISTORY", "MESSAGE_ERROR", sub == "TARGETS" ? [sub] : [sub, p[1]], "History is off on this server");
            return;
        }

        var limitText = p[^1];
        if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit <= 0)
        {
            Fail("CHATHISTORY", "INVALID_PARAMS", [sub], "The limit must be a positive number");
            return;
        }

        limit = Math.Min(limit, _history.MaxQuery);
        if (sub == "TARGETS")
        {
            await HistoryTargetsAsync(store, p, limit);
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
            Fail("CHATHISTORY", "INVALID_TARGET", [sub, target], $"You cannot read the history of {target}");
            return;
        }

        if (ParseReferences(sub, p) is not { } points)
        {
            Fail("CHATHISTORY", "INVALID_PARAMS", [sub], $"Bad CHATHISTORY {sub} parameters");
            return;
        }

        IReadOnlyList<StoredMessage> found;
        try
        {
            // A msgid the room does not have is an error, not a point past its end (as the
            // store's queries would take it): the client is told rather than given nothing.
            // Awaited by the read loop, so replies stay in the order of the commands.
            foreach (var point in points)
            {
                if (point.MessageId is { } id && !await store.ContainsAsync(room.Name, id))
                {
                    Fail("CHATHISTORY", "INVALID_MSGREFTOKEN", [sub, target], $"{target} has no message {id}");
                    return;
                }
            }

            found = await Query(store, sub, points, room.Name, limit);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail("CHATHISTORY", "MESSAGE_ERROR", [sub, target], "History could not be read just now");
            return;
        }

        SendStored(IrcEventEncoder.Channel(room), found, "chathistory");
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

    /// <summary>
    /// Whether a client joining <paramref name="channel"/> is replayed its history: history is on,
    /// the client does not fetch it itself (draft/chathistory), and it is not in the room yet.
    /// </summary>
    private bool WantsReplay(string channel, out string? name)
    {
        name = null;
        return Hub.History is not null && !_caps.Has(IrcCaps.ChatHistory) && _history.ReplayOnJoin > 0
            && Hub.FindRoom(channel)?.Contains(Member) != true
            && RoomName.Validate(channel, Options.MaxRoomNameLength, out name) is null;
    }

    /// <summary>
    /// Ends the hold <see cref="Sessions.LineSession.Replay"/> put on <paramref name="name"/> before
    /// joining it: the room's recent history when the client <paramref name="entered"/> it, then what
    /// the room delivered meanwhile.
    /// </summary>
    private async ValueTask ReplayAsync(string name, Room? entered)
    {
        await Replay.FinishAsync(name, entered is null ? 0 : _history.ReplayOnJoin, earlier =>
        {
            if (entered is not null)
            {
                SendStored(IrcEventEncoder.Channel(entered), earlier, batchType: null);
            }
        });
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
        if (batchType is not null && _caps.Has(IrcCaps.Batch))
        {
            reference = _replies.NextBatchReference('H');
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

    private async ValueTask HistoryTargetsAsync(IMessageStore store, IReadOnlyList<string> p, int limit)
    {
        if (p.Count != 4 || !TryPoint(p[1], out var first) || !TryPoint(p[2], out var second) || first.MessageId is not null || second.MessageId is not null)
        {
            Fail("CHATHISTORY", "INVALID_PARAMS", ["TARGETS"], "TARGETS takes two timestamps and a limit");
            return;
        }

        var (after, before) = first.Time <= second.Time ? (first.Time, second.Time) : (second.Time, first.Time);
        var mine = Member.Rooms.Select(r => r.Name).ToHashSet(RoomName.Comparer);
        IEnumerable<(string Room, DateTimeOffset Latest)> targets;
        try
        {
            targets = [.. (await store.TargetsAsync(after, before, limit)).Where(t => mine.Contains(t.Room))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail("CHATHISTORY", "MESSAGE_ERROR", ["TARGETS"], "History could not be read just now");
            return;
        }

        var reference = _caps.Has(IrcCaps.Batch) ? _replies.NextBatchReference('H') : null;
        if (reference is not null)
        {
            ServerReply("BATCH", "+" + reference, "draft/chathistory-targets");
        }

        foreach (var (room, latest) in targets)
        {
            var batchTag = reference is null ? null : "batch=" + reference;
            Reply(extra => IrcWriter.Format(extra ?? batchTag, ServerName, "CHATHISTORY", ["TARGETS", "#" + room, IrcServerTime.Format(latest)]));
        }

        if (reference is not null)
        {
            ServerReply("BATCH", "-" + reference);
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
