using Piazza.Core.Registrations;

namespace Piazza.Cluster;

/// <summary>A room's registration (<see cref="RoomRegistration"/>) as Orleans carries it between nodes.</summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedRegistration")]
public sealed record RelayedRegistration
{
    [Id(0)] public required string Founder { get; init; }
    [Id(1)] public DateTimeOffset RegisteredAt { get; init; }
    [Id(2)] public string[] Operators { get; init; } = [];

    /// <summary>The registration for the wire; null for none.</summary>
    public static RelayedRegistration? From(RoomRegistration? registration) => registration is null
        ? null
        : new() { Founder = registration.Founder, RegisteredAt = registration.RegisteredAt, Operators = [.. registration.Operators] };

    public RoomRegistration ToRegistration() => new(Founder, RegisteredAt, Operators);
}
