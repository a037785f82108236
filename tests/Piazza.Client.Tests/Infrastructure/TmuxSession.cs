using System.Diagnostics;
using System.Globalization;
using System.Text;

using Piazza.Testing;

using Xunit.Abstractions;

namespace Piazza.Client.Tests.Infrastructure;

/// <summary>
/// A real terminal for the full-screen client: a detached tmux session on a private socket
/// (<c>tmux -L piazza-GUID</c>, so parallel tests and the user's own tmux never meet) of a fixed
/// size, running <c>dotnet piazza.dll ARGS</c> under TERM=xterm-256color. A test types with
/// <c>send-keys</c> and reads the screen with <c>capture-pane</c>, polling until what it waits for
/// is there (every wait has <see cref="TestServer.Timeout"/>). The client's exit code is written
/// to a file by the shell that runs it; the pane stays after it exits, to be read.
/// </summary>
internal sealed class TmuxSession : IAsyncDisposable
{
    public const int Width = 100;
    public const int Height = 30;

    private const string Session = "piazza";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _socket;
    private readonly string _directory;
    private readonly ITestOutputHelper? _log;

    private TmuxSession(string socket, string directory, ITestOutputHelper? log)
    {
        _socket = socket;
        _directory = directory;
        _log = log;
    }

    private string ExitFile => Path.Combine(_directory, "exit-code");

    /// <summary>Starts the client with <paramref name="arguments"/> in a new terminal.</summary>
    public static async Task<TmuxSession> StartAsync(ITestOutputHelper? log, params string[] arguments)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "piazza.dll");
        if (!File.Exists(program))
        {
            throw new InvalidOperationException($"piazza.dll should be built beside the tests in {AppContext.BaseDirectory}: is Piazza.Client referenced?");
        }

        var directory = Directory.CreateTempSubdirectory("piazza-tmux-").FullName;
        var session = new TmuxSession("piazza-" + Guid.NewGuid().ToString("N"), directory, log);
        var config = Path.Combine(directory, "tmux.conf");
        await File.WriteAllTextAsync(
            config,
            """
            set -g status off
            set -g remain-on-exit on
            set -g default-terminal xterm-256color
            set -g history-limit 100
            """);

        // The exit code goes to a file in one step (rename), so a reader never sees half of it.
        var script = Path.Combine(directory, "run.sh");
        var command = string.Join(' ', new[] { "dotnet", program }.Concat(arguments).Select(Quote));
        await File.WriteAllTextAsync(
            script,
            $"""
            unset PIAZZA_TRACE PIAZZA_PASSWORD
            export TERM=xterm-256color DOTNET_NOLOGO=1
            cd {Quote(AppContext.BaseDirectory)}
            {command}
            echo $? > {Quote(session.ExitFile + ".tmp")} && mv {Quote(session.ExitFile + ".tmp")} {Quote(session.ExitFile)}

            """);

        try
        {
            await session.TmuxAsync(
                "-f", config, "new-session", "-d", "-s", Session,
                "-x", Width.ToString(CultureInfo.InvariantCulture), "-y", Height.ToString(CultureInfo.InvariantCulture),
                "sh " + Quote(script));
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Types <paramref name="text"/> literally (no Enter).</summary>
    public Task TypeAsync(string text) => TmuxAsync("send-keys", "-t", Session, "-l", "--", text);

    /// <summary>Presses keys by tmux's names: "Enter", "Tab", "M-2" (Alt+2), "C-n" (Ctrl+N), "PageUp"….</summary>
    public Task PressAsync(params string[] keys) => TmuxAsync(["send-keys", "-t", Session, .. keys]);

    /// <summary>The screen now, one string per row (trailing spaces are not kept by tmux).</summary>
    public async Task<Screen> CaptureAsync()
    {
        var text = await TmuxAsync("capture-pane", "-p", "-t", Session);
        var rows = text.Split('\n').Take(Height).ToList();
        while (rows.Count < Height)
        {
            rows.Add(string.Empty);
        }

        return new Screen(rows);
    }

    /// <summary>
    /// Every non-empty row the terminal has had, scrolled off or on screen, without tmux's own
    /// "Pane is dead" note: what is left of a client that has exited (tmux may scroll the screen
    /// away when the pane dies).
    /// </summary>
    public async Task<IReadOnlyList<string>> WrittenRowsAsync()
    {
        var text = await TmuxAsync("capture-pane", "-p", "-S", "-", "-E", "-", "-t", Session);
        return text.Split('\n').Where(r => r.Length > 0 && !r.StartsWith("Pane is dead", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Polls the screen until <paramref name="condition"/> holds, and returns that screen.</summary>
    public async Task<Screen> WaitForScreenAsync(Func<Screen, bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var screen = await CaptureAsync();
            if (condition(screen))
            {
                return screen;
            }

            if (deadline.Elapsed > TestServer.Timeout)
            {
                throw new TimeoutException($"The screen did not show {what} within {TestServer.Timeout.TotalSeconds:0} s. It shows:\n{screen}{await ExitNoteAsync()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Polls until some row contains <paramref name="text"/>.</summary>
    public Task<Screen> WaitForTextAsync(string text) =>
        WaitForScreenAsync(s => s.Contains(text), $"\"{text}\"");

    /// <summary>Waits for the client to exit (and tmux to have shown all it wrote) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(ExitFile))
        {
            if (deadline.Elapsed > TestServer.Timeout)
            {
                throw new TimeoutException($"The client did not exit within {TestServer.Timeout.TotalSeconds:0} s. The screen shows:\n{await CaptureAsync()}");
            }

            await Task.Delay(PollInterval);
        }

        // tmux reads the terminal's output on its own time: once it calls the pane dead (it has
        // read to the end and closed the terminal), the screen has all the client wrote.
        while ((await TmuxAsync("display-message", "-p", "-t", Session, "#{pane_dead}")).Trim() != "1")
        {
            if (deadline.Elapsed > TestServer.Timeout)
            {
                throw new TimeoutException($"The client exited but its terminal stayed open for {TestServer.Timeout.TotalSeconds:0} s. The screen shows:\n{await CaptureAsync()}");
            }

            await Task.Delay(PollInterval);
        }

        return int.Parse((await File.ReadAllTextAsync(ExitFile)).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The terminal's modes a full-screen program switches on and must switch off again:
    /// "alternate screen, keypad application mode, mouse tracking" as 0s and 1s ("000" when restored).
    /// </summary>
    public async Task<string> TerminalModesAsync() =>
        (await TmuxAsync("display-message", "-p", "-t", Session, "#{alternate_on}#{keypad_flag}#{mouse_any_flag}")).Trim();

    public async ValueTask DisposeAsync()
    {
        try
        {
            _log?.WriteLine("Last screen:\n" + await CaptureAsync());
        }
        catch (InvalidOperationException)
        {
            // The session never started.
        }

        string? socketPath = null;
        try
        {
            socketPath = (await TmuxAsync("display-message", "-p", "#{socket_path}")).Trim();
            await TmuxAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        // tmux leaves its socket file behind: one per test would pile up in /tmp/tmux-UID.
        if (!string.IsNullOrEmpty(socketPath))
        {
            File.Delete(socketPath);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Not worth failing a test over a temp folder.
        }
    }

    private async Task<string> ExitNoteAsync() =>
        File.Exists(ExitFile) ? $"\n(the client exited with code {(await File.ReadAllTextAsync(ExitFile)).Trim()})" : string.Empty;

    private async Task<string> TmuxAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A tmux inside tmux (a developer running the tests in one) would refuse without this.
        start.Environment.Remove("TMUX");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start tmux (is it installed? apt-get install tmux)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestServer.Timeout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed ({process.ExitCode}): {(await error).Trim()}");
        }

        return await output;
    }

    /// <summary>Single-quotes a word for sh.</summary>
    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>What the terminal shows: <see cref="Height"/> rows, the last two the client's status and input lines.</summary>
    public sealed class Screen(IReadOnlyList<string> rows)
    {
        public IReadOnlyList<string> Rows { get; } = rows;

        /// <summary>The top row (the topic line).</summary>
        public string Title => Rows[0];

        /// <summary>The row above the input line.</summary>
        public string Status => Rows[^2];

        /// <summary>The bottom row.</summary>
        public string Input => Rows[^1];

        public bool Contains(string text) => Rows.Any(r => r.Contains(text, StringComparison.Ordinal));

        public override string ToString()
        {
            var text = new StringBuilder();
            for (var i = 0; i < Rows.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{i,2}|{Rows[i]}\n");
            }

            return text.ToString();
        }
    }
}
