using Piazza.Core.Accounts;

namespace Piazza.Storage.Tests;

/// <summary>What every <see cref="IAccountStore"/> must do; each implementation runs it.</summary>
public abstract class AccountStoreSpecification : IAsyncLifetime
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 12, 6, 12, 0, 0, 123, TimeSpan.Zero);

    private IAccountStore _store = null!;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public Task DisposeAsync() => CleanUpAsync();

    [Fact]
    public async Task Saved_accounts_load_back_the_same_oldest_first()
    {
        var bob = new AccountRecord("Bob", "pbkdf2-sha256$600000$c2FsdA==$a2V5", CreatedAt.AddMinutes(1));
        var ann = new AccountRecord("ann", "hash-of-ann", CreatedAt);
        await _store.SaveAsync(bob);
        await _store.SaveAsync(ann);

        Assert.Equal([ann, bob], await _store.LoadAsync());
    }

    [Fact]
    public async Task Saving_the_same_name_again_replaces_the_hash_and_keeps_name_and_creation()
    {
        var first = new AccountRecord("Bob", "first", CreatedAt);
        await _store.SaveAsync(first);
        await _store.SaveAsync(first with { PasswordHash = "second" });

        Assert.Equal([first with { PasswordHash = "second" }], await _store.LoadAsync());
    }

    [Fact]
    public async Task Accounts_survive_reopening()
    {
        var account = new AccountRecord("zoë-not-a-nick-but-stored", "h", CreatedAt);
        await _store.SaveAsync(account);

        _store = await ReopenAsync();

        Assert.Equal([account], await _store.LoadAsync());
    }

    [Fact]
    public async Task The_operator_flag_is_set_and_cleared_by_name_survives_reopening_and_a_rehash_keeps_it()
    {
        var bob = new AccountRecord("Bob", "first", CreatedAt);
        var ann = new AccountRecord("ann", "h", CreatedAt.AddMinutes(1));
        await _store.SaveAsync(bob);
        await _store.SaveAsync(ann);

        await _store.SetOperatorAsync("BOB", isOperator: true);
        await _store.SetOperatorAsync("nobody", isOperator: true);

        // A rehash saved from a record read before the flag was set does not clear it.
        await _store.SaveAsync(bob with { PasswordHash = "second" });
        _store = await ReopenAsync();
        Assert.Equal([bob with { PasswordHash = "second", IsOperator = true }, ann], await _store.LoadAsync());

        await _store.SetOperatorAsync("bob", isOperator: false);
        Assert.Equal([bob with { PasswordHash = "second" }, ann], await _store.LoadAsync());
    }

    [Fact]
    public async Task One_account_is_found_by_its_name_in_any_case_and_none_for_a_name_not_stored()
    {
        var bob = new AccountRecord("Bob", "h", CreatedAt);
        await _store.SaveAsync(bob);
        await _store.SetOperatorAsync("bob", isOperator: true);

        Assert.Equal(bob with { IsOperator = true }, await _store.FindAsync("BOB"));
        Assert.Null(await _store.FindAsync("ann"));
    }

    [Fact]
    public async Task Creating_an_account_never_writes_over_one_of_that_name()
    {
        var bob = new AccountRecord("Bob", "first", CreatedAt);
        Assert.True(await _store.CreateAsync(bob));

        // Another node of a cluster registering "bob" meanwhile: refused, and the first stands.
        Assert.False(await _store.CreateAsync(new AccountRecord("bob", "second", CreatedAt.AddMinutes(1))));
        Assert.Equal([bob], await _store.LoadAsync());
    }

    protected abstract Task<IAccountStore> CreateStoreAsync();

    protected abstract Task<IAccountStore> ReopenAsync();

    protected abstract Task CleanUpAsync();
}
