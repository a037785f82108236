using System.Globalization;

using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Sessions;

namespace Piazza.Server.Irc;

/// <summary>
/// MODE #chan [modes [args…]] | MODE nick [modes] (https://modern.ircdocs.horse/#mode-message).
/// Channel modes: CHANMODES=Ibe,k,l,Cimnst and PREFIX=(ov)@+; user modes: i, w, and o (dropped only).
/// </summary>
/// <remarks>Threads: the session's read loop only; keeps no state (user modes live on the member).</remarks>
internal sealed class IrcModeCommands(IIrcCommandContext context)
{
    private const int MaxModesWithArgument = 4;

    private ChatHub Hub => context.Hub;

    private Member Member => context.Member;

    /// <summary>MODE target …: a channel's modes (shown, or changed by an operator), or one's own user modes.</summary>
    public ValueTask ModeAsync(IrcMessage message)
    {
        var target = message.Parameters[0];
        if (!target.StartsWith('#'))
        {
            UserMode(message, target);
            return default;
        }

        if (IrcChannels.FindOrRefuse(context, target) is { } room)
        {
            ChannelMode(message, room);
        }

        return default;
    }

    private void ChannelMode(IrcMessage message, Room room)
    {
        var channel = IrcEventEncoder.Channel(room);
        if (message.Parameters.Count == 1)
        {
            context.Numeric(IrcNumerics.RplChannelModeIs, [channel, .. ModeStrings.Of(room.Modes, showKey: room.Contains(Member)).Split(' ')]);
            context.Numeric(IrcNumerics.RplCreationTime, channel, room.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            return;
        }

        var changes = ParseModes(message, out var lists);
        foreach (var list in lists)
        {
            SendList(room, channel, list);
        }

        if (changes.Count == 0)
        {
            return;
        }

        if (Hub.SetModes(Member, room, changes, out var errors, out var changed) == ChatError.NotOperator)
        {
            context.Numeric(IrcNumerics.ErrChanOPrivsNeeded, channel, "You're not channel operator");
            return;
        }

        foreach (var (change, error) in errors)
        {
            if (error == ChatError.BanListFull)
            {
                context.Numeric(IrcNumerics.ErrBanListFull, channel, change.Mode.ToString(), "Channel list is full");
            }
            else if (error == ChatError.InvalidModeArgument)
            {
                context.Numeric(IrcNumerics.ErrInvalidModeParam, channel, change.Mode.ToString(), EchoedArgument(change), "Invalid mode parameter");
            }
            else
            {
                IrcChannels.Refused(context, channel, change.Argument ?? "*", error);
            }
        }

        if (changed is not null)
        {
            context.Echo(changed);
        }
    }

    /// <summary>
    /// A list mode's entries, then its end: 367/368 for bans (+b), 348/349 for ban exceptions (+e),
    /// 346/347 for invite exceptions (+I) (https://modern.ircdocs.horse/#rplbanlist-367).
    /// </summary>
    private void SendList(Room room, string channel, char mode)
    {
        var (entry, end, text) = mode switch
        {
            'e' => (IrcNumerics.RplExceptList, IrcNumerics.RplEndOfExceptList, "End of channel exception list"),
            'I' => (IrcNumerics.RplInvExList, IrcNumerics.RplEndOfInvExList, "End of channel invite exception list"),
            _ => (IrcNumerics.RplBanList, IrcNumerics.RplEndOfBanList, "End of channel ban list"),
        };
        foreach (var ban in room.ListOf(mode) ?? [])
        {
            context.Numeric(entry, channel, ban.Mask, ban.SetBy, ban.SetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        context.Numeric(end, channel, text);
    }

    /// <summary>Reads "+o-v bob alice" into changes (<see cref="IrcModeString.Parse"/>), answering unknown letters and missing arguments.</summary>
    private List<ModeChange> ParseModes(IrcMessage message, out IReadOnlyList<char> lists)
    {
        var request = IrcModeString.Parse(message.Parameters[1], [.. message.Parameters.Skip(2)], MaxModesWithArgument);
        foreach (var letter in request.Unknown)
        {
            context.Numeric(IrcNumerics.ErrUnknownMode, letter.ToString(), "is unknown mode char to me");
        }

        if (request.MissingArgument.Count > 0)
        {
            context.Numeric(IrcNumerics.ErrNeedMoreParams, "MODE", "Not enough parameters");
        }

        lists = request.Lists;
        return ModeStrings.Changes(request);
    }

    /// <summary>
    /// User modes, one's own only: +i (invisible), +w (receive WALLOPS), +B (a bot), and -o (stop being a
    /// server operator; +o only comes from OPER and is ignored here).
    /// </summary>
    private void UserMode(IrcMessage message, string target)
    {
        if (!NickName.Comparer.Equals(target, Member.Nick))
        {
            context.Numeric(Hub.FindNick(target) is null ? IrcNumerics.ErrNoSuchNick : IrcNumerics.ErrUsersDontMatch, target, "Can't change mode for other users");
            return;
        }

        if (message.Parameters.Count == 1)
        {
            context.Numeric(IrcNumerics.RplUModeIs, "+" + UserModes());
            return;
        }

        var add = true;
        var before = UserModes();
        foreach (var letter in message.Parameters[1])
        {
            switch (letter)
            {
                case '+':
                    add = true;
                    break;
                case '-':
                    add = false;
                    break;
                case 'i':
                    Hub.SetInvisible(Member, add);
                    break;
                case 'w':
                    Hub.SetWantsWallops(Member, add);
                    break;
                case IrcBotMode.Letter:
                    Member.IsBot = add;
                    break;
                case 'o':
                    if (!add)
                    {
                        Hub.DropServerOperator(Member);
                    }

                    break;
                default:
                    context.Numeric(IrcNumerics.ErrUModeUnknownFlag, "Unknown MODE flag");
                    break;
            }
        }

        var after = UserModes();
        if (before != after)
        {
            var change = IrcUserModes.Change(before, after);
            var nick = Member.Nick;
            context.Reply(tags => IrcWriter.Format(tags, nick, "MODE", [nick, change]));
        }
    }

    /// <summary>
    /// The parameter a 696 echoes: the one refused, or <c>*</c> when there was none or it was a
    /// <c>+k</c> key too long to echo (a flood of the client's own bytes serves no one).
    /// </summary>
    private static string EchoedArgument(ModeChange change) =>
        change.Argument is null || (change.Mode == 'k' && change.Argument.Length > ChatHub.MaxKeyLength) ? "*" : change.Argument;

    /// <summary>The user modes set now, in the order <c>iow</c>, then <c>B</c>.</summary>
    private string UserModes() => IrcUserModes.Describe(Member.Invisible, Member.IsServerOperator, Member.WantsWallops) + IrcBotMode.UserMode(Member);
}
