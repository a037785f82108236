using System.Text;

using Piazza.Testing;

namespace Piazza.Server.Tests.Interop;

/// <summary>One line WeeChat showed in a buffer, as its logger plugin wrote it: <c>date TAB prefix TAB message</c>.</summary>
/// <param name="Buffer">The buffer's log name: <c>irc.server.piazza</c>, <c>irc.piazza.#lobby</c>, <c>irc.piazza.bob</c>.</param>
/// <param name="Prefix">What WeeChat shows left of the bar: a nick (with its mode, <c>@bob</c>), <c>--&gt;</c>, <c>--</c>, <c> *</c>.</param>
/// <param name="Message">The text.</param>
internal sealed record WeechatLine(string Buffer, string Prefix, string Message)
{
    /// <summary>The prefix without channel-mode characters and padding.</summary>
    public string Nick => Prefix.Trim().TrimStart('@', '+');

    /// <inheritdoc/>
    public override string ToString() => $"{Buffer}: {Prefix}\t{Message}";
}

/// <summary>
/// Follows WeeChat's log files (one per buffer, written line by line with
/// <c>logger.file.flush_delay 0</c>) through file-system events. Lines keep their order within a
/// buffer, but there is no order across buffers (files are read in whatever order), so a test
/// waits for a line to have been shown anywhere, not for it to come next.
/// </summary>
internal sealed class WeechatLog : IDisposable
{
    private const string Extension = ".weechatlog";

    private readonly string _directory;
    private readonly FileSystemWatcher _watcher;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _offsets = [];
    private readonly List<WeechatLine> _seen = [];
    private readonly HashSet<int> _matched = [];
    private TaskCompletionSource _grown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WeechatLog(string directory)
    {
        _directory = directory;
        _watcher = new FileSystemWatcher(directory, "*" + Extension)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Created += (_, _) => Scan();
        _watcher.Changed += (_, _) => Scan();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>
    /// Waits, up to <see cref="TestServer.Timeout"/>, until WeeChat has shown a line that matches
    /// and that no earlier wait took; returns it.
    /// </summary>
    public async Task<WeechatLine> ExpectAsync(Func<WeechatLine, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        while (true)
        {
            Task grown;
            lock (_gate)
            {
                for (var i = 0; i < _seen.Count; i++)
                {
                    if (!_matched.Contains(i) && match(_seen[i]))
                    {
                        _matched.Add(i);
                        return _seen[i];
                    }
                }

                grown = _grown.Task;
            }

            try
            {
                await grown.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Scan();
                throw new TimeoutException($"WeeChat did not show {what} within {TestServer.Timeout}. Its buffers showed:\n{Describe()}");
            }
        }
    }

    /// <summary>What WeeChat showed, one line each.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return string.Join('\n', _seen);
        }
    }

    public void Dispose() => _watcher.Dispose();

    /// <summary>Reads what every log file gained since last time; runs on the watcher's thread.</summary>
    private void Scan()
    {
        lock (_gate)
        {
            var before = _seen.Count;
            foreach (var path in Directory.EnumerateFiles(_directory, "*" + Extension))
            {
                ReadNewLines(path);
            }

            if (_seen.Count > before)
            {
                var grown = _grown;
                _grown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                grown.TrySetResult();
            }
        }
    }

    private void ReadNewLines(string path)
    {
        var offset = _offsets.GetValueOrDefault(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length <= offset)
        {
            return;
        }

        file.Position = offset;
        var bytes = new byte[file.Length - offset];
        file.ReadExactly(bytes);
        // Only whole lines: a line being written is read on the next event.
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        _offsets[path] = offset + end;
        var buffer = Path.GetFileName(path)[..^Extension.Length];
        foreach (var text in Encoding.UTF8.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = text.Split('\t', 3);
            _seen.Add(fields.Length == 3 ? new WeechatLine(buffer, fields[1], fields[2]) : new WeechatLine(buffer, string.Empty, text));
        }
    }
}
