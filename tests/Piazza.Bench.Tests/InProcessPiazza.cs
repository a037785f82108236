using System.Net;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

using Piazza.Bench.Protocols;
using Piazza.Bench.Scenarios;
using Piazza.Server.Hosting;

namespace Piazza.Bench.Tests;

/// <summary>The real Piazza server, started in this process on free loopback ports.</summary>
internal sealed class InProcessPiazza : IAsyncDisposable
{
    /// <summary>The most any one await in these tests may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private InProcessPiazza(WebApplication app, string dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        EndPoint = app.Services.GetRequiredService<ChatEndpoints>().Chat;
    }

    public IPEndPoint EndPoint { get; }

    /// <param name="settings">More settings (<c>--Key=value</c>), after the defaults.</param>
    public static async Task<InProcessPiazza> StartAsync(params string[] settings)
    {
        // Port 0 everywhere, so parallel test runs never collide (Listen:Irc is ignored by a server without IRC).
        // Flood control off, as for every load run (docs/benchmarks.md): the bench's senders are floods by design.
        // A data folder of its own: the default is the user's, and a test must not write there.
        var data = Path.Combine(Path.GetTempPath(), "piazza-bench-test-" + Guid.NewGuid().ToString("N"));
        var app = PiazzaApp.Build(["--Listen:Chat=127.0.0.1:0", "--Listen:Irc=127.0.0.1:0", "--Listen:Http=127.0.0.1:0", "--Logging:LogLevel:Default=Warning", $"--Data:Path={data}", "--Flood:Enabled=false", .. settings]);
        await app.StartAsync().WaitAsync(Timeout);
        return new InProcessPiazza(app, data);
    }

    /// <summary>A bench target for this server over the plain protocol; quiet, from a few source addresses.</summary>
    public Target Target(int? serverPid = null) => new()
    {
        Protocol = new PlainProtocol(),
        Servers = [EndPoint],
        ServerPid = serverPid,
        ServerLabel = "piazza",
        SourceAddresses = 4,
        ConnectConcurrency = 8,
        ConnectTimeout = Timeout,
        ConnectTimeLimit = Timeout,
        ReceiveBufferBytes = 4096,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(Timeout);
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
