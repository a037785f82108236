using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Piazza.Testing;

/// <summary>
/// A real Redis for the tests: one server per test process (<see cref="SharedAsync"/>), started on
/// first use in a temp folder, on 127.0.0.1 at a free port in 56400-56499, with no persistence
/// (<c>--save "" --appendonly no</c>); or one of a test's own (<see cref="StartAsync"/>), which
/// the test may stop, kill and restart on the same port. Stopped, and its folder removed, when the
/// test process exits, however it exits.
/// </summary>
/// <remarks>
/// <para>
/// The binary is Debian's (package redis-server): <c>/usr/bin/redis-server</c>, or the file named
/// by <c>PIAZZA_REDIS_SERVER</c>. Redis runs as whoever runs the tests, root included.
/// </para>
/// <para>
/// redis-server runs under a shell that waits on its standard input, which this process holds (as
/// PostgresServer's postgres does). Redis has nothing of its own for this: it cannot
/// be told to exit when its parent does (no parent-death signal, no watched pid or pipe), and
/// <c>--daemonize</c> only detaches it further. The test host is often killed once its tests are
/// done, before its exit handlers run, so a handler alone would leave servers behind. A pipe
/// closes whenever its holder ends: the shell then stops redis and removes its folder. The shell
/// reads one line first: <c>KILL</c> kills redis with SIGKILL (a crash, for tests that need one);
/// anything else, or the pipe closing, sends SIGTERM, on which redis exits at once (it has
/// nothing to save).
/// </para>
/// <para>
/// An instance is meant for one test at a time: <see cref="StopAsync"/>, <see cref="RestartAsync"/>
/// and <see cref="DisposeAsync"/> are not to be called concurrently.
/// </para>
/// </remarks>
public sealed class RedisServer : IAsyncDisposable
{
    private const int FirstPort = 56400;
    private const int PortCount = 100;

    private static readonly Lazy<Task<RedisServer>> SharedServer = new(StartSharedAsync);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly string _binary;
    private readonly bool _shared;
    private Process? _process;
    private int _disposed;

    private RedisServer(string binary, Process process, int port, bool shared)
    {
        _binary = binary;
        _process = process;
        Port = port;
        _shared = shared;
    }

    /// <summary>The port it listens on, on 127.0.0.1 (kept across <see cref="RestartAsync"/>).</summary>
    public int Port { get; }

    /// <summary>Where to connect: <c>127.0.0.1:PORT</c> (a StackExchange.Redis configuration string).</summary>
    public string ConnectionString => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether redis-server is on this machine (package redis-server).</summary>
    public static bool IsInstalled => FindBinary() is not null;

    /// <summary>The one server of this test process, started on first use; it cannot be stopped or restarted.</summary>
    public static Task<RedisServer> SharedAsync() => SharedServer.Value;

    /// <summary>
    /// Starts a server of the caller's own, on a port of its own; returns once it accepts
    /// connections. Dispose it to stop it and remove its folder.
    /// </summary>
    public static Task<RedisServer> StartAsync() => StartAsync(shared: false);

    /// <summary>
    /// Stops the server: SIGTERM, or SIGKILL with <paramref name="kill"/> (a crash); returns once
    /// it has exited. Its port stays this instance's to <see cref="RestartAsync"/> on (nothing
    /// holds it meanwhile: another program could take it). Nothing is kept: Redis restarts empty.
    /// </summary>
    public async Task StopAsync(bool kill = false)
    {
        RefuseIfShared();
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_process is { } process)
        {
            _process = null;
            await StopAsync(process, kill);
        }
    }

    /// <summary>Starts the server again on the same port, stopping it first if it runs; returns once it accepts connections.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _process = await LaunchAsync(_binary, Port);
    }

    /// <summary>Stops the server (SIGTERM) and removes its folder. The shared server is stopped only when the test process exits.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_shared || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            await StopAsync(process, kill: false);
        }
    }

    private static async Task<RedisServer> StartSharedAsync()
    {
        var server = await StartAsync(shared: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // When the host gets this far; if it is killed instead, the pipe closing stops redis.
            if (Interlocked.Exchange(ref server._process, null) is { } process)
            {
                Signal(process, kill: false);
                Wait(process);
            }
        };
        return server;
    }

    private static async Task<RedisServer> StartAsync(bool shared)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "Redis is not installed (no /usr/bin/redis-server): apt-get install redis-server, or set PIAZZA_REDIS_SERVER");
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort();
            try
            {
                return new RedisServer(binary, await LaunchAsync(binary, port), port, shared);
            }
            catch (PortTakenException ex)
            {
                // Taken between the probe and redis's bind: another port.
                last = ex;
            }
        }

        throw new InvalidOperationException($"Redis found no free port in {FirstPort}-{FirstPort + PortCount - 1}", last);
    }

    /// <summary>Starts redis-server in a new temp folder under a shell that stops it when its standard input closes; returns once it accepts connections.</summary>
    private static async Task<Process> LaunchAsync(string binary, int port)
    {
        var folder = Path.Combine(Path.GetTempPath(), "piazza-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var redis = string.Join(' ', new[]
        {
            binary, "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", string.Empty, "--appendonly", "no", "--dir", folder, "--daemonize", "no", "--logfile", string.Empty,
        }.Select(ShellQuote));

        // See the remarks: one line (KILL or not) or the pipe's end decides the signal; the shell
        // removes the folder itself, since this process may be gone by then.
        var script = $"""
            {redis} & pid=$!
            read -r signal
            if [ "$signal" = KILL ]; then kill -KILL $pid; else kill -TERM $pid; fi
            wait $pid
            rm -rf {ShellQuote(folder)}
            """;
        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        }
        catch
        {
            TryDelete(folder);
            throw;
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new List<string>();
        void OnLine(string? line)
        {
            if (line is null)
            {
                ready.TrySetException(new InvalidOperationException("redis-server exited: " + Joined(log)));
                return;
            }

            lock (log)
            {
                if (log.Count < 50)
                {
                    log.Add(line);
                }
            }

            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
            else if (line.Contains("Address already in use", StringComparison.Ordinal))
            {
                ready.TrySetException(new PortTakenException(line));
            }
            else if (line.Contains("FATAL", StringComparison.Ordinal) || line.Contains("aborting", StringComparison.Ordinal))
            {
                // redis-server exits after these, but the shell (and so the pipes) lives on until told.
                ready.TrySetException(new InvalidOperationException("redis-server failed: " + Joined(log)));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
            return process;
        }
        catch
        {
            await StopAsync(process, kill: true);
            TryDelete(folder);
            throw;
        }
    }

    private static async Task StopAsync(Process process, bool kill)
    {
        Signal(process, kill);
        try
        {
            await process.WaitForExitAsync().WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    /// <summary>Tells the shell to stop redis (see the remarks): a line for a kill, then the pipe's end.</summary>
    private static void Signal(Process process, bool kill)
    {
        try
        {
            if (kill)
            {
                process.StandardInput.WriteLine("KILL");
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The shell is gone already.
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void Wait(Process process)
    {
        try
        {
            if (!process.WaitForExit(StopTimeout))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void RefuseIfShared()
    {
        if (_shared)
        {
            throw new InvalidOperationException("the shared Redis is every test's: start one of your own (RedisServer.StartAsync) to stop or restart it");
        }
    }

    private static string? FindBinary()
    {
        var binary = Environment.GetEnvironmentVariable("PIAZZA_REDIS_SERVER") is { Length: > 0 } configured ? configured : "/usr/bin/redis-server";
        return File.Exists(binary) ? binary : null;
    }

    /// <summary>A port in 56400-56499 that nothing listens on now (redis may still lose a race for it: retried).</summary>
    private static int FreePort()
    {
        var first = Random.Shared.Next(PortCount);
        for (var i = 0; i < PortCount; i++)
        {
            var port = FirstPort + ((first + i) % PortCount);
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken: the next one.
            }
        }

        throw new InvalidOperationException($"no free port in {FirstPort}-{FirstPort + PortCount - 1}");
    }

    private static string Joined(List<string> log)
    {
        lock (log)
        {
            return string.Join(" | ", log);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Gone already, or left in the temp folder; nothing runs from it any more.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string ShellQuote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private sealed class PortTakenException(string message) : Exception(message);
}
