using System.Globalization;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// STATS (https://modern.ircdocs.horse/#stats-message), docs/protocol-irc.md:
/// <code>
///   STATS u    242 uptime (anyone)
///   STATS m    212 per command that has run: &lt;command&gt; &lt;count&gt; (operators)
///   STATS k|d  216 / 225 per server ban (operators)
/// </code>
/// Every letter, known or not, ends with 219; a letter for operators gets a non-operator 481 alone.
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state (the counts and bans are the server's).</remarks>
internal sealed class IrcStatsCommands(IIrcCommandContext context, IrcCommandCounts counts)
{
    private ChatHub Hub => context.Hub;

    /// <summary>STATS letter.</summary>
    public ValueTask StatsAsync(IrcMessage message)
    {
        var letter = message.Parameters[0];
        switch (letter)
        {
            case "u" or "U":
                var up = Hub.Time.GetUtcNow() - Hub.StartedAt;
                context.Numeric(IrcNumerics.RplStatsUptime, string.Create(CultureInfo.InvariantCulture, $"Server Up {up.Days} days {up.Hours:00}:{up.Minutes:00}:{up.Seconds:00}"));
                break;
            case "m" or "M":
                if (RefusedToNonOperator())
                {
                    return default;
                }

                foreach (var (command, count) in counts.Used())
                {
                    context.Numeric(IrcNumerics.RplStatsCommands, command, count.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case "k" or "K":
                if (RefusedToNonOperator())
                {
                    return default;
                }

                ListBans(ServerBanKind.Mask);
                break;
            case "d" or "D":
                if (RefusedToNonOperator())
                {
                    return default;
                }

                ListBans(ServerBanKind.Address);
                break;
        }

        // A query is one letter; anything longer is echoed as * rather than sent back at length.
        context.Numeric(IrcNumerics.RplEndOfStats, letter.Length == 1 ? letter : "*", "End of /STATS report");
        return default;
    }

    /// <summary>True (and 481 sent) when the asker is no server operator.</summary>
    private bool RefusedToNonOperator()
    {
        if (context.Member.IsServerOperator)
        {
            return false;
        }

        context.Numeric(IrcNumerics.ErrNoPrivileges, IrcOperatorCommands.NotOperator);
        return true;
    }

    private void ListBans(ServerBanKind kind)
    {
        var now = Hub.ServerBans.Now;
        foreach (var ban in Hub.ServerBans.Active.Where(b => b.Kind == kind))
        {
            var left = ban.ExpiresAt is { } end ? Math.Max(1, (long)(end - now).TotalSeconds) : 0;
            context.Numeric(kind == ServerBanKind.Mask ? IrcNumerics.RplStatsKLine : IrcNumerics.RplStatsDLine,
                kind == ServerBanKind.Mask ? "K" : "D", ban.Mask, left.ToString(CultureInfo.InvariantCulture), ban.SetBy, ban.Reason);
        }
    }
}
