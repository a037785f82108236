namespace Piazza.Server.Accounts;

/// <summary>Who may register an account (<c>Accounts:Registration</c>).</summary>
public enum AccountRegistration
{
    /// <summary>Anyone connected may register their nick (the default).</summary>
    Open,

    /// <summary>Nobody may register; existing accounts still log in.</summary>
    Closed,

    /// <summary>Only server operators (OPER, /oper) may register, for themselves or others.</summary>
    OperatorsOnly,
}

/// <summary>
/// Account settings, bound from the section <c>Accounts</c>; checked at startup by
/// <see cref="AccountOptionsValidator"/>. Accounts live where history does (History:Store).
/// </summary>
public sealed class AccountOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Accounts";

    /// <summary>Who may register: Open (default), Closed or OperatorsOnly.</summary>
    public AccountRegistration Registration { get; set; } = AccountRegistration.Open;

    /// <summary>Whether IRC's REGISTER works before registration ends (CAP LS's <c>before-connect</c>). Default true.</summary>
    public bool RegisterBeforeConnect { get; set; } = true;

    /// <summary>The shortest password accepted when registering. Default 8.</summary>
    public int MinPasswordLength { get; set; } = 8;

    /// <summary>
    /// PBKDF2-SHA256 iterations for new password hashes. Default 600,000 (OWASP's figure); fewer is
    /// allowed (down to 1,000) only so tests run fast, and the server warns at startup when it is.
    /// A stored hash keeps its own count and is rehashed with this one at its next login.
    /// </summary>
    public int PasswordIterations { get; set; } = Operators.PasswordHash.Iterations;

    /// <summary>Failed logins an account or an address may make before each next attempt must wait. Default 5.</summary>
    public int FreeLoginFailures { get; set; } = 5;

    /// <summary>The longest wait a throttled account or address is made to keep between attempts, in seconds. Default 300.</summary>
    public int MaxLoginDelaySeconds { get; set; } = 300;

    /// <summary>
    /// How long someone who takes a registered nick without being logged in to its account has to
    /// log in before it is renamed to a guest nick, in seconds. Default 30; 0 reserves no nick
    /// (anyone may keep a registered nick).
    /// </summary>
    public int NickGraceSeconds { get; set; } = 30;

    /// <summary>
    /// Whether choosing a nick needs an account. Default false. When true, a member logged in to no
    /// account keeps only the guest nick it was given (and a plain user its ip:port): a nick it
    /// chooses is held as a registered one is, renamed to a guest nick after NickGraceSeconds unless
    /// it logs in (to any account) or registers the nick meanwhile. Needs NickGraceSeconds above 0.
    /// </summary>
    public bool RequireForNicks { get; set; }
}
