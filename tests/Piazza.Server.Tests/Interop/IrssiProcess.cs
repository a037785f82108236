using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests.Interop;

/// <summary>
/// irssi, the real IRC client (Debian's <c>irssi</c>, 1.4), in a fresh home folder. irssi needs a
/// terminal, so it runs in a detached tmux session of a fixed size on a private socket
/// (<c>tmux -L piazza-irssi-GUID</c>: parallel tests and anyone's own tmux never meet), and is
/// typed at with <c>send-keys</c>. It is observed through two files it writes line by line rather
/// than through the screen (which it redraws): its display log (<see cref="Shown"/>) and its raw
/// log of every line sent and received (<see cref="Raw"/>). Its startup file sets it up and
/// connects; command throttling is off so that commands go out at once, and <c>/notify</c> checks
/// every second instead of every minute.
/// </summary>
internal sealed class IrssiProcess : IAsyncDisposable
{
    private const string Program = "irssi";
    private const string Session = "irssi";

    private readonly string _socket;
    private readonly string _home;
    private int _pid;
    private string? _socketPath;

    private IrssiProcess(string socket, string home)
    {
        _socket = socket;
        _home = home;
        Shown = new IrssiLog(Path.Combine(home, "shown.log"), "display log");
        Raw = new IrssiLog(Path.Combine(home, "raw.log"), "raw log");
    }

    /// <summary>What irssi's windows show, all in one file (a channel's lines start with its name: <c>#dev: </c>).</summary>
    public IrssiLog Shown { get; }

    /// <summary>The IRC lines: <c>&lt;&lt; </c> irssi sent, <c>&gt;&gt; </c> irssi received.</summary>
    public IrssiLog Raw { get; }

    /// <summary>
    /// Starts irssi connecting to <paramref name="irc"/> as <paramref name="nick"/>. Fails (never
    /// skips), as the WeeChat tests do, when irssi or tmux is not installed: CI installs both (.ci/run).
    /// </summary>
    public static async Task<IrssiProcess> StartAsync(IPEndPoint irc, string nick)
    {
        var program = FindProgram(Program) ?? throw new InvalidOperationException(
            $"The interop test needs the real IRC client irssi: {Program} was not found on PATH. " +
            "Install it with: apt-get install irssi (.ci/run does this).");
        _ = FindProgram("tmux") ?? throw new InvalidOperationException(
            "The irssi interop test runs irssi in a terminal made by tmux, which was not found on PATH. " +
            "Install it with: apt-get install tmux (.ci/run does this).");
        var home = Directory.CreateTempSubdirectory("piazza-irssi-").FullName;
        var irssi = new IrssiProcess("piazza-irssi-" + Guid.NewGuid().ToString("N"), home);
        var config = Path.Combine(home, "config");
        await File.WriteAllTextAsync(
            config,
            $$"""
            settings = {
              core = { nick = "{{nick}}"; user_name = "{{nick}}"; real_name = "{{nick}} on irssi"; settings_autosave = "no"; };
            };

            """);
        string[] startup =
        [
            "/set cmd_queue_speed 0",
            "/set cmds_max_at_once 1000",
            "/set notify_check_time 1s",
            $"/log open {irssi.Shown.Path} ALL",
            string.Create(CultureInfo.InvariantCulture, $"/connect -rawlog {irssi.Raw.Path} {irc.Address} {irc.Port}"),
        ];
        await File.WriteAllLinesAsync(Path.Combine(home, "startup"), startup);
        var tmuxConfig = Path.Combine(home, "tmux.conf");
        await File.WriteAllTextAsync(tmuxConfig, "set -g status off\n");

        try
        {
            // HOME too, so that nothing irssi or tmux writes lands in the real one.
            var command = $"env HOME={Quote(home)} TERM=screen LC_ALL=C.UTF-8 {Quote(program)} --home={Quote(home)} --config={Quote(config)}";
            await irssi.TmuxAsync("-f", tmuxConfig, "new-session", "-d", "-s", Session, "-x", "120", "-y", "40", command);
            var started = (await irssi.TmuxAsync("display-message", "-p", "-t", Session, "#{pane_pid} #{socket_path}")).Trim().Split(' ', 2);
            irssi._pid = int.Parse(started[0], CultureInfo.InvariantCulture);
            irssi._socketPath = started[1];
            return irssi;
        }
        catch
        {
            await irssi.DisposeAsync();
            throw;
        }
    }

    /// <summary>Types <paramref name="input"/> (text, or a /command) in the current window and presses Enter.</summary>
    public async Task TypeAsync(string input)
    {
        await TmuxAsync("send-keys", "-t", Session, "-l", "--", input);
        await TmuxAsync("send-keys", "-t", Session, "Enter");
    }

    /// <summary>
    /// The error replies irssi received after registering: numerics 400–599 and <c>FAIL</c>
    /// (<see cref="IrcLine.IsError"/>). Before registering irssi sends <c>JOIN :</c> right after
    /// <c>CAP LS 302</c> (its probe for servers without CAP), and a server rightly answers 451
    /// (not registered) to an unregistered client's command; irssi ignores it once CAP is
    /// answered, so only what comes after the welcome (001) counts.
    /// </summary>
    public IReadOnlyList<string> ErrorReplies()
    {
        var received = Raw.Lines.Where(l => l.StartsWith(">> ", StringComparison.Ordinal)).Select(l => IrcLine.Parse(l[3..], l.Length - 1)).ToList();
        return received.SkipWhile(l => !l.Is("001")).Where(l => l.IsError).Select(l => l.Raw).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        KillIrssi();
        try
        {
            await TmuxAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Gone already: its only session ended with irssi.
        }

        // tmux leaves its socket file behind: one per test would pile up in /tmp/tmux-UID.
        if (_socketPath is not null)
        {
            File.Delete(_socketPath);
        }

        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind harms nothing.
        }
    }

    /// <summary>
    /// Kills the terminal's process tree (env, then irssi) if it is still running: tmux's hangup
    /// alone is not enough, since irssi takes SIGHUP as "reload the config".
    /// </summary>
    private void KillIrssi()
    {
        if (_pid == 0)
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(_pid);
            if (process.ProcessName is not (Program or "env" or "sh"))
            {
                return; // irssi quit and its pid went to someone else
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit(TestServer.Timeout);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Exited already (it quit).
        }
    }

    private static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Single-quotes a word for sh (tmux runs the command through it).</summary>
    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

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
}
