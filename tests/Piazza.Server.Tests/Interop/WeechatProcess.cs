using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests.Interop;

/// <summary>
/// WeeChat, the real IRC client, run headless (Debian's <c>weechat-headless</c>) in a fresh home
/// folder. It is driven through its fifo plugin (<c>buffer *text</c> or <c>buffer */command</c>
/// a line) and observed through its logger plugin (<see cref="WeechatLog"/>). Only the irc,
/// logger and fifo plugins are loaded; anti-flood is off so commands go out at once.
/// </summary>
internal sealed class WeechatProcess : IAsyncDisposable
{
    public const string ServerBuffer = "irc.server.piazza";
    public const string LobbyBuffer = "irc.piazza.#lobby";

    private const string Program = "weechat-headless";
    private const string Packages = "weechat-headless weechat-plugins";

    private readonly Process _process;
    private readonly string _home;
    private readonly List<string> _output = [];
    private FileStream? _fifo;

    private WeechatProcess(Process process, string home, WeechatLog log)
    {
        _process = process;
        _home = home;
        Log = log;
    }

    /// <summary>What WeeChat's buffers show.</summary>
    public WeechatLog Log { get; }

    /// <summary>
    /// Starts WeeChat connecting to <paramref name="irc"/> as <paramref name="nick"/> with #lobby
    /// to join. Fails (never skips) when WeeChat is not installed: CI installs it (.ci/run).
    /// </summary>
    public static WeechatProcess Start(IPEndPoint irc, string nick)
    {
        var program = FindProgram() ?? throw new InvalidOperationException(
            $"The interop test needs the real IRC client WeeChat: {Program} was not found on PATH. " +
            $"Install it with: apt-get install --no-install-recommends {Packages} (.ci/run does this).");
        var home = Path.Combine(Path.GetTempPath(), "piazza-weechat-" + Guid.NewGuid().ToString("N"));
        var logs = Directory.CreateDirectory(Path.Combine(home, "logs")).FullName;
        var log = new WeechatLog(logs);
        string[] setup =
        [
            $"/set logger.file.path \"{logs}\"",
            "/set logger.file.flush_delay 0",
            "/set logger.look.backlog 0",
            $"/set fifo.file.path \"{Path.Combine(home, "fifo")}\"",
            string.Create(CultureInfo.InvariantCulture, $"/server add piazza {irc.Address}/{irc.Port} -notls"),
            "/set irc.server.piazza.nicks " + nick,
            "/set irc.server.piazza.username " + nick,
            "/set irc.server.piazza.autojoin #lobby",
            "/set irc.server.piazza.anti_flood_prio_high 0",
            "/set irc.server.piazza.anti_flood_prio_low 0",
            "/connect piazza",
        ];
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        foreach (var argument in new[] { "--dir", Path.Combine(home, "weechat"), "--plugins", "irc,logger,fifo", "--stdout", "--run-command", string.Join(';', setup) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = home;
        start.Environment["LC_ALL"] = "C.UTF-8";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var weechat = new WeechatProcess(process, home, log);
        process.OutputDataReceived += (_, e) => weechat.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => weechat.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return weechat;
    }

    /// <summary>Types <paramref name="input"/> (text, or a /command) in a buffer, as a user would.</summary>
    public async Task TypeAsync(string buffer, string input)
    {
        _fifo ??= await OpenFifoAsync();
        await _fifo.WriteAsync(Encoding.UTF8.GetBytes($"{buffer} *{input}\n")).AsTask().WaitAsync(TestServer.Timeout);
        await _fifo.FlushAsync().WaitAsync(TestServer.Timeout);
    }

    /// <summary>Quits WeeChat with a reason (it sends QUIT and exits); returns its exit code.</summary>
    public async Task<int> QuitAsync(string reason)
    {
        await TypeAsync(ServerBuffer, "/quit " + reason);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TestServer.Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"WeeChat did not exit after /quit. Its output:\n{Output()}");
        }

        return _process.ExitCode;
    }

    /// <summary>WeeChat's own output (its log messages, with --stdout), for failure messages.</summary>
    public string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_fifo is not null)
        {
            await _fifo.DisposeAsync();
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TestServer.Timeout);
        }

        _process.Dispose();
        Log.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind harms nothing.
        }
    }

    private static string? FindProgram() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(directory => Path.Combine(directory, Program))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// Opens WeeChat's fifo for writing, once: a writer that stays open means WeeChat never
    /// sees an end of file between commands (on which it would reopen the pipe). The fifo
    /// exists before the first buffer line is logged, which the caller waits for.
    /// </summary>
    private async Task<FileStream> OpenFifoAsync()
    {
        var path = Path.Combine(_home, "fifo");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"WeeChat made no fifo at {path}: is its fifo plugin installed ({Packages})? Its output:\n{Output()}");
        }

        // Opening a fifo blocks until its reader has it open: WeeChat has, so this is quick.
        return await Task.Run(() => new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0)).WaitAsync(TestServer.Timeout);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }
}
