using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

using Piazza.Testing;

namespace Piazza.Client.Tests.Infrastructure;

/// <summary>
/// ngIRCd (Debian's <c>ngircd</c>), a plain IRC server, run in the foreground (<c>-n</c>) as a
/// child of the test on a free loopback port, with a config file in a fresh temp folder: no
/// PAM, ident or DNS lookups (so registering is immediate), no flood penalties, nicks up to 30.
/// Killing it is exact: it is our child, not a daemon. As root it drops to "nobody" by itself.
/// </summary>
internal sealed class NgircdServer : IAsyncDisposable
{
    /// <summary>The server's name, as it introduces itself.</summary>
    public const string Name = "piazza.ngircd.test";

    private const string Program = "ngircd";
    private const string Package = "ngircd";

    private readonly Process _process;
    private readonly string _directory;
    private readonly List<string> _output;

    private NgircdServer(Process process, string directory, List<string> output, IPEndPoint endPoint)
    {
        _process = process;
        _directory = directory;
        _output = output;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>
    /// Starts ngIRCd and returns once its port accepts connections. Fails (never skips) when
    /// ngIRCd is not installed: CI installs it (apt-get install ngircd). With
    /// <paramref name="password"/>, clients must send it with PASS (without, any PASS is refused).
    /// </summary>
    public static async Task<NgircdServer> StartAsync(string? password = null)
    {
        var program = FindProgram() ?? throw new InvalidOperationException(
            $"The interop tests need the IRC server ngIRCd: {Program} was not found on PATH, in /usr/sbin or /usr/local/sbin. " +
            $"Install it with: apt-get install --no-install-recommends {Package}");
        var directory = Path.Combine(Path.GetTempPath(), "piazza-ngircd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);

        // The port is picked free, then handed over: another process may take it in between, in
        // which case ngIRCd exits ("Address already in use") and another port is tried.
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = ClientProcess.UnusedPort();
            var config = Path.Combine(directory, "ngircd.conf");
            await File.WriteAllTextAsync(config, Config(port, directory, password));
            var output = new List<string>();
            var process = Start(program, config, output);
            try
            {
                var endPoint = new IPEndPoint(IPAddress.Loopback, port);
                await WaitListeningAsync(process, endPoint, output);
                return new NgircdServer(process, directory, output, endPoint);
            }
            catch (InvalidOperationException ex) when (process.HasExited)
            {
                last = ex;
                process.Dispose();
            }
            catch
            {
                await StopAsync(process);
                throw;
            }
        }

        throw new InvalidOperationException("ngIRCd did not start in 3 attempts; the last: " + last?.Message, last);
    }

    /// <summary>What ngIRCd logged (it logs to stdout/stderr with -n), for failure messages.</summary>
    public string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind harms nothing.
        }
    }

    /// <summary>
    /// The config: see ngircd.conf(5). MotdPhrase instead of a MOTD file, the PID file in our
    /// folder (not /run/ngircd, which a system instance owns), limits off so tests never wait
    /// for a penalty, PingTimeout long so a busy machine never drops a client.
    /// </summary>
    private static string Config(int port, string directory, string? password) => string.Create(CultureInfo.InvariantCulture, $"""
        [Global]
            Name = {Name}
            Info = ngIRCd for the piazza client tests
            AdminInfo1 = piazza client tests
            AdminInfo2 = loopback only
            AdminEMail = nobody@localhost
            Listen = 127.0.0.1
            Ports = {port}
            MotdPhrase = piazza client tests
            PidFile = {Path.Combine(directory, "ngircd.pid")}
            {(password is null ? string.Empty : "Password = " + password)}
        [Limits]
            MaxConnections = 0
            MaxConnectionsIP = 0
            MaxJoins = 0
            MaxNickLength = 30
            MaxPenaltyTime = 0
            PingTimeout = 600
            PongTimeout = 600
        [Options]
            DNS = no
            Ident = no
            PAM = no
            ConnectIPv6 = no
            RequireAuthPing = no
            MorePrivacy = no

        """);

    private static Process Start(string program, string config, List<string> output)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        void Keep(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.Add(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls the port until it accepts a connection; fails at once when ngIRCd exits.</summary>
    private static async Task WaitListeningAsync(Process process, IPEndPoint endPoint, List<string> output)
    {
        var exited = process.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        while (true)
        {
            if (process.HasExited)
            {
                await exited;
                throw new InvalidOperationException($"ngIRCd exited with code {process.ExitCode} before listening on {endPoint}. It said:\n{Join(output)}");
            }

            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(endPoint, timeout.Token);
                if (!process.HasExited)
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet: look again in a moment, or as soon as it exits.
                try
                {
                    await Task.WhenAny(exited, Task.Delay(50, timeout.Token));
                }
                catch (OperationCanceledException)
                {
                    // The check below reports it.
                }
            }
            catch (OperationCanceledException)
            {
                // The check below reports it.
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"ngIRCd did not listen on {endPoint} within {TestServer.Timeout.TotalSeconds:0} s. It said:\n{Join(output)}");
            }
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in between.
            }

            await process.WaitForExitAsync().WaitAsync(TestServer.Timeout);
        }

        process.Dispose();
    }

    private static string Join(List<string> output)
    {
        lock (output)
        {
            return string.Join('\n', output);
        }
    }

    private static string? FindProgram() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin"])
            .Select(directory => Path.Combine(directory, Program))
            .FirstOrDefault(File.Exists);
}
