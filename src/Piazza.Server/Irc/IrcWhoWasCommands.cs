using System.Globalization;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// WHOWAS nick[,nick…] [count] (https://modern.ircdocs.horse/#whowas-message), from the hub's
/// <see cref="Core.WhoWas.WhoWasHistory"/>: per entry, newest first, 314 then 312 (the server, and
/// when the nick was left); 406 for a nick with none; 369 after each nick. A count of 0 or less,
/// or none, lists every entry kept, up to <see cref="IrcOptions.MaxWhoReplies"/> per nick; a nick may be a glob (<c>*ck2</c>). No nick at all is 431.
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state.</remarks>
internal sealed class IrcWhoWasCommands(IIrcCommandContext context)
{
    /// <summary>The most nicks one WHOWAS asks about (as TARGMAX would say; the rest are ignored).</summary>
    public const int MaxTargets = 4;

    /// <summary>WHOWAS nick[,nick…] [count].</summary>
    public ValueTask WhoWasAsync(IrcMessage message)
    {
        if (message.Parameters.Count == 0 || message.Parameters[0].Length == 0)
        {
            context.Numeric(IrcNumerics.ErrNoNicknameGiven, "No nickname given");
            return default;
        }

        // A count that is not a number is as if absent; anything out of int's range is "all".
        // "All" is still at most Irc:MaxWhoReplies entries per nick, as for a masked WHO: a glob
        // over a large history must not become a flood.
        var count = message.Parameters.Count > 1 && int.TryParse(message.Parameters[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
        count = count <= 0 ? context.Irc.MaxWhoReplies : Math.Min(count, context.Irc.MaxWhoReplies);
        foreach (var nick in message.Parameters[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Take(MaxTargets))
        {
            var entries = nick.Length > BanMask.MaxLength ? [] : context.Hub.WhoWas.Find(nick, count);
            if (entries.Count == 0)
            {
                context.Numeric(IrcNumerics.ErrWasNoSuchNick, nick, "There was no such nickname");
            }

            foreach (var entry in entries)
            {
                context.Numeric(IrcNumerics.RplWhoWasUser, entry.Nick, entry.User, entry.Host, "*", entry.RealName);
                context.Numeric(IrcNumerics.RplWhoisServer, entry.Nick, context.Irc.ServerName, entry.LeftAt.UtcDateTime.ToString("ddd MMM d HH:mm:ss yyyy 'UTC'", CultureInfo.InvariantCulture));
            }

            context.Numeric(IrcNumerics.RplEndOfWhoWas, nick, "End of WHOWAS");
        }

        return default;
    }
}
