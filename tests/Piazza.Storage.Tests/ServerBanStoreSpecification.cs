using Piazza.Core.Bans;

namespace Piazza.Storage.Tests;

/// <summary>What every <see cref="IServerBanStore"/> must do; each implementation runs it.</summary>
public abstract class ServerBanStoreSpecification : IAsyncLifetime
{
    private static readonly DateTimeOffset SetAt = new(2026, 12, 5, 12, 0, 0, 123, TimeSpan.Zero);

    private IServerBanStore _store = null!;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public Task DisposeAsync() => CleanUpAsync();

    [Fact]
    public async Task Saved_bans_load_back_the_same_oldest_first()
    {
        var permanent = new ServerBan("10.0.0.0/8", ServerBanKind.Address, "bot farm", "root", SetAt, null);
        var timed = new ServerBan("spammer!*@*", ServerBanKind.Mask, "links – everywhere ✓", "root", SetAt.AddMinutes(1), SetAt.AddDays(1));
        await _store.SaveAsync(timed);
        await _store.SaveAsync(permanent);

        Assert.Equal([permanent, timed], await _store.LoadAsync());
    }

    [Fact]
    public async Task Saving_the_same_mask_again_replaces_it_ignoring_case()
    {
        await _store.SaveAsync(new ServerBan("spammer!*@*", ServerBanKind.Mask, "first", "root", SetAt, null));
        var second = new ServerBan("SPAMMER!*@*", ServerBanKind.Mask, "second", "admin", SetAt.AddMinutes(5), SetAt.AddHours(1));
        await _store.SaveAsync(second);

        Assert.Equal([second], await _store.LoadAsync());
    }

    [Fact]
    public async Task Delete_removes_only_that_mask_and_a_missing_one_is_no_error()
    {
        await _store.SaveAsync(new ServerBan("a!*@*", ServerBanKind.Mask, "r", "root", SetAt, null));
        var kept = new ServerBan("b!*@*", ServerBanKind.Mask, "r", "root", SetAt, null);
        await _store.SaveAsync(kept);

        await _store.DeleteAsync("A!*@*");
        await _store.DeleteAsync("nothing!*@*");

        Assert.Equal([kept], await _store.LoadAsync());
    }

    [Fact]
    public async Task Bans_survive_reopening()
    {
        var ban = new ServerBan("2001:db8::/64", ServerBanKind.Address, "r", "root", SetAt, SetAt.AddDays(7));
        await _store.SaveAsync(ban);

        _store = await ReopenAsync();

        Assert.Equal([ban], await _store.LoadAsync());
    }

    protected abstract Task<IServerBanStore> CreateStoreAsync();

    /// <summary>The same store as a restarted server would open it.</summary>
    protected abstract Task<IServerBanStore> ReopenAsync();

    protected abstract Task CleanUpAsync();
}
