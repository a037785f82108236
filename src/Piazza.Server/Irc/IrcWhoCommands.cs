using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Irc;

namespace Piazza.Server.Irc;

/// <summary>
/// WHO (https://modern.ircdocs.horse/#who-message) and its WHOX form
/// (https://ircv3.net/specs/extensions/whox):
/// <code>
///   WHO [mask [flags][%fields[,token]]]
///   mask   = #channel                  its members (invisible ones only to those inside)
///          / nick                      that nick, invisible or not
///          / "*" / "0" / none          everyone visible
///          / nick!user@host glob       everyone visible whose nick!user@host matches
///          / glob                      everyone visible whose nick, user, host, real name or server matches
///   flags  = "o"                       server operators only
///   fields = any of t c u i h s n f d l a o r: 354 with those, in that order, instead of 352
/// </code>
/// A masked WHO lists at most <see cref="IrcOptions.MaxWhoReplies"/> people (a channel WHO lists
/// all its members); every WHO ends with
/// 315 naming the mask as sent.
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state.</remarks>
internal sealed class IrcWhoCommands(IIrcCommandContext context)
{
    /// <summary>The longest mask matched: a longer one matches no one (as <see cref="BanMask.MaxLength"/> bounds ban masks).</summary>
    public const int MaxMaskLength = BanMask.MaxLength;

    private ChatHub Hub => context.Hub;

    /// <summary>WHO mask [flags][%fields[,token]].</summary>
    public ValueTask WhoAsync(IrcMessage message)
    {
        var mask = message.Parameters.Count > 0 ? message.Parameters[0] : "*";
        var options = IrcWhoOptions.Parse(message.Parameters.Count > 1 ? message.Parameters[1] : string.Empty);
        // A channel's list is whole (clients build their member lists from it, as from NAMES);
        // a mask over the whole server is what the cap is for.
        var limit = mask.StartsWith('#') ? int.MaxValue : context.Irc.MaxWhoReplies;
        var shown = 0;
        foreach (var (channel, member, prefix) in Matches(mask, options.OperatorsOnly))
        {
            if (shown++ == limit)
            {
                break;
            }

            Reply(options, channel, member, prefix);
        }

        context.Numeric(IrcNumerics.RplEndOfWho, mask, "End of WHO list");
        return default;
    }

    /// <summary>
    /// The WHO flags of <paramref name="member"/>: H here or G away, * a server operator, then the
    /// channel prefix (modern.ircdocs.horse, 352), then B for a bot (bot-mode, as Ergo). One
    /// place, so a new flag is one line.
    /// </summary>
    public static string Flags(Member member, string prefix) =>
        (member.Away is null ? "H" : "G") + (member.IsServerOperator ? "*" : string.Empty) + prefix + IrcBotMode.WhoFlag(member);

    /// <summary>Who a WHO of <paramref name="mask"/> lists: (channel shown, member, its channel prefix).</summary>
    private IEnumerable<(string Channel, Member Member, string Prefix)> Matches(string mask, bool operatorsOnly)
    {
        var viewer = context.Member;
        if (mask.StartsWith('#'))
        {
            if (IrcChannels.Find(Hub, mask) is not { } room)
            {
                yield break;
            }

            var inside = room.Members.Contains(viewer);
            foreach (var member in room.Members)
            {
                if ((inside || CanSee(viewer, member)) && (!operatorsOnly || member.IsServerOperator))
                {
                    yield return (IrcEventEncoder.Channel(room), member, IrcChannels.Prefix(room, member, context.Caps));
                }
            }

            yield break;
        }

        // An exact nick finds its holder even when invisible (modern.ircdocs.horse: +i hides from masks only).
        if (!HasWildcard(mask) && Hub.FindNickAnywhere(mask) is { } exact)
        {
            if (!operatorsOnly || exact.IsServerOperator)
            {
                yield return ("*", exact, string.Empty);
            }

            yield break;
        }

        if (mask.Length > MaxMaskLength)
        {
            yield break;
        }

        var everyone = mask is "0" or "*";
        var identity = mask.Contains('!', StringComparison.Ordinal) || mask.Contains('@', StringComparison.Ordinal);
        foreach (var member in Hub.Members.OrderBy(m => m.Id))
        {
            if (member.HasLeft || (operatorsOnly && !member.IsServerOperator) || !CanSee(viewer, member))
            {
                continue;
            }

            if (everyone || (identity ? BanMask.Matches(mask, member.BanIdentity) : MatchesAnyField(mask, member)))
            {
                yield return ("*", member, string.Empty);
            }
        }
    }

    private bool MatchesAnyField(string mask, Member member) =>
        BanMask.Matches(mask, member.Nick) || BanMask.Matches(mask, member.User) || BanMask.Matches(mask, member.Host) ||
        BanMask.Matches(mask, member.RealName) || BanMask.Matches(mask, context.Irc.ServerName);

    /// <summary>An invisible member is listed by a mask only to itself, to server operators and to those who share a room with it.</summary>
    private static bool CanSee(Member viewer, Member member) =>
        !member.Invisible || ReferenceEquals(viewer, member) || viewer.IsServerOperator || ChatHub.ShareRoom(viewer, member);

    private static bool HasWildcard(string mask) => mask.AsSpan().IndexOfAny('*', '?') >= 0;

    private void Reply(IrcWhoOptions options, string channel, Member member, string prefix)
    {
        if (options.Fields is null)
        {
            context.Numeric(IrcNumerics.RplWhoReply, channel, member.User, member.Host, context.Irc.ServerName, member.Nick, Flags(member, prefix), "0 " + member.RealName);
            return;
        }

        context.Numeric(IrcNumerics.RplWhoSpcRpl, [.. IrcWhoOptions.Order.Where(options.Fields.Contains).Select(field => field switch
        {
            't' => options.Token,
            'c' => channel,
            'u' => member.User,
            'i' => member.Host,
            'h' => member.Host,
            's' => context.Irc.ServerName,
            'n' => member.Nick,
            'f' => Flags(member, prefix),
            'd' => "0",
            'l' => "0",
            'a' => member.Account ?? "0",
            'o' => "n/a",
            _ => member.RealName,
        })]);
    }
}
