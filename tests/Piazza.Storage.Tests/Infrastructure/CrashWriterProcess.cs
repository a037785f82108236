using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace Piazza.Storage.Tests.Infrastructure;

/// <summary>
/// The Piazza.Storage.CrashWriter console (built beside the tests) as a child process: its
/// output lines arrive on a channel, and it can be killed with SIGKILL.
/// </summary>
internal sealed class CrashWriterProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Task _pump;

    private CrashWriterProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _errors.Enqueue(line);
            }
        };
        _process.BeginErrorReadLine();
        _pump = PumpAsync();
    }

    /// <summary>What the child wrote to stderr so far, for failure messages.</summary>
    public string Errors => string.Join('\n', _errors);

    /// <summary>The writer in its flush-rounds mode: it prints <c>flushed &lt;count&gt;</c> after each flushed round.</summary>
    public static CrashWriterProcess Start(string databasePath, int run) =>
        Start([databasePath, run.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>
    /// The writer at a steady <paramref name="perSecond"/> through the store's group commit every
    /// <paramref name="commitInterval"/>, never flushing: it prints <c>appended &lt;count&gt; &lt;ticks&gt;</c> as it goes.
    /// </summary>
    public static CrashWriterProcess StartPaced(string databasePath, int run, TimeSpan commitInterval, int perSecond) =>
        Start([
            databasePath,
            run.ToString(CultureInfo.InvariantCulture),
            "paced",
            ((int)commitInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            perSecond.ToString(CultureInfo.InvariantCulture),
        ]);

    private static CrashWriterProcess Start(string[] arguments)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Piazza.Storage.CrashWriter.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writer);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        return new CrashWriterProcess(process);
    }

    /// <summary>The next line the child printed; null when its output ended.</summary>
    public async Task<string?> ReadLineAsync()
    {
        if (await _lines.Reader.WaitToReadAsync().AsTask().WaitAsync(TestTimeouts.Process))
        {
            return _lines.Reader.TryRead(out var line) ? line : await ReadLineAsync();
        }

        return null;
    }

    /// <summary>SIGKILL: the child gets no chance to flush or close anything.</summary>
    /// <remarks>
    /// <c>dotnet &lt;dll&gt;</c> runs the app in its own process: there is no tree to kill. (Kill with
    /// the tree would SIGSTOP it, walk /proc for children, 40-60 ms here, and only then SIGKILL.)
    /// </remarks>
    /// <returns>
    /// The wall-clock time just before the signal was sent and just after: the child was dead
    /// (could append or commit nothing more) by the second.
    /// </returns>
    public async Task<(DateTimeOffset Asked, DateTimeOffset Returned)> KillAsync()
    {
        var asked = DateTimeOffset.UtcNow;
        _process.Kill();
        var returned = DateTimeOffset.UtcNow;
        await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Process);
        await _pump.WaitAsync(TestTimeouts.Process);
        return (asked, returned);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                _lines.Writer.TryWrite(line);
            }
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }
}
