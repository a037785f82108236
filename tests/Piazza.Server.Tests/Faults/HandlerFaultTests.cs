using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.History;
using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests.Faults;

/// <summary>
/// A command handler that throws is a bug, not a lost connection: it is logged at Error with the
/// session's context (never the line's text), the client is told "internal error" in its
/// protocol and cut off, others see it quit, and the hub keeps nothing of it. The bug is a
/// history store whose Append throws (<see cref="FaultyMessageStore"/>), on a real server.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HandlerFaultTests : IDisposable
{
    private const int InternalError = 107;
    private const int Disconnected = 101;

    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task A_plain_command_that_throws_is_logged_as_an_error_and_the_client_is_cut_off_with_an_internal_error()
    {
        await using var server = await StartAsync();
        await using var watcher = await server.ConnectAsync("watcher");
        await using var alice = await server.ConnectAsync("alice");
        await watcher.ExpectAsync($"* {alice.Address} is now known as alice");

        await alice.SendAsync(FaultyMessageStore.Trigger);

        var rest = await alice.WaitClosedAsync();
        Assert.Equal(
            "! the server failed on that command (its fault, not yours; it is logged): internal error; disconnected",
            rest[^1]);
        await watcher.ExpectAsync("* alice quit (internal error)");
        Assert.Equal(1, server.Hub.MemberCount);

        var error = await _logs.WaitForAsync(InternalError);
        Assert.Equal(
            (LogLevel.Error, alice.Address, "plain", "alice", "text"),
            (error.Level, error["Address"], error["Protocol"], error["Nick"], error["Command"]));
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.DoesNotContain(FaultyMessageStore.Trigger, error.Message, StringComparison.Ordinal);
        var disconnected = await _logs.WaitForAsync(l => l.EventId.Id == Disconnected && l["Nick"] == "alice");
        Assert.Equal("internal error", disconnected["Reason"]);

        await watcher.SendAsync("exit");
        await watcher.WaitClosedAsync();
        await server.WaitAllClosedAsync();
    }

    [Fact]
    public async Task An_irc_command_that_throws_is_logged_as_an_error_and_the_client_gets_an_error_line()
    {
        await using var server = await StartAsync();
        var (bob, carol) = await server.IrcPairInAsync("#lobby", "bob", "carol");

        await carol.SendAsync($"PRIVMSG #lobby :{FaultyMessageStore.Trigger}");

        var rest = await carol.WaitClosedAsync();
        Assert.Equal("ERROR :Closing Link: 127.0.0.1 (Internal error)", rest[^1].Raw);
        var quit = await bob.ExpectAsync("QUIT");
        Assert.Equal(("carol", "internal error"), (quit.SourceNick, quit.Last));
        Assert.Equal(1, server.Hub.MemberCount);

        var error = await _logs.WaitForAsync(InternalError);
        Assert.Equal((LogLevel.Error, "irc", "carol", "PRIVMSG"), (error.Level, error["Protocol"], error["Nick"], error["Command"]));
        Assert.DoesNotContain(FaultyMessageStore.Trigger, error.Message, StringComparison.Ordinal);

        await bob.SendAsync("QUIT");
        await bob.WaitClosedAsync();
        await server.WaitAllClosedAsync();
        Assert.DoesNotContain(server.Hub.Rooms, room => room.Count > 0);
    }

    public void Dispose() => _logs.Dispose();

    private Task<TestServer> StartAsync() => TestServer.StartAsync(
        services =>
        {
            services.AddSingleton<ILoggerProvider>(_logs);
            services.AddSingleton(HistoryStoreOpener.Using(new FaultyMessageStore()));
        },
        "Logging:LogLevel:Piazza=Debug", "Logging:Console:LogLevel:Default=Critical");
}
