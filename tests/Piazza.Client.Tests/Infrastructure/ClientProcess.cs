using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

using Piazza.Testing;

using Xunit.Abstractions;

namespace Piazza.Client.Tests.Infrastructure;

/// <summary>
/// The piazza client as a user's script runs it: <c>dotnet piazza.dll ARGS</c> (built beside the
/// tests) with stdin, stdout and stderr as pipes, so it works in line mode. Stdout is read line by
/// line in the background; a test waits for a line (every wait has <see cref="TestServer.Timeout"/>),
/// types lines, closes the input (EOF) and waits for the exit code. Everything the process wrote
/// is kept for failure messages, and written to the test's output when it is disposed.
/// </summary>
internal sealed partial class ClientProcess : IAsyncDisposable
{
    private const string Program = "piazza.dll";

    private readonly Process _process;
    private readonly string _name;
    private readonly ITestOutputHelper? _log;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];
    private readonly Task _outputReader;
    private readonly Task _errorReader;

    private ClientProcess(Process process, string name, ITestOutputHelper? log)
    {
        _process = process;
        _name = name;
        _log = log;
        _outputReader = ReadOutputAsync();
        _errorReader = ReadErrorsAsync();
    }

    /// <summary>Every line written to stdout so far (a copy).</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Every line written to stderr so far (a copy).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet piazza.dll</c> with <paramref name="arguments"/> as they are.
    /// <paramref name="trace"/> sets PIAZZA_TRACE=1 (every IRC line both ways on stderr, which
    /// then shows in failure messages); false makes sure it is unset.
    /// </summary>
    public static ClientProcess Start(string name, ITestOutputHelper? log, bool trace, params string[] arguments) =>
        Start(name, log, trace, new Dictionary<string, string>(), arguments);

    /// <summary>Starts <c>dotnet piazza.dll</c> as above, with <paramref name="environment"/> added (PIAZZA_PASSWORD).</summary>
    public static ClientProcess Start(string name, ITestOutputHelper? log, bool trace, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var program = Path.Combine(AppContext.BaseDirectory, Program);
        if (!File.Exists(program) || !File.Exists(Path.ChangeExtension(program, ".runtimeconfig.json")))
        {
            throw new InvalidOperationException($"{Program} and its runtimeconfig.json should be built beside the tests in {AppContext.BaseDirectory}: is Piazza.Client referenced?");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (trace)
        {
            start.Environment["PIAZZA_TRACE"] = "1";
        }
        else
        {
            start.Environment.Remove("PIAZZA_TRACE");
        }

        start.Environment.Remove("PIAZZA_PASSWORD");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet " + Program);
        process.StandardInput.NewLine = "\n";
        return new ClientProcess(process, name, log);
    }

    /// <summary>
    /// Starts the client connecting to <paramref name="server"/> as <paramref name="nick"/>
    /// (joining #lobby unless <paramref name="more"/> says otherwise), with PIAZZA_TRACE on.
    /// </summary>
    public static ClientProcess Connect(IPEndPoint server, string nick, ITestOutputHelper? log, params string[] more) =>
        Start(
            nick,
            log,
            trace: true,
            ["--host", server.Address.ToString(), "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--nick", nick, .. more]);

    /// <summary>Starts the client as the Connect above does (trace on), with <paramref name="environment"/> added.</summary>
    public static ClientProcess Connect(IPEndPoint server, string nick, ITestOutputHelper? log, IReadOnlyDictionary<string, string> environment) =>
        Start(
            nick,
            log,
            trace: true,
            environment,
            ["--host", server.Address.ToString(), "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--nick", nick]);

    /// <summary>A port on 127.0.0.1 where nothing listens: bound to port 0, read, and released.</summary>
    public static int UnusedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>The part of a line-mode line after its "[HH:MM:SS] " timestamp; fails when there is none.</summary>
    public static string Body(string line)
    {
        Assert.Matches(Timestamped(), line);
        return line[11..];
    }

    /// <summary>
    /// Skips stdout lines until one matches, and returns it. Lines skipped here are not seen
    /// again by later waits (they stay in <see cref="Output"/>).
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(timeout.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_name}: no line with {what} within {TestServer.Timeout.TotalSeconds:0} s.\n{Transcript()}");
        }
        catch (ChannelClosedException)
        {
            await Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(TestServer.Timeout));
            var exit = _process.HasExited ? "exited with code " + _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "closed its stdout";
            throw new InvalidOperationException($"{_name} {exit} before a line with {what}.\n{Transcript()}");
        }
    }

    /// <summary>Skips stdout lines until one matches <paramref name="pattern"/>.</summary>
    public Task<string> WaitForLineAsync(Regex pattern) => WaitForLineAsync(pattern.IsMatch, $"/{pattern}/");

    /// <summary>Skips stdout lines until one reads "[HH:MM:SS] <paramref name="body"/>" exactly.</summary>
    public Task<string> WaitForBodyAsync(string body) =>
        WaitForLineAsync(line => Timestamped().IsMatch(line) && line.AsSpan(11).SequenceEqual(body), $"\"[HH:MM:SS] {body}\"");

    /// <summary>Types one line (as a script would print it into the pipe).</summary>
    public async Task SendLineAsync(string line)
    {
        try
        {
            await _process.StandardInput.WriteLineAsync(line).WaitAsync(TestServer.Timeout);
            await _process.StandardInput.FlushAsync().WaitAsync(TestServer.Timeout);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"{_name}: could not write \"{line}\" to its stdin ({ex.Message}).\n{Transcript()}", ex);
        }
    }

    /// <summary>Closes stdin: the end of the script's input (EOF).</summary>
    public async Task CloseInputAsync()
    {
        await _process.StandardInput.FlushAsync().WaitAsync(TestServer.Timeout);
        _process.StandardInput.Close();
    }

    /// <summary>Waits for the process to exit and for its output to be read; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TestServer.Timeout);
            await Task.WhenAll(_outputReader, _errorReader).WaitAsync(TestServer.Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_name} did not exit within {TestServer.Timeout.TotalSeconds:0} s.\n{Transcript()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Its command line, state, stdout and stderr, for a failure message.</summary>
    public string Transcript()
    {
        var state = _process.HasExited ? "exited with code " + _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "running";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"--- {_name}: dotnet {string.Join(' ', _process.StartInfo.ArgumentList.Skip(1))} ({state})\n");
        text.Append("stdout:\n");
        foreach (var line in Output)
        {
            text.Append("  ").Append(line).Append('\n');
        }

        text.Append("stderr:\n");
        foreach (var line in Errors)
        {
            text.Append("  ").Append(line).Append('\n');
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in between.
            }

            await _process.WaitForExitAsync().WaitAsync(TestServer.Timeout);
        }

        try
        {
            await Task.WhenAll(_outputReader, _errorReader).WaitAsync(TestServer.Timeout);
        }
        catch (TimeoutException)
        {
            // A grandchild holding the pipes open; the transcript below has what was read.
        }

        _log?.WriteLine(Transcript());
        _process.Dispose();
    }

    private async Task ReadOutputAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (_output)
                {
                    _output.Add(line);
                }

                _lines.Writer.TryWrite(line);
            }
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    private async Task ReadErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_errors)
            {
                _errors.Add(line);
            }
        }
    }

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\] ")]
    private static partial Regex Timestamped();
}
