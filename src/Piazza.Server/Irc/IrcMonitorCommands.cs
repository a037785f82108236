using System.Globalization;

using Piazza.Core;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// MONITOR: a client's list of nicks to be told about when they come and go
/// (https://ircv3.net/specs/extensions/monitor).
/// <code>
///   MONITOR + nick[,nick…]   add; 730 for those online (nick!user@host), 731 for the others;
///                            past the limit: 734 &lt;limit&gt; &lt;targets not added&gt; :Monitor list is full.
///   MONITOR - nick[,nick…]   remove; no reply
///   MONITOR C                clear; no reply
///   MONITOR L                732 :nick,nick… (as many lines as needed), then 733 :End of MONITOR list
///   MONITOR S                730 / 731 for every nick on the list
/// </code>
/// A target that is not a valid nick (a mask, too long) is not added: 432 names it.
/// </summary>
/// <remarks>
/// Threads: the session's read loop only. The list is the hub's (<see cref="NickWatchers"/>), so
/// notifications cost a lookup; the hub drops it when the client leaves. The replies that report
/// state are written while <paramref name="watcher"/> holds notifications, so one that races with
/// them comes after them (<see cref="IrcMonitorWatcher"/>).
/// </remarks>
internal sealed class IrcMonitorCommands(IIrcCommandContext context, IrcMonitorWatcher watcher)
{
    private ChatHub Hub => context.Hub;

    /// <summary>MONITOR &lt;+|-|C|L|S&gt; [targets].</summary>
    public async ValueTask MonitorAsync(IrcMessage message)
    {
        var modifier = message.Parameters[0];
        switch (modifier)
        {
            case "+" or "-" when message.Parameters.Count < 2 || message.Parameters[1].Length == 0:
                context.Numeric(IrcNumerics.ErrNeedMoreParams, "MONITOR", "Not enough parameters");
                break;
            case "+":
                await AddAsync(message.Parameters[1]);
                break;
            case "-":
                Hub.Unwatch(context.Member, Targets(message.Parameters[1]));
                break;
            case "C" or "c":
                Hub.UnwatchAll(context.Member);
                break;
            case "L" or "l":
                List();
                break;
            case "S" or "s":
                watcher.HoldNotices();
                Status(Hub.Watchers.ListOf(context.Member));
                break;
            default:
                context.Numeric(IrcNumerics.ErrUnknownError, "MONITOR", modifier, "Unknown MONITOR subcommand (one of + - C L S)");
                break;
        }
    }

    /// <summary>
    /// MONITOR + : valid nicks go on the list, in order, until it is full; then the state of those
    /// added (in a cluster, once the nicks new to this node are watched across it: their holders on other nodes are known then).
    /// </summary>
    private async Task AddAsync(string list)
    {
        var targets = Targets(list);
        var valid = new List<string>(targets.Count);
        foreach (var target in targets)
        {
            if (NickName.Validate(target, Hub.Options.MaxNickLength) is null)
            {
                valid.Add(target);
            }
            else
            {
                context.Numeric(IrcNumerics.ErrErroneousNickname, target, "Erroneous nickname");
            }
        }

        watcher.HoldNotices();
        var taken = await Hub.WatchAsync(context.Member, watcher, valid);
        Status(valid.Take(taken));
        if (taken < valid.Count)
        {
            var limit = Hub.Options.MaxMonitoredNicks.ToString(CultureInfo.InvariantCulture);
            var left = string.Join(',', valid.Skip(taken));
            var budget = IrcText.TrailingBudget(context.Irc.ServerName, IrcNumerics.ErrMonListFull, [context.Nick, limit, string.Empty]) - 32;
            context.Numeric(IrcNumerics.ErrMonListFull, limit, CutAtComma(left, budget), "Monitor list is full.");
        }
    }

    /// <summary>MONITOR L: the list in 732 lines that fit, then 733.</summary>
    private void List()
    {
        foreach (var line in Lines(Hub.Watchers.ListOf(context.Member), IrcNumerics.RplMonList))
        {
            Reply(IrcNumerics.RplMonList, line);
        }

        context.Numeric(IrcNumerics.RplEndOfMonList, "End of MONITOR list");
    }

    /// <summary>730 for the nicks held now, on this node or (in a cluster) another (as their holders spell them, with user and host), 731 for the rest (as listed).</summary>
    private void Status(IEnumerable<string> nicks)
    {
        var online = new List<string>();
        var offline = new List<string>();
        foreach (var nick in nicks)
        {
            if (Hub.FindWatched(nick) is { } holder)
            {
                online.Add(IrcMonitorWatcher.Mask(holder.Nick, holder));
            }
            else
            {
                offline.Add(nick);
            }
        }

        foreach (var line in Lines(online, IrcNumerics.RplMonOnline))
        {
            Reply(IrcNumerics.RplMonOnline, line);
        }

        foreach (var line in Lines(offline, IrcNumerics.RplMonOffline))
        {
            Reply(IrcNumerics.RplMonOffline, line);
        }
    }

    /// <summary><c>:server CODE me :list</c>, the list always trailing, as the spec writes these numerics.</summary>
    private void Reply(string numeric, string list)
    {
        var server = context.Irc.ServerName;
        var nick = context.Nick;
        context.Reply(tags => IrcWriter.Format(tags, server, numeric, [nick, list], trailing: true));
    }

    /// <summary><paramref name="items"/> joined with commas into as few lines of <paramref name="numeric"/> as fit 512 bytes.</summary>
    private List<string> Lines(IReadOnlyCollection<string> items, string numeric)
    {
        var budget = IrcText.TrailingBudget(context.Irc.ServerName, numeric, [context.Nick]);
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var item in items)
        {
            if (line.Length > 0 && IrcText.Utf8Length(line.ToString()) + 1 + IrcText.Utf8Length(item) > budget)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? "," : string.Empty).Append(item);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>The comma-separated targets, empty ones dropped.</summary>
    private static List<string> Targets(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary><paramref name="list"/> cut after its last whole item within <paramref name="budget"/> bytes (targets are ASCII nicks).</summary>
    private static string CutAtComma(string list, int budget)
    {
        if (list.Length <= budget)
        {
            return list;
        }

        var comma = list.LastIndexOf(',', Math.Max(0, budget));
        return comma > 0 ? list[..comma] : list[..Math.Max(1, budget)];
    }
}
