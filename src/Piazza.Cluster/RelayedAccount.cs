using Piazza.Core.Accounts;

namespace Piazza.Cluster;

/// <summary>
/// A newly registered account (<see cref="AccountRecord"/>) as Orleans carries it between nodes:
/// whole, as every node loads it from the shared store at its start (its password hash is SCRAM's
/// stored keys, never the password).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedAccount")]
public sealed record RelayedAccount
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public string PasswordHash { get; init; } = string.Empty;
    [Id(2)] public DateTimeOffset CreatedAt { get; init; }
    [Id(3)] public bool IsOperator { get; init; }

    /// <summary>True when only its operator flag changed (OPERACCOUNT), not a registration: a node that has the account takes the flag.</summary>
    [Id(4)] public bool OperatorFlagOnly { get; init; }

    public static RelayedAccount From(AccountRecord account) => new()
    {
        Name = account.Name,
        PasswordHash = account.PasswordHash,
        CreatedAt = account.CreatedAt,
        IsOperator = account.IsOperator,
    };

    public AccountRecord ToAccount() => new(Name, PasswordHash, CreatedAt) { IsOperator = IsOperator };
}
