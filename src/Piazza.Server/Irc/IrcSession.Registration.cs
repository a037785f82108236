using System.Globalization;
using System.Reflection;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Irc;
using Piazza.Server.Operators;

namespace Piazza.Server.Irc;

internal sealed partial class IrcSession
{
    /// <summary>True once NICK, USER (and CAP END, when CAP was used) are done and the client is in the hub.</summary>
    internal bool IsRegistered => _registration.IsComplete;

    internal void NumericReply(string code, params string[] args) => Numeric(code, args);

    /// <summary>
    /// CAP LS [302] / LIST / REQ :caps / END (https://ircv3.net/specs/extensions/capability-negotiation).
    /// LS or REQ before registration holds registration until END.
    /// </summary>
    internal void Cap(IrcMessage message)
    {
        var sub = message.Parameters[0].ToUpperInvariant();
        switch (sub)
        {
            case "LS":
                _registration.HoldForCap();
                if (message.Parameters.Count > 1 && int.TryParse(message.Parameters[1], CultureInfo.InvariantCulture, out var version) && version >= 302)
                {
                    // A 302 client has cap-notify implicitly.
                    _caps.EnableCapNotify();
                }

                ServerReply("CAP", Nick, "LS", IrcCapNames.Names(_caps.Offered));
                break;
            case "LIST":
                ServerReply("CAP", Nick, "LIST", IrcCapNames.Names(_caps.Enabled));
                break;
            case "REQ":
                _registration.HoldForCap();
                var requested = message.Parameters.Count > 1 ? message.Parameters[1] : string.Empty;
                if (_caps.TryRequest(requested))
                {
                    ServerReply("CAP", Nick, "ACK", requested);
                }
                else
                {
                    ServerReply("CAP", Nick, "NAK", IrcText.ForEcho(requested));
                }

                break;
            case "END":
                if (_registration.EndCap())
                {
                    TryCompleteRegistration();
                }

                break;
            default:
                Numeric(IrcNumerics.ErrInvalidCapCmd, message.Parameters[0], "Invalid CAP command");
                break;
        }
    }

    internal void Pass(IrcMessage message)
    {
        if (IsRegistered)
        {
            Numeric(IrcNumerics.ErrAlreadyRegistered, "You may not reregister");
            return;
        }

        _registration.SetPassword(message.Parameters[0]);
    }

    internal void NickCommand(IrcMessage message)
    {
        if (message.Parameters.Count == 0 || message.Parameters[0].Length == 0)
        {
            Numeric(IrcNumerics.ErrNoNicknameGiven, "No nickname given");
            return;
        }

        var nick = message.Parameters[0];
        if (NickName.Validate(nick, Options.MaxNickLength) is { } why)
        {
            Numeric(IrcNumerics.ErrErroneousNickname, nick, $"Erroneous nickname: {why}");
            return;
        }

        if (!IsRegistered)
        {
            if (Hub.FindNick(nick) is not null)
            {
                Numeric(IrcNumerics.ErrNicknameInUse, nick, "Nickname is already in use");
                return;
            }

            _registration.SetNick(nick);
            TryCompleteRegistration();
            return;
        }

        switch (Hub.ChangeNick(Member, nick, out _, out var changed))
        {
            case ChatError.None when changed is not null:
                Echo(changed);
                CutIfBanned();
                break;
            case ChatError.None:
                break;
            default:
                Numeric(IrcNumerics.ErrNicknameInUse, nick, "Nickname is already in use");
                break;
        }
    }

    internal void UserCommand(IrcMessage message)
    {
        if (IsRegistered)
        {
            Numeric(IrcNumerics.ErrAlreadyRegistered, "You may not reregister");
            return;
        }

        _registration.SetUser(message.Parameters[0], message.Parameters[3]);
        TryCompleteRegistration();
    }

    internal void Ping(IrcMessage message) => ServerReply("PONG", ServerName, message.Parameters[0]);

    internal void Quit(IrcMessage message)
    {
        var reason = message.Parameters.Count > 0 ? message.Parameters[0] : string.Empty;
        SendError($"Closing Link: {Host} (Quit: {IrcText.ForEcho(reason)})");
        QuitReason = reason.Length == 0 ? "Quit" : "Quit: " + reason;
    }

    private void TryCompleteRegistration()
    {
        if (!_registration.IsReady)
        {
            return;
        }

        var (nick, user) = (_registration.Nick!, _registration.User!);
        if (!_registration.PasswordMatches(_irc.Password))
        {
            Numeric(IrcNumerics.ErrPasswdMismatch, "Password incorrect");
            SendError("Closing Link: password incorrect");
            QuitReason = "password incorrect";
            return;
        }

        var mask = BanMask.Identity(nick, user, Host);
        if (Hub.ServerBans.FindFor(mask, Host) is { } ban)
        {
            OperatorLog.BannedClientRefused(Logger, mask, Address, ban.Mask, ban.Reason);
            Numeric(IrcNumerics.ErrYoureBannedCreep, $"You are banned from this server: {ban.Reason}");
            SendError($"Closing Link: {Host} ({ban.ClientReason})");
            QuitReason = ban.ClientReason;
            return;
        }

        var info = new Piazza.Core.MemberInfo(Address, Host, user, _registration.RealName ?? string.Empty, nick);
        switch (Hub.Connect(info, this, joinDefaultRoom: false, out var member))
        {
            case ChatError.None:
                Joined = member;
                _registration.Complete();
                _timeouts.OnRegistered();
                SendWelcome();
                break;
            default:
                Numeric(IrcNumerics.ErrNicknameInUse, nick, "Nickname is already in use");
                _registration.NickRefused();
                break;
        }
    }

    private void SendWelcome()
    {
        var version = VersionString;
        Numeric(IrcNumerics.RplWelcome, $"Welcome to the {_irc.Network} IRC network, {IrcEventEncoder.SourceOf(Member)}");
        Numeric(IrcNumerics.RplYourHost, $"Your host is {ServerName}, running version {version}");
        Numeric(IrcNumerics.RplCreated, $"This server was created {Hub.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        Numeric(IrcNumerics.RplMyInfo, ServerName, version, "iow", IrcModeString.ChannelModeLetters, "bklov");
        SendISupport();
        LUsers();
        Motd();
    }

    /// <summary>RPL_ISUPPORT: every token says what this server really does (https://modern.ircdocs.horse/#rplisupport-005).</summary>
    private void SendISupport()
    {
        var o = Options;
        string[] tokens =
        [
            $"AWAYLEN={o.MaxReasonLength}",
            "CASEMAPPING=ascii",
            $"CHANLIMIT=#:{o.MaxRoomsPerMember}",
            .. Hub.History is null ? Array.Empty<string>() : [$"CHATHISTORY={_history.MaxQuery}", "MSGREFTYPES=msgid,timestamp"],
            "CHANMODES=b,k,l,imnt",
            $"CHANNELLEN={o.MaxRoomNameLength + 1}",
            "CHANTYPES=#",
            "ELIST=",
            $"KICKLEN={o.MaxReasonLength}",
            $"MAXLIST=b:{o.MaxBansPerRoom}",
            "MODES=4",
            $"NETWORK={_irc.Network}",
            $"NICKLEN={o.MaxNickLength}",
            "PREFIX=(ov)@+",
            "STATUSMSG=",
            $"TARGMAX=PRIVMSG:{MaxTargets},NOTICE:{MaxTargets},TAGMSG:{MaxTargets},JOIN:,PART:,KICK:1,WHOIS:1,NAMES:1",
            $"TOPICLEN={o.MaxTopicLength}",
            "USERLEN=11",
            "UTF8ONLY",
        ];
        foreach (var chunk in tokens.Where(t => t.Length > 0 && t != "STATUSMSG=" && t != "ELIST=").Chunk(12))
        {
            Numeric(IrcNumerics.RplISupport, [.. chunk, "are supported by this server"]);
        }
    }

    internal void LUsers()
    {
        var users = Hub.MemberCount;
        Numeric(IrcNumerics.RplLUserClient, $"There are {users} users and 0 invisible on 1 servers");
        Numeric(IrcNumerics.RplLUserOp, Hub.ServerOperatorCount.ToString(CultureInfo.InvariantCulture), "operator(s) online");
        Numeric(IrcNumerics.RplLUserChannels, Hub.Rooms.Count.ToString(CultureInfo.InvariantCulture), "channels formed");
        Numeric(IrcNumerics.RplLUserMe, $"I have {users} clients and 0 servers");
        Numeric(IrcNumerics.RplLocalUsers, $"Current local users: {users}");
        Numeric(IrcNumerics.RplGlobalUsers, $"Current global users: {users}");
    }

    internal void Motd()
    {
        if (_irc.Motd.Count == 0)
        {
            Numeric(IrcNumerics.ErrNoMotd, "MOTD File is missing");
            return;
        }

        Numeric(IrcNumerics.RplMotdStart, $"- {ServerName} Message of the day - ");
        foreach (var line in _irc.Motd)
        {
            Numeric(IrcNumerics.RplMotd, "- " + line);
        }

        Numeric(IrcNumerics.RplEndOfMotd, "End of /MOTD command.");
    }

    /// <summary>VERSION: RPL_VERSION, then ISUPPORT again, as modern servers do.</summary>
    internal void VersionCommand()
    {
        Numeric(IrcNumerics.RplVersion, VersionString, ServerName, "Piazza chat server");
        SendISupport();
    }

    private static string VersionString { get; } = "piazza-" +
        (typeof(IrcSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0").Split('+')[0];
}
