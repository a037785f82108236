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
/// Refusals are <c>FAIL</c> whatever the client negotiated.
/// Replies come in a <c>chathistory</c> batch (TARGETS: <c>draft/chathistory-targets</c>),
/// oldest first whatever the subcommand (the spec: "SHOULD be ascending time order ...
/// regardless of the subcommand used"). BETWEEN may name the later point first: the limit
/// then counts back from it. Only channels one is in can be read. A nick target is the
/// conversation between the caller's account and the nick's (<see cref="Conversation"/>): the
/// nick's account when it is online and logged in, else the nick taken as an account's name (as
/// Ergo does); each message goes to the nick it was sent to then. Without an account, or with no
/// such conversation, the batch is empty. TARGETS lists the channels one is in and the
/// conversations one has, whose latest message lies strictly between the two times, by that
/// message's time: ascending when the first timestamp is the earlier, descending otherwise (as
/// Ergo), the limit counted from the first. A conversation is named by the correspondent's nick
/// when they are online, else by their account. Refusals:
/// <code>
///   FAIL CHATHISTORY INVALID_PARAMS subcommand :text
///   FAIL CHATHISTORY INVALID_TARGET subcommand target :text         (a channel one is not in, or not a nick)
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
            Fail("MESSAGE_ERROR", sub == "TARGETS" ? [sub] : [sub, p[1]], "History is off on this server");
            return;
        }

        var limitText = p[^1];
        if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit <= 0)
        {
            Fail("INVALID_PARAMS", [sub], "The limit must be a positive number");
            return;
        }

        limit = Math.Min(limit, history.MaxQuery);
        if (sub == "TARGETS")
        {
            await TargetsAsync(store, p, limit);
            return;
        }

        var target = p[1];
        string key;
        string linesTarget;
        if (target.StartsWith('#'))
        {
            if (IrcChannels.Find(context.Hub, target) is not { } room || !room.Contains(context.Member))
            {
                Fail("INVALID_TARGET", [sub, target], $"You cannot read the history of {target}");
                return;
            }

            key = room.Name;
            linesTarget = IrcEventEncoder.Channel(room);
        }
        else if (NickName.Validate(target, context.Hub.Options.MaxNickLength) is not null)
        {
            Fail("INVALID_TARGET", [sub, target], $"{target} is neither a channel nor a nick");
            return;
        }
        else
        {
            key = ConversationWith(target) ?? string.Empty;
            linesTarget = target;
        }

        if (ParseReferences(sub, p) is not { } points)
        {
            Fail("INVALID_PARAMS", [sub], $"Bad CHATHISTORY {sub} parameters");
            return;
        }

        if (key.Length == 0)
        {
            // Not logged in: there is no conversation to read.
            lines.Send(linesTarget, [], "chathistory");
            return;
        }

        IReadOnlyList<StoredMessage> found;
        try
        {
            // A msgid the room does not have is an error, not a point past its end (as the
            // store's queries would take it): the client is told rather than given nothing.
            foreach (var point in points)
            {
                if (point.MessageId is { } id && !await store.ContainsAsync(key, id))
                {
                    Fail("INVALID_MSGREFTOKEN", [sub, target], $"{target} has no message {id}");
                    return;
                }
            }

            found = await Query(store, sub, points, key, limit);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail("MESSAGE_ERROR", [sub, target], "History could not be read just now");
            return;
        }

        lines.Send(linesTarget, found, "chathistory");
    }

    /// <summary>
    /// The key of the conversation between the caller's account and <paramref name="nick"/>'s: the
    /// account the nick is logged in to when it is online, else the nick as an account's name.
    /// Null when the caller is not logged in.
    /// </summary>
    private string? ConversationWith(string nick)
    {
        if (context.Member.Account is not { } mine)
        {
            return null;
        }

        var theirs = context.Hub.FindNick(nick) is { Account: { } account } ? account : nick;
        return Conversation.Key(mine, theirs);
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
    /// CHATHISTORY TARGETS: the channels one is in and the conversations of one's account whose
    /// latest message lies between two times, merged by that time (see the class's summary).
    /// </summary>
    private async ValueTask TargetsAsync(IMessageStore store, IReadOnlyList<string> p, int limit)
    {
        if (p.Count != 4 || !TryPoint(p[1], out var first) || !TryPoint(p[2], out var second) || first.MessageId is not null || second.MessageId is not null)
        {
            Fail("INVALID_PARAMS", ["TARGETS"], "TARGETS takes two timestamps and a limit");
            return;
        }

        var newestFirst = first.Time > second.Time;
        var (after, before) = newestFirst ? (second.Time, first.Time) : (first.Time, second.Time);
        var mine = context.Member.Rooms.Select(r => r.Name).ToHashSet(RoomName.Comparer);
        var account = context.Member.Account;
        List<(string Name, DateTimeOffset Latest)> targets;
        try
        {
            targets = [.. (await store.TargetsAsync(after, before, limit, newestFirst)).Where(t => mine.Contains(t.Room)).Select(t => ("#" + t.Room, t.Latest))];
            if (account is not null)
            {
                foreach (var (conversation, latest) in await store.ConversationsAsync(account, after, before, limit, newestFirst))
                {
                    if (Conversation.Other(conversation, account) is { } other)
                    {
                        targets.Add((Correspondent(account, other), latest));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail("MESSAGE_ERROR", ["TARGETS"], "History could not be read just now");
            return;
        }

        // Both lists come in the order asked; a stable sort merges them.
        var merged = newestFirst ? targets.OrderByDescending(t => t.Latest) : targets.OrderBy(t => t.Latest);
        var reference = context.Caps.Has(IrcCaps.Batch) ? context.NextBatchReference('H') : null;
        if (reference is not null)
        {
            context.ServerReply("BATCH", "+" + reference, "draft/chathistory-targets");
        }

        var serverName = context.Irc.ServerName;
        foreach (var (name, latest) in merged.Take(limit))
        {
            var batchTag = reference is null ? null : "batch=" + reference;
            context.Reply(extra => IrcWriter.Format(extra ?? batchTag, serverName, "CHATHISTORY", ["TARGETS", name, IrcServerTime.Format(latest)]));
        }

        if (reference is not null)
        {
            context.ServerReply("BATCH", "-" + reference);
        }
    }

    /// <summary>
    /// How TARGETS names a conversation with <paramref name="other"/> (an account, lower case): the
    /// nick of one of its connections (one's own for a conversation with oneself), else the account,
    /// which CHATHISTORY then takes as an account's name. A scan of the members per conversation
    /// listed, as <see cref="ChatHub.OtherSessionsOf"/> is: TARGETS is asked on connecting, not per message.
    /// </summary>
    private string Correspondent(string account, string other) =>
        NickName.Comparer.Equals(account, other) ? context.Member.Nick
        : context.Hub.OtherSessionsOf(other, context.Member).FirstOrDefault()?.Nick ?? other;

    /// <summary>
    /// A refusal, always as <c>FAIL</c>, with or without standard-replies: the draft specifies its
    /// errors so, and clients (irctest's testInvalidTargets) wait for one (as REDACT's).
    /// </summary>
    private void Fail(string code, string[] parameters, string description) =>
        context.ServerReply("FAIL", ["CHATHISTORY", code, .. parameters.Select(IrcText.ForEcho), description]);

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
