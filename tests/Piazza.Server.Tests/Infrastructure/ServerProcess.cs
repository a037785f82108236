using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

using Piazza.Testing;

namespace Piazza.Server.Tests.Infrastructure;

/// <summary>The real server executable, run as its own process on free loopback ports (chat, IRC, HTTP).</summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _outputGate = new();
    private readonly List<string> _output = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _outputWaiters = [];

    private ServerProcess(Process process, IPEndPoint endPoint, IPEndPoint? httpEndPoint, string readyLine)
    {
        _process = process;
        EndPoint = endPoint;
        HttpEndPoint = httpEndPoint;
        ReadyLine = readyLine;
        IrcEndPoint = IrcListeningLine().Match(readyLine) is { Success: true } irc && IPEndPoint.TryParse(irc.Groups[1].Value, out var parsed) ? parsed : null;
    }

    /// <summary>Where the process said its IRC port listens, or null when it is off.</summary>
    public IPEndPoint? IrcEndPoint { get; }

    /// <summary>The startup line that says where it listens and keeps its data.</summary>
    public string ReadyLine { get; }

    public IPEndPoint EndPoint { get; }

    /// <summary>Where the process said its HTTP port listens, or null when it is off.</summary>
    public IPEndPoint? HttpEndPoint { get; }

    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Every line of standard output after the "listening" line, so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_outputGate)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Starts piazza-server.dll (built beside the tests) and waits for its "listening" line.</summary>
    public static Task<ServerProcess> StartAsync(params string[] settings) =>
        StartAsync(new Dictionary<string, string>(), AppContext.BaseDirectory, settings);

    /// <summary>Starts it with these environment variables added, in <paramref name="workingDirectory"/>.</summary>
    public static Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] settings) =>
        StartCoreAsync(environment, workingDirectory, fileLimit: null, settings);

    /// <summary>
    /// Starts it with an open-file limit (soft and hard) of <paramref name="fileLimit"/>, as
    /// <c>ulimit -n</c> would: through util-linux's <c>prlimit</c>, which sets the limit and then
    /// becomes the server (same process id).
    /// </summary>
    public static Task<ServerProcess> StartWithFileLimitAsync(int fileLimit, params string[] settings) =>
        StartCoreAsync(new Dictionary<string, string>(), AppContext.BaseDirectory, fileLimit, settings);

    private static async Task<ServerProcess> StartCoreAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory, int? fileLimit, string[] settings)
    {
        var start = new ProcessStartInfo(fileLimit is null ? "dotnet" : "prlimit")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        if (fileLimit is { } limit)
        {
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--nofile={limit}:{limit}"));
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "piazza-server.dll"));
        start.ArgumentList.Add("--Listen:Chat=127.0.0.1:0");
        start.ArgumentList.Add("--Listen:Irc=127.0.0.1:0");
        start.ArgumentList.Add("--Listen:Http=127.0.0.1:0");
        start.ArgumentList.Add("--History:Store=memory");
        foreach (var setting in settings)
        {
            start.ArgumentList.Add("--" + setting);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var keep = Environment.GetEnvironmentVariable("PIAZZA_TEST_SERVER_LOGS") is { Length: > 0 } logs
            ? new FileStream(Path.Combine(logs, $"server-{process.Id}.log"), FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1)
            : null;
        _ = keep is null ? process.StandardError.ReadToEndAsync() : process.StandardError.BaseStream.CopyToAsync(keep);
        try
        {
            IPEndPoint? http = null;
            // A cluster node joins its cluster (Redis membership, the silos' handshake) before it
            // listens: three of them starting at once beside the parallel suite on two cores took
            // over 20 s (CI at 88361e8; a helper's runs, 3 of 4). The wait is for the line, not a sleep.
            var startTimeout = settings.Contains("Cluster:Enabled=true") ? ClusterNodeStartTimeout : TestServer.Timeout;
            while (await ReadyOrTimeoutAsync(process, startTimeout) is { } line)
            {
                // One line says where every listener is; it is the last of the start ("ready").
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    if (HttpListeningLine().Match(line) is { Success: true } httpMatch)
                    {
                        http = IPEndPoint.Parse(httpMatch.Groups[1].Value);
                    }

                    var server = new ServerProcess(process, IPEndPoint.Parse(match.Groups[1].Value), http, line);
                    _ = server.ReadOutputAsync(keep);
                    return server;
                }
            }

            throw new InvalidOperationException($"the server exited ({process.ExitCode}) before listening");
        }
        catch
        {
            // Nobody else holds it: a server that did not start in time would outlive the test
            // run, listening, and load the tests after it (one did, for 45 min, on a loaded machine).
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The first line of output after the "listening" line (already written or still to come)
    /// that matches; times out after <see cref="TestServer.Timeout"/>.
    /// </summary>
    public Task<string> WaitForOutputAsync(Func<string, bool> match)
    {
        lock (_outputGate)
        {
            if (_output.FirstOrDefault(match) is { } line)
            {
                return Task.FromResult(line);
            }

            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _outputWaiters.Add((match, found));
            return found.Task.WaitAsync(TestServer.Timeout);
        }
    }

    /// <summary>Keeps every line of standard output (and writes it to <paramref name="keep"/> too, when logs are kept).</summary>
    private async Task ReadOutputAsync(FileStream? keep)
    {
        // Left open: standard error is copied into the same file.
        using var writer = keep is null ? null : new StreamWriter(keep, System.Text.Encoding.UTF8, bufferSize: -1, leaveOpen: true) { AutoFlush = true };
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (writer is not null)
            {
                await writer.WriteLineAsync(line);
            }

            lock (_outputGate)
            {
                _output.Add(line);
                for (var i = _outputWaiters.Count - 1; i >= 0; i--)
                {
                    if (_outputWaiters[i].Match(line))
                    {
                        _outputWaiters[i].Found.TrySetResult(line);
                        _outputWaiters.RemoveAt(i);
                    }
                }
            }
        }
    }

    /// <summary>How long a cluster node may take to say it is listening.</summary>
    private static readonly TimeSpan ClusterNodeStartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The server's next line of output; a timeout says which wait it was, not only "The operation has timed out".</summary>
    private static async Task<string?> ReadyOrTimeoutAsync(Process process, TimeSpan timeout)
    {
        try
        {
            return await process.StandardOutput.ReadLineAsync().WaitAsync(timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"the server (pid {process.Id}) did not say it was listening within {timeout}", ex);
        }
    }

    /// <summary>Sends a signal by name (TERM, INT) as a service manager or Ctrl+C would.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(TestServer.Timeout);
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Kills the process at once (SIGKILL): no goodbye to anyone, as a crash or a power cut.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TestServer.Timeout);
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Piazza chat listening on (\S+);")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"; IRC (\S+);")]
    private static partial Regex IrcListeningLine();

    [GeneratedRegex(@"; HTTP http://(\S+) ")]
    private static partial Regex HttpListeningLine();
}
