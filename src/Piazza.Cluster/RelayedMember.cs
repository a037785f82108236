using Piazza.Core.Cluster;

namespace Piazza.Cluster;

/// <summary>A <see cref="NodeMember"/> as Orleans carries it between nodes (Core's records know nothing of Orleans).</summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedMember")]
public sealed record RelayedMember
{
    [Id(0)] public required string Node { get; init; }
    [Id(1)] public long Id { get; init; }
    [Id(2)] public required string Nick { get; init; }
    [Id(3)] public bool ChoseNick { get; init; }
    [Id(4)] public required string Address { get; init; }
    [Id(5)] public required string Host { get; init; }
    [Id(6)] public required string User { get; init; }
    [Id(7)] public string RealName { get; init; } = string.Empty;
    [Id(8)] public string? Account { get; init; }
    [Id(9)] public bool IsOperator { get; init; }
    [Id(10)] public bool IsVoiced { get; init; }
    [Id(11)] public string? Away { get; init; }

    /// <summary>The member for the wire, as a member of <paramref name="node"/>.</summary>
    public static RelayedMember From(NodeMember member, string node) => new()
    {
        Node = node,
        Id = member.Id,
        Nick = member.Nick,
        ChoseNick = member.ChoseNick,
        Address = member.Address,
        Host = member.Host,
        User = member.User,
        RealName = member.RealName,
        Account = member.Account,
        IsOperator = member.IsOperator,
        IsVoiced = member.IsVoiced,
        Away = member.Away,
    };

    /// <summary>The member as the hub takes it.</summary>
    public NodeMember ToNodeMember() =>
        new(Node, Id, Nick, ChoseNick, Address, Host, User, RealName, Account) { IsOperator = IsOperator, IsVoiced = IsVoiced, Away = Away };

    /// <summary>True when <paramref name="other"/> shows the same member the same way (a roster that says nothing new).</summary>
    public bool SameAs(RelayedMember other) =>
        Id == other.Id && ChoseNick == other.ChoseNick && IsOperator == other.IsOperator && IsVoiced == other.IsVoiced
        && string.Equals(Nick, other.Nick, StringComparison.Ordinal) && string.Equals(Node, other.Node, StringComparison.Ordinal);
}
