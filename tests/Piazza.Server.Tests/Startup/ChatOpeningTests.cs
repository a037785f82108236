using System.Net;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

using Piazza.Core.History;
using Piazza.Server.History;
using Piazza.Server.Hosting;
using Piazza.Testing;

namespace Piazza.Server.Tests.Startup;

/// <summary>
/// The chat opens (store, bans, hub) asynchronously after the listeners are bound
/// (<see cref="ChatStartup"/>). The test holds the store's opening open, so the window between
/// the bind and the open is not left to timing: a client that comes in then waits and is served,
/// and one whose server fails to open its store is closed, not left hanging.
/// </summary>
public sealed class ChatOpeningTests
{
    [Fact]
    public async Task A_client_that_connects_while_the_store_opens_is_welcomed_once_it_has_opened()
    {
        var store = new TaskCompletionSource<IMessageStore?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (app, starting) = await StartUntilTheStoreOpensAsync(store.Task);
        await using var stopped = app;

        var endpoints = app.Services.GetRequiredService<ChatEndpoints>();
        var connecting = LineClient.ConnectAsync(endpoints.Chat, readWelcome: false);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{endpoints.Http}") };
        var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.StartsWith("starting", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        store.SetResult(new InMemoryMessageStore());
        await starting.WaitAsync(TestServer.Timeout);
        await using var client = await connecting;
        Assert.StartsWith("* welcome to Piazza", await client.NextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        await app.StopAsync().WaitAsync(TestServer.Timeout);
    }

    [Fact]
    public async Task A_client_waiting_for_a_store_that_fails_to_open_is_closed_and_the_start_fails()
    {
        var store = new TaskCompletionSource<IMessageStore?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (app, starting) = await StartUntilTheStoreOpensAsync(store.Task);
        await using var stopped = app;
        await using var client = await LineClient.ConnectAsync(app.Services.GetRequiredService<ChatEndpoints>().Chat, readWelcome: false);

        store.SetException(new InvalidOperationException("the test's store cannot open"));
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => starting.WaitAsync(TestServer.Timeout));
        Assert.Equal("the test's store cannot open", failed.Message);

        // Closed by the failed open itself, before anyone stops the listeners.
        Assert.Empty(await client.WaitClosedAsync());
        await app.StopAsync().WaitAsync(TestServer.Timeout);
    }

    /// <summary>Starts a server whose store opens when <paramref name="store"/> completes; returns once the listeners are bound and the open has begun.</summary>
    private static async Task<(WebApplication App, Task Starting)> StartUntilTheStoreOpensAsync(Task<IMessageStore?> store)
    {
        var opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = Build(_ =>
        {
            opening.TrySetResult();
            return store;
        });
        var starting = app.StartAsync();
        await opening.Task.WaitAsync(TestServer.Timeout);
        return (app, starting);
    }

    private static WebApplication Build(Func<CancellationToken, Task<IMessageStore?>> openStore) => PiazzaApp.Build(
        [
            "--Listen:Chat=127.0.0.1:0",
            "--Listen:Irc=127.0.0.1:0",
            "--Listen:Http=127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            // The plain welcome comes without the IRC detection wait.
            "--Irc:DetectTimeoutMilliseconds=50",
        ],
        services => services.AddSingleton(new HistoryStoreOpener(openStore)));
}
