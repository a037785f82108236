using Piazza.Core;
using Piazza.Core.Registrations;
using Piazza.Storage.Tests.Infrastructure;

namespace Piazza.Storage.Tests;

/// <summary>What every <see cref="IRoomRegistrationStore"/> must do; each implementation runs it.</summary>
public abstract class RoomRegistrationStoreSpecification : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, 123, TimeSpan.Zero);

    private IRoomRegistrationStore _store = null!;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public Task DisposeAsync() => CleanUpAsync();

    [Fact]
    public async Task Nothing_is_registered_at_first()
    {
        Assert.Empty(await _store.LoadAsync().WaitAsync(TestTimeouts.Operation));
    }

    [Fact]
    public async Task A_room_saved_reads_back_whole_after_a_reopen()
    {
        var room = Full("Dev");
        await _store.SaveAsync(room).WaitAsync(TestTimeouts.Operation);
        _store = await ReopenAsync();

        Assert.Equal(room, Assert.Single(await _store.LoadAsync().WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task A_room_without_modes_or_lists_reads_back_empty()
    {
        var room = new StoredRoom("quiet", new RoomRegistration("alice", At, []), RoomModes.None, [], [], []);
        await _store.SaveAsync(room).WaitAsync(TestTimeouts.Operation);
        _store = await ReopenAsync();

        Assert.Equal(room, Assert.Single(await _store.LoadAsync().WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Saving_again_replaces_everything_under_the_name_ignoring_its_case()
    {
        await _store.SaveAsync(Full("dev")).WaitAsync(TestTimeouts.Operation);
        var fewer = Full("DEV") with { Modes = RoomModes.None with { Secret = true }, Bans = [], Registration = new RoomRegistration("alice", At, []) };
        await _store.SaveAsync(fewer).WaitAsync(TestTimeouts.Operation);
        _store = await ReopenAsync();

        Assert.Equal(fewer, Assert.Single(await _store.LoadAsync().WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Delete_forgets_one_room_and_leaves_the_others()
    {
        await _store.SaveAsync(Full("dev")).WaitAsync(TestTimeouts.Operation);
        await _store.SaveAsync(Full("ops")).WaitAsync(TestTimeouts.Operation);
        await _store.DeleteAsync("DEV").WaitAsync(TestTimeouts.Operation);
        await _store.DeleteAsync("never-there").WaitAsync(TestTimeouts.Operation);
        _store = await ReopenAsync();

        Assert.Equal("ops", Assert.Single(await _store.LoadAsync().WaitAsync(TestTimeouts.Operation)).Name);
    }

    [Fact]
    public async Task Rename_moves_the_room_with_its_lists()
    {
        await _store.SaveAsync(Full("dev")).WaitAsync(TestTimeouts.Operation);
        var renamed = Full("Dev-Team");
        await _store.RenameAsync("dev", renamed).WaitAsync(TestTimeouts.Operation);
        _store = await ReopenAsync();

        Assert.Equal(renamed, Assert.Single(await _store.LoadAsync().WaitAsync(TestTimeouts.Operation)));
    }

    [Fact]
    public async Task Hostile_text_is_kept_as_text()
    {
        var room = Full("x") with
        {
            Modes = RoomModes.None with { Key = "'; DROP TABLE registered_rooms; --" },
            Bans = [new RoomBan("*!*@'\"%_\\*", "o'brien", At)],
            Registration = new RoomRegistration("a'b", At, ["c\"d", "é"]),
        };
        await _store.SaveAsync(room).WaitAsync(TestTimeouts.Operation);
        _store = await ReopenAsync();

        Assert.Equal(room, Assert.Single(await _store.LoadAsync().WaitAsync(TestTimeouts.Operation)));
    }

    /// <summary>Makes the store, empty.</summary>
    protected abstract Task<IRoomRegistrationStore> CreateStoreAsync();

    /// <summary>The store as a restart finds it.</summary>
    protected abstract Task<IRoomRegistrationStore> ReopenAsync();

    protected abstract Task CleanUpAsync();

    /// <summary>A room with every setting: all flag modes, key, limit, three lists in order, operators.</summary>
    private static StoredRoom Full(string name) => new(
        name,
        new RoomRegistration("alice", At, ["bob", "carol"]),
        new RoomModes(TopicLocked: true, NoOutsideMessages: true, Moderated: true, InviteOnly: true, Key: "sesame", Limit: 12) { Secret = true, NoCtcp = true },
        [new RoomBan("spam!*@*", "alice", At), new RoomBan("m:loud!*@*", "bob", At.AddMinutes(1)), new RoomBan("*!*@bad.example", "alice", At.AddMinutes(2))],
        [new RoomBan("friend!*@*", "alice", At.AddMinutes(3))],
        [new RoomBan("guest!*@*", "carol", At.AddMinutes(4))]);
}
