namespace Piazza.Core.Accounts;

/// <summary>
/// A registered account as stored: its name (a valid nick, unique ignoring case as nicks are),
/// its password hash (opaque to Core: the server makes and checks it with a slow KDF) and when it
/// was made.
/// </summary>
public sealed record AccountRecord(string Name, string PasswordHash, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Whether logging in to the account makes one a server operator (set by a server operator:
    /// IRC OPERACCOUNT, plain /oper-account), as OPER with a configured operator's password does.
    /// </summary>
    public bool IsOperator { get; init; }
}
