using Piazza.Core.Bans;

namespace Piazza.Cluster;

/// <summary>A server ban (<see cref="ServerBan"/>) as Orleans carries it between nodes.</summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedServerBan")]
public sealed record RelayedServerBan
{
    [Id(0)] public required string Mask { get; init; }
    [Id(1)] public ServerBanKind Kind { get; init; }
    [Id(2)] public string Reason { get; init; } = string.Empty;
    [Id(3)] public string SetBy { get; init; } = string.Empty;
    [Id(4)] public DateTimeOffset SetAt { get; init; }

    /// <summary>When it stops applying, by the clock of the node that set it; null for never.</summary>
    [Id(5)] public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The ban for the wire; null for none (lifted).</summary>
    public static RelayedServerBan? From(ServerBan? ban) => ban is null
        ? null
        : new() { Mask = ban.Mask, Kind = ban.Kind, Reason = ban.Reason, SetBy = ban.SetBy, SetAt = ban.SetAt, ExpiresAt = ban.ExpiresAt };

    public ServerBan ToBan() => new(Mask, Enum.IsDefined(Kind) ? Kind : ServerBanKind.Mask, Reason, SetBy, SetAt, ExpiresAt);
}
