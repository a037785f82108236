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

    public static CrashWriterProcess Start(string databasePath, int run)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Piazza.Storage.CrashWriter.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(databasePath);
        start.ArgumentList.Add(run.ToString(CultureInfo.InvariantCulture));
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
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Process);
        await _pump.WaitAsync(TestTimeouts.Process);
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
