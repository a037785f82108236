using Piazza.Core.Accounts;

namespace Piazza.Server.Accounts;

/// <summary>How a registration went.</summary>
internal enum RegisterOutcome
{
    /// <summary>The account exists now (<see cref="RegisterResult.Account"/>).</summary>
    Registered,

    /// <summary>An account of that name (any case) exists.</summary>
    NameTaken,

    /// <summary>The name is no valid nick.</summary>
    InvalidName,

    /// <summary>The password is shorter than Accounts:MinPasswordLength or longer than the ceiling.</summary>
    WeakPassword,

    /// <summary>Accounts:Registration does not let this client register.</summary>
    Closed,

    /// <summary>The server holds as many accounts as it may.</summary>
    Full,
}

/// <summary>A registration's outcome; <paramref name="Problem"/> says when it was made but could not be stored (it lasts until a restart).</summary>
internal sealed record RegisterResult(RegisterOutcome Outcome, AccountRecord? Account = null, string? Problem = null);

/// <summary>How a login went.</summary>
internal enum LoginOutcome
{
    /// <summary>The password was right (<see cref="LoginResult.Account"/>).</summary>
    LoggedIn,

    /// <summary>Wrong password or no such account: the same answer for both.</summary>
    Failed,

    /// <summary>Too many failures lately for this account or address: not even checked (<see cref="LoginResult.Wait"/>).</summary>
    Throttled,
}

/// <summary>A login's outcome.</summary>
internal sealed record LoginResult(LoginOutcome Outcome, AccountRecord? Account = null, TimeSpan Wait = default);
