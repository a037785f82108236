using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Piazza.Server.Tests.Infrastructure;
using Piazza.Testing;

namespace Piazza.Server.Tests;

/// <summary>
/// What the server logs about connections, read by EventId from a capturing logger: connect,
/// disconnect with its reason, refusals; and nothing above Information for a client's ordinary
/// faults.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ConnectionLogTests : IDisposable
{
    private const int Connected = 100;
    private const int Disconnected = 101;
    private const int PerIpTooManyOpen = 121;
    private const int PerIpTooManyNew = 122;
    private const int GoneBeforeFirstLine = 130;

    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task A_plain_client_is_logged_when_it_connects_and_when_it_leaves_with_its_nick_and_reason()
    {
        await using var server = await StartAsync();
        await using var alice = await server.ConnectAsync("alice");
        await alice.SendAsync("/quit gone fishing");
        await alice.WaitClosedAsync();

        var connected = await _logs.WaitForAsync(l => l.EventId.Id == Connected && l["Address"] == alice.Address);
        var disconnected = await _logs.WaitForAsync(l => l.EventId.Id == Disconnected && l["Address"] == alice.Address);

        Assert.Equal((LogLevel.Information, "plain"), (connected.Level, connected["Protocol"]));
        Assert.Equal((LogLevel.Information, "plain", "alice", "gone fishing"), (disconnected.Level, disconnected["Protocol"], disconnected["Nick"], disconnected["Reason"]));
        Assert.Equal($"{alice.Address} disconnected (plain, nick alice): gone fishing", disconnected.Message);
        AssertNothingAboveInformation();
    }

    [Fact]
    public async Task An_irc_client_is_logged_with_its_protocol_and_quit_message()
    {
        await using var server = await StartAsync();
        await using var bob = await server.ConnectIrcAsync("bob");
        await bob.SendAsync("QUIT :see you \u001b[2J");
        await bob.WaitClosedAsync();

        var disconnected = await _logs.WaitForAsync(l => l.EventId.Id == Disconnected && l["Nick"] == "bob");

        Assert.Equal(("irc", "Quit: see you \ufffd[2J"), (disconnected["Protocol"], disconnected["Reason"]));
        Assert.Contains(_logs.Lines, l => l.EventId.Id == Connected && l["Address"] == disconnected["Address"] && l["Protocol"] == "irc");
        AssertNothingAboveInformation();
    }

    [Fact]
    public async Task A_reset_is_an_ordinary_end_without_a_warning_or_a_stack_trace()
    {
        await using var server = await StartAsync();
        var (watcher, client) = await server.PlainPairAsync();

        client.Reset();

        var disconnected = await _logs.WaitForAsync(l => l.EventId.Id == Disconnected && l["Address"] == client.Address);
        Assert.Equal("connection lost", disconnected["Reason"]);
        AssertNothingAboveInformation();
    }

    [Fact]
    public async Task A_reset_while_the_chat_port_waits_for_the_first_line_is_one_information_line()
    {
        await using var server = await StartAsync("Irc:DetectTimeoutMilliseconds=10000");
        var client = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false);
        await client.SendRawAsync("NICK half-a-line"u8.ToArray());

        client.Reset();
        await client.DisposeAsync();

        var gone = await _logs.WaitForAsync(GoneBeforeFirstLine);
        Assert.Equal((LogLevel.Information, client.Address), (gone.Level, gone["Address"]));
        await server.WaitAllClosedAsync();
        AssertNothingAboveInformation();
        Assert.DoesNotContain(_logs.Lines, l => l.Exception is not null);
    }

    [Fact]
    public async Task A_per_ip_refusal_is_logged_once_at_information_and_then_at_debug()
    {
        await using var server = await StartAsync("Limits:MaxConnectionsPerIp=1", "Limits:MaxNewConnectionsPerIp=2");
        var from = Loopback.Address(7);
        var first = await LineClient.ConnectAsync(server.EndPoint, from: from);
        for (var i = 0; i < 2; i++)
        {
            await using var refused = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false, from: from);
            await refused.WaitClosedAsync();
        }

        var refusals = await WaitForCountAsync(PerIpTooManyOpen, 2);
        Assert.Equal([LogLevel.Information, LogLevel.Debug], refusals.Select(l => l.Level));
        Assert.Equal("127.0.0.7", refusals[0]["Address"]);

        await ExitAndWaitReleasedAsync(server, first);
        await ExitAndWaitReleasedAsync(server, await LineClient.ConnectAsync(server.EndPoint, from: from));
        await using (var third = await LineClient.ConnectAsync(server.EndPoint, readWelcome: false, announce: false, from: from))
        {
            Assert.StartsWith("! too many new connections", Assert.Single(await third.WaitClosedAsync()), StringComparison.Ordinal);
        }

        var rate = await WaitForCountAsync(PerIpTooManyNew, 1);
        Assert.Equal(LogLevel.Information, rate[0].Level);
        AssertNothingAboveInformation();
    }

    public void Dispose() => _logs.Dispose();

    private Task<TestServer> StartAsync(params string[] settings) => TestServer.StartAsync(
        services => services.AddSingleton<ILoggerProvider>(_logs),
        ["Logging:LogLevel:Piazza=Debug", "Logging:Console:LogLevel:Default=Warning", .. settings]);

    private static async Task ExitAndWaitReleasedAsync(TestServer server, LineClient client)
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReleased(System.Net.IPAddress address) => released.TrySetResult();
        server.PerIp().Released += OnReleased;
        try
        {
            await client.SendAsync("exit");
            await client.WaitClosedAsync();
            await released.Task.WaitAsync(TestServer.Timeout);
        }
        finally
        {
            server.PerIp().Released -= OnReleased;
            await client.DisposeAsync();
        }
    }

    private async Task<List<CapturedLog>> WaitForCountAsync(int eventId, int count)
    {
        var seen = 0;
        await _logs.WaitForAsync(l => l.EventId.Id == eventId && ++seen == count);
        return [.. _logs.Lines.Where(l => l.EventId.Id == eventId)];
    }

    private void AssertNothingAboveInformation() =>
        Assert.DoesNotContain(_logs.Lines, l => l.Level > LogLevel.Information);
}
