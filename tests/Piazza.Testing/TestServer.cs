using System.Net;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

using Piazza.Core;
using Piazza.Server.Hosting;

namespace Piazza.Testing;

/// <summary>The real server, started in-process on a free loopback port.</summary>
public sealed partial class TestServer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private TestServer(WebApplication app, string dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Hub = app.Services.GetRequiredService<ChatHub>();
        Connections = app.Services.GetRequiredService<ConnectionCounter>();
        EndPoint = app.Services.GetRequiredService<ChatEndpoints>().Chat;
    }

    public IPEndPoint EndPoint { get; }

    public IPEndPoint IrcEndPoint => _app.Services.GetRequiredService<ChatEndpoints>().Irc!;

    /// <summary>The IRC-over-TLS port (<c>Listen:Tls</c>), or null when TLS is off.</summary>
    public IPEndPoint? TlsEndPoint => _app.Services.GetRequiredService<ChatEndpoints>().Tls;

    /// <summary>The HTTP port (<c>http://</c> this), or null when a test turned it off.</summary>
    public IPEndPoint? HttpEndPoint => _app.Services.GetRequiredService<ChatEndpoints>().Http;

    public ChatHub Hub { get; }

    /// <summary>The server's services, for a test that needs one of its parts.</summary>
    public IServiceProvider Services => _app.Services;

    public ConnectionCounter Connections { get; }

    /// <summary>The history store, or null when off.</summary>
    public Piazza.Core.History.IMessageStore? History => Hub.History;

    /// <summary>Starts a server; <paramref name="settings"/> are <c>Section:Key=value</c> overrides.</summary>
    public static Task<TestServer> StartAsync(params string[] settings) => StartInAsync(NewDataDirectory(), settings);

    /// <summary>
    /// The settings that make a server node <paramref name="node"/> of cluster <paramref name="cluster"/>
    /// on this machine: membership in the Redis at <paramref name="redis"/>, history in the
    /// PostgreSQL database at <paramref name="postgres"/>, its silo on a free loopback port.
    /// </summary>
    public static string[] ClusterNodeSettings(string cluster, string node, string redis, string postgres) =>
    [
        "Cluster:Enabled=true",
        $"Cluster:Id={cluster}",
        $"Cluster:Node={node}",
        $"Cluster:Redis={redis}",
        $"Cluster:Silo=127.0.0.1:{FreePorts.Next()}",
        "History:Store=postgresql",
        $"History:Postgres={postgres}",
    ];

    /// <summary>Starts a server whose services <paramref name="services"/> changes last (a fake clock, a log capture).</summary>
    public static Task<TestServer> StartAsync(Action<IServiceCollection> services, params string[] settings) =>
        StartInAsync(NewDataDirectory(), settings, services);

    /// <summary>Starts a server whose history lives in <paramref name="dataDirectory"/> (a restart keeps it).</summary>
    public static Task<TestServer> StartInAsync(string dataDirectory, params string[] settings) => StartInAsync(dataDirectory, settings, null);

    /// <summary>Starts a server whose clock is <paramref name="clock"/> (timeouts move when the test moves it).</summary>
    public static Task<TestServer> StartWithClockAsync(TimeProvider clock, params string[] settings) =>
        StartInAsync(NewDataDirectory(), settings, services => services.AddSingleton(clock));

    /// <summary>Starts a server whose history lives in <paramref name="dataDirectory"/> and whose services <paramref name="services"/> changes last.</summary>
    public static async Task<TestServer> StartInAsync(string dataDirectory, string[] settings, Action<IServiceCollection>? services)
    {
        string[] args =
        [
            "--Listen:Chat=127.0.0.1:0",
            "--Listen:Irc=127.0.0.1:0",
            "--Listen:Http=127.0.0.1:0",
            "--Listen:Tls=127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            $"--History:Path={Path.Combine(dataDirectory, "piazza.db")}",
            .. settings.Select(s => "--" + s),
        ];
        var app = PiazzaApp.Build(args, services);
        await app.StartAsync().WaitAsync(Timeout);
        return new TestServer(app, dataDirectory);
    }

    /// <summary>A new empty folder for a server's data.</summary>
    public static string NewDataDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "piazza-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Stops the server, keeping its data folder for a restart.</summary>
    public async Task StopAsync()
    {
        await _app.StopAsync().WaitAsync(Timeout);
        await _app.DisposeAsync();
    }

    /// <summary>Waits until every connection has closed and every member has left.</summary>
    public async Task WaitAllClosedAsync()
    {
        await Connections.WhenAllClosedAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(0, Hub.MemberCount);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseClientsAsync();
        try
        {
            await _app.StopAsync().WaitAsync(Timeout);
        }
        catch (ObjectDisposedException)
        {
            // Stopped already by StopAsync.
        }

        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind harms nothing.
        }
    }
}
