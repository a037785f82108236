using System.Globalization;

using Piazza.Core;
using Piazza.Protocol.Irc;
using Piazza.Server.Sessions;

namespace Piazza.Server.Irc;

internal sealed partial class IrcSession
{
    private const int MaxModesWithArgument = 4;

    /// <summary>
    /// MODE #chan [modes [args…]] | MODE nick [modes] (https://modern.ircdocs.horse/#mode-message).
    /// Channel modes: CHANMODES=b,k,l,imnt and PREFIX=(ov)@+; user mode: i.
    /// </summary>
    internal void ModeCommand(IrcMessage message)
    {
        var target = message.Parameters[0];
        if (!target.StartsWith('#'))
        {
            UserMode(message, target);
            return;
        }

        var room = FindChannel(target);
        if (room is null)
        {
            Numeric(IrcNumerics.ErrNoSuchChannel, target, "No such channel");
            return;
        }

        var channel = IrcEventEncoder.Channel(room);
        if (message.Parameters.Count == 1)
        {
            Numeric(IrcNumerics.RplChannelModeIs, [channel, .. ModeStrings.Of(room.Modes, showKey: room.Contains(Member)).Split(' ')]);
            Numeric(IrcNumerics.RplCreationTime, channel, room.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            return;
        }

        var changes = ParseModes(message, out var listBans);
        if (listBans)
        {
            foreach (var ban in room.Bans)
            {
                Numeric(IrcNumerics.RplBanList, channel, ban.Mask, ban.SetBy, ban.SetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            }

            Numeric(IrcNumerics.RplEndOfBanList, channel, "End of channel ban list");
        }

        if (changes.Count == 0)
        {
            return;
        }

        if (Hub.SetModes(Member, room, changes, out var errors, out var changed) == ChatError.NotOperator)
        {
            Numeric(IrcNumerics.ErrChanOPrivsNeeded, channel, "You're not channel operator");
            return;
        }

        foreach (var (change, error) in errors)
        {
            if (error == ChatError.InvalidModeArgument || error == ChatError.BanListFull)
            {
                Numeric(IrcNumerics.ErrInvalidModeParam, channel, change.Mode.ToString(), change.Argument ?? "*", "Invalid mode parameter");
            }
            else
            {
                ChannelError(channel, change.Argument ?? "*", error);
            }
        }

        if (changed is not null)
        {
            Echo(changed);
        }
    }

    /// <summary>Reads "+o-v bob alice" into changes (<see cref="IrcModeString.Parse"/>), answering unknown letters and missing arguments.</summary>
    private List<ModeChange> ParseModes(IrcMessage message, out bool listBans)
    {
        var request = IrcModeString.Parse(message.Parameters[1], [.. message.Parameters.Skip(2)], MaxModesWithArgument);
        foreach (var letter in request.Unknown)
        {
            Numeric(IrcNumerics.ErrUnknownMode, letter.ToString(), "is unknown mode char to me");
        }

        if (request.MissingArgument.Count > 0)
        {
            Numeric(IrcNumerics.ErrNeedMoreParams, "MODE", "Not enough parameters");
        }

        listBans = request.ListBans;
        return ModeStrings.Changes(request);
    }

    /// <summary>
    /// User modes, one's own only: +i (invisible), +w (receive WALLOPS), and -o (stop being a
    /// server operator; +o only comes from OPER and is ignored here).
    /// </summary>
    private void UserMode(IrcMessage message, string target)
    {
        if (!NickName.Comparer.Equals(target, Member.Nick))
        {
            Numeric(Hub.FindNick(target) is null ? IrcNumerics.ErrNoSuchNick : IrcNumerics.ErrUsersDontMatch, target, "Can't change mode for other users");
            return;
        }

        if (message.Parameters.Count == 1)
        {
            Numeric(IrcNumerics.RplUModeIs, "+" + UserModes());
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
                    _userModes.Invisible = add;
                    break;
                case 'w':
                    Hub.SetWantsWallops(Member, add);
                    break;
                case 'o':
                    if (!add)
                    {
                        Hub.DropServerOperator(Member);
                    }

                    break;
                default:
                    Numeric(IrcNumerics.ErrUModeUnknownFlag, "Unknown MODE flag");
                    break;
            }
        }

        var after = UserModes();
        if (before != after)
        {
            var change = IrcUserModes.Change(before, after);
            var nick = Member.Nick;
            Reply(tags => IrcWriter.Format(tags, nick, "MODE", [nick, change]));
        }
    }

    /// <summary>The user modes set now, in the order <c>iow</c>.</summary>
    private string UserModes() => _userModes.Describe(Member.IsServerOperator, Member.WantsWallops);
}
