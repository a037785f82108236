using Piazza.Core;
using Piazza.Core.Accounts;
using Piazza.Protocol.Irc;
using Piazza.Protocol.Sasl;
using Piazza.Server.Accounts;

namespace Piazza.Server.Irc;

/// <summary>
/// Accounts from IRC: SASL PLAIN and SCRAM-SHA-256 (<c>AUTHENTICATE</c>, https://ircv3.net/specs/extensions/sasl-3.1)
/// and <c>REGISTER</c> (https://ircv3.net/specs/extensions/account-registration), before
/// registration or after (docs/protocol-irc.md "Accounts"):
/// <code>
///   AUTHENTICATE PLAIN → AUTHENTICATE + → AUTHENTICATE &lt;base64 chunks&gt; → 900 903 | 904
///   AUTHENTICATE SCRAM-SHA-256 → AUTHENTICATE + → client-first → server-first → client-final
///                                → server-final (v=) → AUTHENTICATE + → 900 903 | 904   (<see cref="ScramServerExchange"/>)
///   AUTHENTICATE *  → 906        once logged in → 907        another mechanism → 908 904
///   REGISTER &lt;account|*&gt; &lt;email|*&gt; &lt;password&gt; → REGISTER SUCCESS &lt;account&gt; :… and 900 | FAIL REGISTER …
/// </code>
/// Before registration a login is kept in <see cref="IrcRegistration.Account"/> and the client
/// enters the hub logged in; after, the hub records it and tells the others (account-notify).
/// </summary>
/// <remarks>Threads: the session's read loop only, which awaits the password checks.</remarks>
internal sealed partial class IrcAccountCommands(
    IIrcCommandContext context, IIrcSessionControl session, IrcRegistration registration, AccountAuthenticator accounts)
{
    /// <summary>The SASL mechanisms offered (CAP LS 302's value of sasl; 908).</summary>
    public const string Mechanisms = "PLAIN," + ScramSha256.Mechanism;

    private readonly IrcSaslExchange _sasl = new();
    private ScramServerExchange? _scram;

    private ChatHub Hub => context.Hub;

    /// <summary>Whether REGISTER works before registration ends (Accounts:RegisterBeforeConnect; CAP LS's before-connect).</summary>
    public bool RegisterBeforeConnect => accounts.Options.RegisterBeforeConnect;

    /// <summary>The account the client is logged in to now, before or after registration.</summary>
    private string? CurrentAccount => registration.IsComplete ? context.Member.Account : registration.Account?.Name;

    /// <summary>CAP END while an exchange is open: it is aborted (906), and registration goes on.</summary>
    public void AbortOnCapEnd()
    {
        if (_sasl.InProgress)
        {
            _sasl.End();
            context.Numeric(IrcNumerics.ErrSaslAborted, "SASL authentication aborted");
        }
    }

    /// <summary>AUTHENTICATE mechanism | chunk | * | +.</summary>
    public async ValueTask AuthenticateAsync(IrcMessage message)
    {
        var argument = message.Parameters[0];
        if (argument == "*")
        {
            _sasl.End();
            context.Numeric(IrcNumerics.ErrSaslAborted, "SASL authentication aborted");
            return;
        }

        if (!_sasl.InProgress)
        {
            Begin(argument);
            return;
        }

        switch (_sasl.Add(argument))
        {
            case SaslStep.NeedMore:
                return;
            case SaslStep.ChunkTooLong:
                context.Numeric(IrcNumerics.ErrSaslTooLong, "SASL message too long");
                return;
            case SaslStep.PayloadTooLong:
                context.Numeric(IrcNumerics.ErrSaslFail, "SASL authentication failed");
                return;
        }

        if (_sasl.Mechanism == ScramSha256.Mechanism)
        {
            await ContinueScramAsync();
            return;
        }

        if (!_sasl.TryReadPlain(out var name, out var password))
        {
            context.Numeric(IrcNumerics.ErrSaslFail, "SASL authentication failed");
            return;
        }

        Conclude(await accounts.LogInAsync(Hub, name, password, session.Host, Who));
    }

    /// <summary>The end of an exchange: 900 and 903, or 904 (with the wait when throttled).</summary>
    private void Conclude(LoginResult result)
    {
        switch (result.Outcome)
        {
            case LoginOutcome.LoggedIn:
                LogIn(result.Account!);
                context.Numeric(IrcNumerics.RplSaslSuccess, "SASL authentication successful");
                break;
            case LoginOutcome.Throttled:
                context.Numeric(IrcNumerics.ErrSaslFail, $"SASL authentication failed: too many failures, try again in {Math.Ceiling(result.Wait.TotalSeconds):0} s");
                break;
            default:
                context.Numeric(IrcNumerics.ErrSaslFail, "SASL authentication failed");
                break;
        }
    }

    /// <summary>REGISTER &lt;account|*&gt; &lt;email|*&gt; &lt;password&gt;: registers the current nick and logs in.</summary>
    public async ValueTask RegisterAsync(IrcMessage message)
    {
        var nick = registration.IsComplete ? context.Member.Nick : registration.Nick;
        var requested = message.Parameters[0];
        if (accounts.Options.Registration == AccountRegistration.Closed)
        {
            Refuse("DISALLOWED", [requested], "Registration is closed on this server");
            return;
        }

        if (CurrentAccount is not null)
        {
            Refuse("ALREADY_AUTHENTICATED", [requested], "You are logged in already");
            return;
        }

        if (!registration.IsComplete && !accounts.Options.RegisterBeforeConnect)
        {
            Refuse("COMPLETE_CONNECTION_REQUIRED", [requested], "Register once you are connected");
            return;
        }

        if (nick is null)
        {
            Refuse("NEED_NICK", [requested], "Send NICK first: your nick becomes your account");
            return;
        }

        var name = requested == "*" ? nick : requested;
        if (!NickName.Comparer.Equals(name, nick))
        {
            Refuse("ACCOUNT_NAME_MUST_BE_NICK", [name], "An account is named after your current nick");
            return;
        }

        var isOperator = registration.IsComplete && context.Member.IsServerOperator;
        var result = await accounts.RegisterAsync(Hub, isOperator, nick, message.Parameters[2], Who);
        switch (result.Outcome)
        {
            case RegisterOutcome.Registered:
                // The login is true before the client hears of it: replies after an await go out at once.
                var mask = EnterAccount(result.Account!);
                context.ServerReply("REGISTER", "SUCCESS", result.Account!.Name, "Account successfully registered" + (result.Problem is { } problem ? $", but {problem}" : string.Empty));
                SayLoggedIn(mask, result.Account);
                break;
            case RegisterOutcome.NameTaken:
                Refuse("ACCOUNT_EXISTS", [name], "Account already exists");
                break;
            case RegisterOutcome.InvalidName:
                Refuse("BAD_ACCOUNT_NAME", [name], "That is no valid account name");
                break;
            case RegisterOutcome.WeakPassword:
                Refuse("WEAK_PASSWORD", [name], $"The password must be {accounts.Options.MinPasswordLength} to {AccountOptionsValidator.MaxPasswordLength} characters");
                break;
            case RegisterOutcome.Closed:
                Refuse("DISALLOWED", [name], "Only server operators may register accounts here");
                break;
            default:
                Refuse("TEMPORARILY_UNAVAILABLE", [name], "The server cannot take more accounts");
                break;
        }
    }

    private string Who => $"{registration.Nick ?? context.Nick} ({session.Address})";

    /// <summary>
    /// <c>FAIL REGISTER code account :text</c>, whether or not the client asked for standard-replies:
    /// account-registration is built on FAIL, and clients that send REGISTER read it (as Ergo sends it).
    /// </summary>
    private void Refuse(string code, string[] about, string description) =>
        context.ServerReply("FAIL", ["REGISTER", code, .. about.Select(IrcText.ForEcho), IrcText.ForEcho(description)]);

    private void Begin(string mechanism)
    {
        if (CurrentAccount is not null)
        {
            context.Numeric(IrcNumerics.ErrSaslAlready, "You have already authenticated using SASL");
            return;
        }

        if (string.Equals(mechanism, ScramSha256.Mechanism, StringComparison.OrdinalIgnoreCase))
        {
            _scram = new ScramServerExchange(accounts);
            _sasl.Start(ScramSha256.Mechanism);
        }
        else if (string.Equals(mechanism, "PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            _sasl.Start("PLAIN");
        }
        else
        {
            context.Numeric(IrcNumerics.RplSaslMechs, Mechanisms, "are available SASL mechanisms");
            context.Numeric(IrcNumerics.ErrSaslFail, "SASL authentication failed");
            return;
        }

        context.ServerReply("AUTHENTICATE", "+");
    }

    /// <summary>Logs the client in (in the hub, or held until registration ends) and sends 900.</summary>
    private void LogIn(AccountRecord account) => SayLoggedIn(EnterAccount(account), account);

    /// <summary>Logs the client in, in the hub or held until registration ends; returns its mask for 900.</summary>
    private string EnterAccount(AccountRecord account)
    {
        if (registration.IsComplete)
        {
            Hub.LogIn(context.Member, account);
            return IrcEventEncoder.SourceOf(context.Member);
        }

        registration.Account = account;
        return new IrcSource(registration.Nick ?? "*", registration.User ?? "*", session.Host).ToString();
    }

    private void SayLoggedIn(string mask, AccountRecord account) =>
        context.Numeric(IrcNumerics.RplLoggedIn, mask, account.Name, $"You are now logged in as {account.Name}");
}
