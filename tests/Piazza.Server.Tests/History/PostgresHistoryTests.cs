using System.Net;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.Tests.Accounts;
using Piazza.Server.Tests.Http;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Storage.Postgres;
using Piazza.Testing;

namespace Piazza.Server.Tests.History;

/// <summary>
/// The server with History:Store=postgresql, against a real PostgreSQL (Piazza.Testing.Postgres's
/// <see cref="PostgresServer"/>, a fresh database per test): history and accounts survive a
/// restart, an outage of the database degrades /healthz without stopping chat, and the
/// connection string's password shows in no log and no health report.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PostgresHistoryTests : IAsyncLifetime, IDisposable
{
    private const string Password = "pg-secret-7f3a";

    private readonly CapturedLogs _logs = new();
    private PostgresServer _postgres = null!;
    private string _database = string.Empty;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.SharedAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _database = await _postgres.CreateDatabaseAsync().WaitAsync(TestServer.Timeout);
    }

    public async Task DisposeAsync() => await _postgres.DropDatabaseAsync(_database).WaitAsync(TestServer.Timeout);

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task Two_clients_chat_and_after_a_restart_a_new_client_is_replayed_the_history_and_accounts_remain()
    {
        var first = await StartAsync();
        Assert.IsType<PostgresMessageStore>(first.History);
        var (alice, bob) = await first.PlainPairAsync("alice", "bob");
        await alice.SendAsync("/register " + AccountSettings.Password);
        await alice.ExpectAsync(l => l.StartsWith("* registered the account", StringComparison.Ordinal));
        await alice.SendAsync("hello from postgres");
        Assert.Equal("[alice] hello from postgres", await bob.NextChatAsync());
        await bob.SendAsync("it's \"quoted\" and 'single' -- not SQL; DROP TABLE piazza.messages;");
        Assert.Equal("[bob] it's \"quoted\" and 'single' -- not SQL; DROP TABLE piazza.messages;", await alice.NextChatAsync());
        await first.StopAsync();

        await using var second = await StartAsync();
        await using var carol = await LineClient.ConnectAsync(second.EndPoint, readWelcome: false);

        await carol.ExpectAsync("* history of lobby (2 messages):");
        Assert.EndsWith("[alice] hello from postgres", await carol.NextAsync());
        Assert.EndsWith("[bob] it's \"quoted\" and 'single' -- not SQL; DROP TABLE piazza.messages;", await carol.NextAsync());
        Assert.Equal("* --- live chat in lobby from here ---", await carol.NextAsync());
        Assert.Equal(1L, await _postgres.ScalarAsync(_database, "SELECT count(*) FROM piazza.accounts WHERE name_key = 'alice'"));
        AssertNoPasswordLogged();
    }

    [Fact]
    public async Task While_postgres_is_unreachable_chat_goes_on_healthz_is_503_and_the_messages_are_written_when_it_is_back()
    {
        await using var server = await StartAsync("History:CommitIntervalMilliseconds=20");
        using var probe = new HealthProbe(server.HttpEndPoint);
        var (alice, bob) = await server.PlainPairAsync("alice", "bob");
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync()).Status);

        await _postgres.CutOffAsync(_database).WaitAsync(TestServer.Timeout);
        await alice.SendAsync("said while the database is away");
        Assert.Equal("[alice] said while the database is away", await bob.NextChatAsync());
        var degraded = await probe.PollUntilAsync(HttpStatusCode.ServiceUnavailable);
        await alice.SendAsync("still chatting");
        Assert.Equal("[alice] still chatting", await bob.NextChatAsync());

        // A join meanwhile gets the room's history from the store's recent tail (made at the first joins).
        await using var carol = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false);
        await carol.ExpectAsync("* history of lobby (2 messages):");
        Assert.EndsWith("[alice] said while the database is away", await carol.NextAsync());
        Assert.EndsWith("[alice] still chatting", await carol.NextAsync());

        var history = degraded["history"]!;
        Assert.Equal("postgresql", (string?)history["store"]);
        Assert.False((bool?)history["healthy"]);
        var problem = (string?)history["problem"];
        Assert.NotNull(problem);
        Assert.Contains($"postgresql://127.0.0.1:{_postgres.Port}/{_database}", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, problem, StringComparison.Ordinal);
        await _logs.WaitForAsync(212); // PostgresStoreWriteFailed, once

        await _postgres.ReopenAsync(_database).WaitAsync(TestServer.Timeout);
        var healthy = await probe.PollUntilAsync(HttpStatusCode.OK);
        await server.History!.FlushAsync().WaitAsync(TestServer.Timeout);

        Assert.True((bool?)healthy["history"]!["healthy"]);
        Assert.Equal(0, (long?)healthy["history"]!["dropped"]);
        Assert.Equal(
            "said while the database is away|still chatting",
            await _postgres.ScalarAsync(_database, "SELECT string_agg(text, '|' ORDER BY seq) FROM piazza.messages").WaitAsync(TestServer.Timeout));
        Assert.Single(_logs.Lines, l => l.EventId.Id == 212);
        await _logs.WaitForAsync(213); // PostgresStoreWriteRecovered
        AssertNoPasswordLogged();
    }

    [Fact]
    public async Task A_nul_in_a_message_is_stored_as_the_replacement_character_and_the_batch_around_it_is_kept()
    {
        await using var server = await StartAsync();
        var (alice, bob) = await server.PlainPairAsync("alice", "bob");
        await alice.SendAsync("before");
        await bob.NextChatAsync();

        // Straight to the store, as the protocols may never pass a NUL: the store must hold it anyway.
        var now = Core.History.StoredMessage.TimeOf(DateTimeOffset.UtcNow);
        server.History!.Append(new Core.History.StoredMessage("nul-1", now, "lobby", Core.History.StoredKind.Message, "eve", "eve", "eve!u@h", "a\0b\uD800c"));
        await alice.SendAsync("after " + new string('x', 1_500));
        await bob.NextChatAsync();
        await server.History.FlushAsync().WaitAsync(TestServer.Timeout);

        // Above the recent tail's 64, LATEST reads the database (the tail holds what was appended).
        var stored = await server.History.LatestAsync("lobby", 100).WaitAsync(TestServer.Timeout);
        Assert.True(server.History.Health.IsHealthy, server.History.Health.Problem);
        Assert.Equal(["before", "a\uFFFDb\uFFFDc", "after " + new string('x', 1_500)], stored.Select(m => m.Text));
    }

    private Task<TestServer> StartAsync(params string[] settings) => TestServer.StartAsync(
        services => services.AddSingleton<ILoggerProvider>(_logs),
        [
            "History:Store=postgresql",
            $"History:Postgres={_postgres.ConnectionString(_database, Password)}",
            "Logging:LogLevel:Default=Information",
            "Logging:Console:LogLevel:Default=Warning",
            .. AccountSettings.Fast,
            .. settings,
        ]);

    private void AssertNoPasswordLogged()
    {
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, l => l.ToString().Contains(Password, StringComparison.Ordinal)
            || (l.Exception?.ToString().Contains(Password, StringComparison.Ordinal) ?? false)
            || l.Properties.Values.Any(v => v?.Contains(Password, StringComparison.Ordinal) ?? false));
    }
}
