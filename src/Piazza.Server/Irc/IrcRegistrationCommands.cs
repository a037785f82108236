using System.Globalization;

using Piazza.Core;
using Piazza.Core.Bans;
using Piazza.Protocol.Irc;
using Piazza.Server.Operators;

namespace Piazza.Server.Irc;

/// <summary>
/// A client's coming and going, and its name: CAP, PASS, NICK, USER, then PING and QUIT
/// (https://modern.ircdocs.horse/#connection-registration). <see cref="IrcRegistration"/> keeps
/// what the client said until it is enough; this checks it against the server (password, server
/// bans, a free nick), puts the client in the hub and welcomes it.
/// </summary>
/// <remarks>Threads: the session's read loop only, as the <see cref="IrcRegistration"/> it keeps.</remarks>
internal sealed class IrcRegistrationCommands(
    IIrcCommandContext context, IIrcSessionControl session, IrcRegistration registration, IrcServerInfoCommands serverInfo, IrcAccountCommands accounts, ILogger logger)
{
    private ChatHub Hub => context.Hub;

    /// <summary>
    /// CAP LS [302] / LIST / REQ :caps / END (https://ircv3.net/specs/extensions/capability-negotiation).
    /// LS or REQ before registration holds registration until END.
    /// </summary>
    public ValueTask CapAsync(IrcMessage message)
    {
        var caps = context.Caps;
        switch (message.Parameters[0].ToUpperInvariant())
        {
            case "LS":
                registration.HoldForCap();
                var is302 = message.Parameters.Count > 1 && int.TryParse(message.Parameters[1], CultureInfo.InvariantCulture, out var version) && version >= 302;
                if (is302)
                {
                    // A 302 client has cap-notify implicitly.
                    caps.EnableCapNotify();
                }

                var offered = IrcCapNames.Names(caps.Offered, values: is302, accounts.RegisterBeforeConnect);
                if (is302 && caps.Sts is { } sts)
                {
                    offered += " sts=" + sts;
                }

                context.ServerReply("CAP", context.Nick, "LS", offered);
                break;
            case "LIST":
                context.ServerReply("CAP", context.Nick, "LIST", IrcCapNames.Names(caps.Enabled));
                break;
            case "REQ":
                registration.HoldForCap();
                var requested = message.Parameters.Count > 1 ? message.Parameters[1] : string.Empty;
                if (caps.TryRequest(requested))
                {
                    context.ServerReply("CAP", context.Nick, "ACK", requested);
                }
                else
                {
                    context.ServerReply("CAP", context.Nick, "NAK", IrcText.ForEcho(requested));
                }

                break;
            case "END":
                accounts.AbortOnCapEnd();
                if (registration.EndCap())
                {
                    TryComplete();
                }

                break;
            default:
                context.Numeric(IrcNumerics.ErrInvalidCapCmd, message.Parameters[0], "Invalid CAP command");
                break;
        }

        return default;
    }

    /// <summary>PASS password, before registration.</summary>
    public ValueTask PassAsync(IrcMessage message)
    {
        if (!RefusedOnceRegistered())
        {
            registration.SetPassword(message.Parameters[0]);
        }

        return default;
    }

    /// <summary>
    /// NICK nick: the nick to register with, or, once registered, a change of nick. In a cluster
    /// the nick is claimed across the nodes first (<see cref="ChatHub.ClaimNickAsync"/>).
    /// </summary>
    public async ValueTask NickAsync(IrcMessage message)
    {
        if (message.Parameters.Count == 0 || message.Parameters[0].Length == 0)
        {
            context.Numeric(IrcNumerics.ErrNoNicknameGiven, "No nickname given");
            return;
        }

        var nick = message.Parameters[0];
        if (NickName.Validate(nick, Hub.Options.MaxNickLength) is { } why)
        {
            context.Numeric(IrcNumerics.ErrErroneousNickname, nick, $"Erroneous nickname: {why}");
            return;
        }

        if (!registration.IsComplete)
        {
            var holder = registration.NickHolder ??= Hub.NewNickHolder();
            if (Hub.FindNick(nick) is not null || !await Hub.ClaimNickAsync(nick, holder))
            {
                context.Numeric(IrcNumerics.ErrNicknameInUse, nick, "Nickname is already in use");
                return;
            }

            if (registration.Nick is { } earlier && !NickName.Comparer.Equals(earlier, nick))
            {
                Hub.ReleaseNickClaim(earlier, holder);
            }

            registration.SetNick(nick);
            TryComplete();
            return;
        }

        var member = context.Member;
        var claimed = await Hub.ClaimNickAsync(nick, member.NickHolder);
        ChatEvent? changed = null;
        switch (claimed ? Hub.ChangeNick(member, nick, out _, out changed) : ChatError.NickInUse)
        {
            case ChatError.None when changed is not null:
                context.Echo(changed);
                CutIfBanned();
                break;
            case ChatError.None:
                break;
            default:
                if (claimed)
                {
                    Hub.ReleaseNickClaim(nick, member.NickHolder);
                }

                context.Numeric(IrcNumerics.ErrNicknameInUse, nick, "Nickname is already in use");
                break;
        }
    }

    /// <summary>The session ends: a nick it claimed while registering and never took is given up.</summary>
    public void Abandon()
    {
        if (!registration.IsComplete && registration.Nick is { } nick && registration.NickHolder is { } holder)
        {
            Hub.ReleaseNickClaim(nick, holder);
        }
    }

    /// <summary>USER user mode unused :real name, before registration; an empty real name is a missing one (461).</summary>
    public ValueTask UserAsync(IrcMessage message)
    {
        if (message.Parameters[3].Length == 0)
        {
            context.Numeric(IrcNumerics.ErrNeedMoreParams, "USER", "Not enough parameters");
            return default;
        }

        if (!RefusedOnceRegistered())
        {
            registration.SetUser(message.Parameters[0], message.Parameters[3]);
            TryComplete();
        }

        return default;
    }

    /// <summary>PING token: PONG server token.</summary>
    public ValueTask PingAsync(IrcMessage message)
    {
        context.ServerReply("PONG", context.Irc.ServerName, message.Parameters[0]);
        return default;
    }

    /// <summary>QUIT [:reason]: ERROR to the client, the reason (as <c>Quit: reason</c>) to the others.</summary>
    public ValueTask QuitAsync(IrcMessage message)
    {
        var reason = message.Parameters.Count > 0 ? message.Parameters[0] : string.Empty;
        session.End($"Closing Link: {session.Host} (Quit: {IrcText.ForEcho(reason)})", reason.Length == 0 ? "Quit" : "Quit: " + reason);
        return default;
    }

    /// <summary>Registers the client when it has said enough: the password, the server bans, then a free nick.</summary>
    private void TryComplete()
    {
        if (!registration.IsReady)
        {
            return;
        }

        var (nick, user) = (registration.Nick!, registration.User!);
        if (!registration.PasswordMatches(context.Irc.Password))
        {
            context.Numeric(IrcNumerics.ErrPasswdMismatch, "Password incorrect");
            session.End("Closing Link: password incorrect", "password incorrect");
            return;
        }

        var host = session.Host;
        var mask = BanMask.Identity(nick, user, host);
        if (Hub.ServerBans.FindFor(mask, host) is { } ban)
        {
            OperatorLog.BannedClientRefused(logger, mask, session.Address, ban.Mask, ban.Reason);
            context.Numeric(IrcNumerics.ErrYoureBannedCreep, $"You are banned from this server: {ban.Reason}");
            session.End($"Closing Link: {host} ({ban.ClientReason})", ban.ClientReason);
            return;
        }

        var info = new MemberInfo(session.Address, host, user, registration.RealName ?? string.Empty, nick) { Account = registration.Account?.Name, IsSecure = session.IsSecure, NickHolder = registration.NickHolder };
        switch (session.Enter(info))
        {
            case ChatError.None:
                registration.Complete();
                serverInfo.SendWelcome();
                break;
            default:
                context.Numeric(IrcNumerics.ErrNicknameInUse, nick, "Nickname is already in use");
                registration.NickRefused();
                break;
        }
    }

    /// <summary>PASS and USER once registered: 462, and nothing changes.</summary>
    private bool RefusedOnceRegistered()
    {
        if (registration.IsComplete)
        {
            context.Numeric(IrcNumerics.ErrAlreadyRegistered, "You may not reregister");
        }

        return registration.IsComplete;
    }

    /// <summary>Cuts this client when a server ban matches the name it has now (after NICK).</summary>
    private void CutIfBanned()
    {
        var member = context.Member;
        if (Hub.BanFor(member) is not { } ban)
        {
            return;
        }

        OperatorLog.BannedClientRefused(logger, member.BanIdentity, member.Address, ban.Mask, ban.Reason);
        session.Cut(ban.ClientReason);
    }
}
