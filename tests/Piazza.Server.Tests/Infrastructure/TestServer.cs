using System.Net;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

using Piazza.Core;
using Piazza.Server.Hosting;

namespace Piazza.Server.Tests.Infrastructure;

/// <summary>The real server, started in-process on a free loopback port.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly WebApplication _app;

    private TestServer(WebApplication app)
    {
        _app = app;
        Hub = app.Services.GetRequiredService<ChatHub>();
        Connections = app.Services.GetRequiredService<ConnectionCounter>();
        EndPoint = app.Services.GetRequiredService<ChatEndpoints>().Chat;
    }

    public IPEndPoint EndPoint { get; }

    public IPEndPoint IrcEndPoint => _app.Services.GetRequiredService<ChatEndpoints>().Irc!;

    public ChatHub Hub { get; }

    public ConnectionCounter Connections { get; }

    /// <summary>Starts a server; <paramref name="settings"/> are <c>Section:Key=value</c> overrides.</summary>
    public static async Task<TestServer> StartAsync(params string[] settings)
    {
        string[] args =
        [
            "--Listen:Chat=127.0.0.1:0",
            "--Listen:Irc=127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            .. settings.Select(s => "--" + s),
        ];
        var app = PiazzaApp.Build(args);
        await app.StartAsync().WaitAsync(Timeout);
        return new TestServer(app);
    }

    public Task<LineClient> ConnectAsync() => LineClient.ConnectAsync(EndPoint);

    /// <summary>Waits until every connection has closed and every member has left.</summary>
    public async Task WaitAllClosedAsync()
    {
        await Connections.WhenAllClosedAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(0, Hub.MemberCount);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(Timeout);
        await _app.DisposeAsync();
    }
}
