using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

using Npgsql;

namespace Piazza.Testing;

/// <summary>
/// A real PostgreSQL for the tests: one server per test process, started on first use in a temp
/// folder (initdb, then postgres on 127.0.0.1 at a free port in 55400-55499, fsync off), and
/// one fresh database per caller (<see cref="CreateDatabaseAsync"/>), so tests run in parallel
/// without sharing rows. Stopped, and its folder removed, when the test process exits.
/// </summary>
/// <remarks>
/// <para>
/// The binaries are Debian's (package postgresql): the newest <c>/usr/lib/postgresql/N/bin</c>,
/// or the folder in <c>PIAZZA_PG_BIN</c>. PostgreSQL refuses to run as root, which CI is: then
/// initdb and postgres run as the <c>postgres</c> system user (runuser), in a folder it owns.
/// </para>
/// <para>
/// postgres runs under a shell that waits on its standard input, which this process holds: when
/// the test process ends, however it ends, the pipe closes and the shell stops the server (a
/// fast shutdown) and removes its folder, so no server outlives its tests. Authentication is trust (loopback only):
/// any password is accepted, which lets tests put one in a connection string and check that it
/// is never logged.
/// </para>
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The user the tests connect as (the cluster's superuser).</summary>
    public const string User = "postgres";

    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartSharedAsync);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder;
    private readonly string _bin;
    private readonly bool _asRoot;
    private Process _process;
    private readonly NpgsqlDataSource _admin;
    private int _disposed;
    private string? _createStrategy;

    private PostgresServer(Process process, string folder, int port, string bin, bool asRoot)
    {
        _process = process;
        _folder = folder;
        _bin = bin;
        _asRoot = asRoot;
        Port = port;
        _admin = NpgsqlDataSource.Create(ConnectionString("postgres"));
    }

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The one server of this test process, started on first use.</summary>
    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    /// <summary>
    /// A server of the caller's own, which it may stop and start again (<see cref="StopAsync"/>,
    /// <see cref="StartAgainAsync"/>) to see what its clients do while PostgreSQL is down; the
    /// caller disposes it.
    /// </summary>
    public static Task<PostgresServer> StartOwnAsync() => StartAsync();

    /// <summary>
    /// Stops the server as an administrator restarting it would (a fast shutdown: sessions are
    /// ended, nothing is lost that was committed), keeping its data for <see cref="StartAgainAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "restarting"), string.Empty);
        _process.StandardInput.Close();
        await _process.WaitForExitAsync().WaitAsync(StartTimeout);
    }

    /// <summary>Starts the stopped server again, on the same port with the same data; returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        _process.Dispose();
        _process = await LaunchAsync(_bin, Path.Combine(_folder, "data"), _folder, Port, _asRoot);
    }

    /// <summary>Whether PostgreSQL's binaries are on this machine (package postgresql).</summary>
    public static bool IsInstalled => FindBinaries() is not null;

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database, string? password = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Password = password,
        Database = database,
    }.ConnectionString;

    /// <summary>Creates an empty database with a unique name; returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "piazza_test_" + Guid.NewGuid().ToString("N");

        // From 15 on, CREATE DATABASE copies the template through the WAL by default (some MB per
        // database): FILE_COPY is much cheaper for many small databases with fsync off.
        _createStrategy ??= Convert.ToInt32(await ScalarAsync("postgres", "SHOW server_version_num", cancellationToken), CultureInfo.InvariantCulture) >= 150000 ? " STRATEGY FILE_COPY" : string.Empty;
        await using var command = _admin.CreateCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'{_createStrategy}");
        await command.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    /// <summary>Drops <paramref name="database"/>, closing whatever is still connected to it.</summary>
    public async Task DropDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var command = _admin.CreateCommand($"DROP DATABASE IF EXISTS {Quote(database)} WITH (FORCE)");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="database"/> unreachable, as when PostgreSQL goes down for its clients:
    /// new connections are refused and the open ones are ended. <see cref="ReopenAsync"/> undoes it.
    /// </summary>
    public async Task CutOffAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var command = _admin.CreateCommand($"""
            ALTER DATABASE {Quote(database)} ALLOW_CONNECTIONS false;
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid();
            """);
        command.Parameters.AddWithValue("database", database);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Lets clients connect to <paramref name="database"/> again after <see cref="CutOffAsync"/>.</summary>
    public async Task ReopenAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var command = _admin.CreateCommand($"ALTER DATABASE {Quote(database)} ALLOW_CONNECTIONS true");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs one statement on <paramref name="database"/> as the superuser (for tests that look under the store).</summary>
    /// <remarks>
    /// On a connection of its own, not pooled: a pooled one may have been ended by <see cref="CutOffAsync"/>
    /// since, and the servers under test share the pool of the same connection string.
    /// </remarks>
    public async Task<object?> ScalarAsync(string database, string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString(database)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Stops the server (fast shutdown) and removes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _admin.DisposeAsync();
        Stop();
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin): apt-get install postgresql, or set PIAZZA_PG_BIN");
        var asRoot = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        var folder = Path.Combine(Path.GetTempPath(), "piazza-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            if (asRoot)
            {
                await RunAsync("chown", ["postgres:postgres", folder]);
            }

            var data = Path.Combine(folder, "data");
            await RunAsync(asRoot ? "runuser" : Path.Combine(bin, "initdb"), [
                .. asRoot ? (string[])["-u", "postgres", "--", Path.Combine(bin, "initdb")] : [],
                "-D", data, "-U", User, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
            ]);

            Exception? last = null;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var port = FreePort();
                try
                {
                    var process = await LaunchAsync(bin, data, folder, port, asRoot);
                    return new PostgresServer(process, folder, port, bin, asRoot);
                }
                catch (PortTakenException ex)
                {
                    last = ex;
                }
            }

            throw new InvalidOperationException("PostgreSQL found no free port in 55400-55499", last);
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    /// <summary>Starts postgres under a shell that stops it when its standard input closes; returns once it accepts connections.</summary>
    private static async Task<Process> LaunchAsync(string bin, string data, string socketFolder, int port, bool asRoot)
    {
        var postgres = string.Join(' ', new[]
        {
            Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-k", socketFolder, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=300", "-c", "shared_buffers=32MB",
        }.Select(ShellQuote));

        // SIGINT is PostgreSQL's fast shutdown: sessions are ended, the server exits at once. The
        // shell then removes the folder (the test host is often killed once its tests are done,
        // before its own exit handlers run, so it cannot be relied on to), unless the server was
        // only stopped to be started again (StopAsync leaves a mark for that).
        var keep = ShellQuote(Path.Combine(socketFolder, "restarting"));
        var script = $"rm -f {keep}; {postgres} & pid=$!; cat >/dev/null; kill -INT $pid; wait $pid; [ -e {keep} ] || rm -rf {ShellQuote(socketFolder)}";
        var start = new ProcessStartInfo(asRoot ? "runuser" : "sh")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", "sh"])
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start postgres");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                ready.TrySetException(new InvalidOperationException("postgres exited: " + string.Join(" | ", log)));
                return;
            }

            lock (log)
            {
                if (log.Count < 50)
                {
                    log.Add(line);
                }
            }

            if (line.Contains("ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
            else if (line.Contains("could not bind", StringComparison.Ordinal) || line.Contains("Address already in use", StringComparison.Ordinal))
            {
                ready.TrySetException(new PortTakenException(line));
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
            return process;
        }
        catch
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw;
        }
    }

    private void Stop()
    {
        try
        {
            // Closing the pipe is the shell's signal to stop postgres (see LaunchAsync).
            _process.StandardInput.Close();
            if (!_process.WaitForExit(15_000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        TryDelete(_folder);
    }

    /// <summary>The newest installed PostgreSQL's bin folder, or null.</summary>
    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("PIAZZA_PG_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "postgres")) ? configured : null;
        }

        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.GetDirectories(Root)
            .Select(d => (Folder: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Folder, "bin", "postgres")))
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Folder, "bin"))
            .FirstOrDefault();
    }

    /// <summary>A port in 55400-55499 that nothing listens on now (postgres may still lose a race for it: retried).</summary>
    private static int FreePort()
    {
        var first = Random.Shared.Next(100);
        for (var i = 0; i < 100; i++)
        {
            var port = 55400 + ((first + i) % 100);
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

        throw new InvalidOperationException("no free port in 55400-55499");
    }

    private static async Task RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(StartTimeout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await error} {await output}");
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
            // Left in the temp folder; nothing runs from it any more.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string ShellQuote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private sealed class PortTakenException(string message) : Exception(message);
}
