using Piazza.Core.Accounts;
using Piazza.Core.Bans;
using Piazza.Core.ReadMarkers;
using Piazza.Core.Registrations;
using Piazza.Storage.Postgres;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>The account store specification in PostgreSQL, the history store closed and reopened for the restart case.</summary>
[Trait("Category", "Slow")]
public sealed class PostgresAccountStoreSpecificationTests : AccountStoreSpecification
{
    private readonly PostgresHistory _history = new();

    protected override async Task<IAccountStore> CreateStoreAsync() => new PostgresAccountStore(await _history.OpenAsync());

    protected override async Task<IAccountStore> ReopenAsync() => new PostgresAccountStore(await _history.ReopenAsync());

    protected override async Task CleanUpAsync() => await _history.CloseAsync();
}

/// <summary>The registered room store specification in PostgreSQL.</summary>
[Trait("Category", "Slow")]
public sealed class PostgresRoomRegistrationStoreSpecificationTests : RoomRegistrationStoreSpecification
{
    private readonly PostgresHistory _history = new();

    protected override async Task<IRoomRegistrationStore> CreateStoreAsync() => new PostgresRoomRegistrationStore(await _history.OpenAsync());

    protected override async Task<IRoomRegistrationStore> ReopenAsync() => new PostgresRoomRegistrationStore(await _history.ReopenAsync());

    protected override async Task CleanUpAsync() => await _history.CloseAsync();
}

/// <summary>The read marker store specification in PostgreSQL.</summary>
[Trait("Category", "Slow")]
public sealed class PostgresReadMarkerStoreSpecificationTests : ReadMarkerStoreSpecification
{
    private readonly PostgresHistory _history = new();

    protected override async Task<IReadMarkerStore> CreateStoreAsync() => new PostgresReadMarkerStore(await _history.OpenAsync());

    protected override async Task<IReadMarkerStore> ReopenAsync() => new PostgresReadMarkerStore(await _history.ReopenAsync());

    protected override async Task CleanUpAsync() => await _history.CloseAsync();
}

/// <summary>The server ban store specification in PostgreSQL.</summary>
[Trait("Category", "Slow")]
public sealed class PostgresServerBanStoreSpecificationTests : ServerBanStoreSpecification
{
    private readonly PostgresHistory _history = new();

    protected override async Task<IServerBanStore> CreateStoreAsync() => new PostgresServerBanStore(await _history.OpenAsync());

    protected override async Task<IServerBanStore> ReopenAsync() => new PostgresServerBanStore(await _history.ReopenAsync());

    protected override async Task CleanUpAsync() => await _history.CloseAsync();
}
