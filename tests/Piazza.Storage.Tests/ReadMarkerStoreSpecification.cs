using Piazza.Core.ReadMarkers;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>What every <see cref="IReadMarkerStore"/> must do; each implementation runs it.</summary>
public abstract class ReadMarkerStoreSpecification : IAsyncLifetime
{
    private static readonly DateTimeOffset ReadAt = new(2026, 12, 6, 12, 0, 0, 123, TimeSpan.Zero);

    private IReadMarkerStore _store = null!;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public Task DisposeAsync() => CleanUpAsync();

    [Fact]
    public async Task No_marker_is_known_at_first()
    {
        Assert.Null(await Get("alice", "#dev"));
        await Advance("alice", "#dev", ReadAt);
        Assert.Null(await Get("alice", "#ops"));
        Assert.Null(await Get("bob", "#dev"));
    }

    [Fact]
    public async Task A_marker_set_reads_back_ignoring_the_case_of_account_and_target()
    {
        Assert.Equal(new ReadMarkerChange(ReadAt, Moved: true), await Advance("Alice", "#Dev", ReadAt));

        Assert.Equal(ReadAt, await Get("alice", "#dev"));
        Assert.Equal(ReadAt, await Get("ALICE", "#DEV"));
    }

    [Fact]
    public async Task A_marker_only_moves_forward()
    {
        await Advance("alice", "bob", ReadAt);

        Assert.Equal(new ReadMarkerChange(ReadAt, Moved: false), await Advance("alice", "bob", ReadAt.AddSeconds(-1)));
        Assert.Equal(new ReadMarkerChange(ReadAt, Moved: false), await Advance("alice", "Bob", ReadAt));
        Assert.Equal(ReadAt, await Get("alice", "bob"));

        Assert.Equal(new ReadMarkerChange(ReadAt.AddMilliseconds(1), Moved: true), await Advance("alice", "bob", ReadAt.AddMilliseconds(1)));
        Assert.Equal(ReadAt.AddMilliseconds(1), await Get("alice", "bob"));
    }

    [Fact]
    public async Task Moving_a_target_moves_every_accounts_marker_and_keeps_the_later_where_both_exist()
    {
        await Advance("alice", "#dev", ReadAt);
        await Advance("bob", "#Dev", ReadAt.AddHours(1));
        await Advance("bob", "#ops", ReadAt);
        await Advance("carol", "#dev", ReadAt);
        await Advance("carol", "#ops", ReadAt.AddHours(2));
        await Advance("dave", "#other", ReadAt);

        await _store.MoveTargetAsync("#DEV", "#Ops");

        Assert.Null(await Get("alice", "#dev"));
        Assert.Equal(ReadAt, await Get("alice", "#ops"));
        Assert.Equal(ReadAt.AddHours(1), await Get("bob", "#ops"));
        Assert.Equal(ReadAt.AddHours(2), await Get("carol", "#ops"));
        Assert.Null(await Get("carol", "#dev"));
        Assert.Equal(ReadAt, await Get("dave", "#other"));

        // A change of case only: nothing to move, nothing lost.
        await _store.MoveTargetAsync("#ops", "#OPS");
        Assert.Equal(ReadAt, await Get("alice", "#ops"));
    }

    [Fact]
    public async Task Accounts_and_targets_keep_their_own_markers()
    {
        await Advance("alice", "#dev", ReadAt);
        await Advance("alice", "#ops", ReadAt.AddHours(1));
        await Advance("bob", "#dev", ReadAt.AddHours(2));

        Assert.Equal(ReadAt, await Get("alice", "#dev"));
        Assert.Equal(ReadAt.AddHours(1), await Get("alice", "#ops"));
        Assert.Equal(ReadAt.AddHours(2), await Get("bob", "#dev"));
    }

    [Fact]
    public async Task Markers_survive_reopening()
    {
        await Advance("alice", "#dev", ReadAt);

        _store = await ReopenAsync();

        Assert.Equal(ReadAt, await Get("Alice", "#dev"));
    }

    [Fact]
    public async Task Past_the_limit_the_target_read_longest_ago_goes_never_the_one_just_set()
    {
        for (var i = 0; i < IReadMarkerStore.MaxTargetsPerAccount; i++)
        {
            await Advance("alice", $"#room{i}", ReadAt.AddMinutes(i));
        }

        // One more, read before all the others: it stays, and #room0 (the oldest of the rest) goes.
        await Advance("alice", "#late", ReadAt.AddMinutes(-1));

        Assert.Equal(ReadAt.AddMinutes(-1), await Get("alice", "#late"));
        Assert.Null(await Get("alice", "#room0"));
        Assert.Equal(ReadAt.AddMinutes(1), await Get("alice", "#room1"));
        Assert.Equal(ReadAt.AddMinutes(IReadMarkerStore.MaxTargetsPerAccount - 1), await Get("alice", $"#room{IReadMarkerStore.MaxTargetsPerAccount - 1}"));

        // Another account is not touched by alice's limit.
        await Advance("bob", "#room0", ReadAt);
        Assert.Equal(ReadAt, await Get("bob", "#room0"));
    }

    [Fact]
    public async Task Connections_advancing_one_marker_at_once_leave_the_latest()
    {
        var changes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => Advance("alice", "#dev", ReadAt.AddSeconds(i))))).WaitAsync(TestTimeouts.Operation);

        Assert.Equal(ReadAt.AddSeconds(15), await Get("alice", "#dev"));
        Assert.Contains(changes, c => c == new ReadMarkerChange(ReadAt.AddSeconds(15), Moved: true));
    }

    protected abstract Task<IReadMarkerStore> CreateStoreAsync();

    protected abstract Task<IReadMarkerStore> ReopenAsync();

    protected abstract Task CleanUpAsync();

    private Task<DateTimeOffset?> Get(string account, string target) => _store.GetAsync(account, target).WaitAsync(TestTimeouts.Operation);

    private Task<ReadMarkerChange> Advance(string account, string target, DateTimeOffset readAt) =>
        _store.AdvanceAsync(account, target, readAt).WaitAsync(TestTimeouts.Operation);
}
