using System.Text;
using System.Threading.Channels;

using Piazza.Server.Tests.Infrastructure;

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
/// <c>logger.file.flush_delay 0</c>) through file-system events, and hands each new line on.
/// </summary>
internal sealed class WeechatLog : IDisposable
{
    private const string Extension = ".weechatlog";

    private readonly string _directory;
    private readonly FileSystemWatcher _watcher;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _offsets = [];
    private readonly Channel<WeechatLine> _lines = Channel.CreateUnbounded<WeechatLine>();

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

    /// <summary>Every line read so far, for failure messages.</summary>
    public List<WeechatLine> Seen { get; } = [];

    /// <summary>Skips lines until one matches, within <see cref="TestServer.Timeout"/>.</summary>
    public async Task<WeechatLine> ExpectAsync(Func<WeechatLine, bool> match, string what)
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
            Scan();
            throw new TimeoutException($"WeeChat did not show {what} within {TestServer.Timeout}. Its buffers showed:\n{Describe()}");
        }
    }

    /// <summary>What WeeChat showed, one line each.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return string.Join('\n', Seen);
        }
    }

    public void Dispose() => _watcher.Dispose();

    /// <summary>Reads what every log file gained since last time; runs on the watcher's threads, one at a time.</summary>
    private void Scan()
    {
        lock (_gate)
        {
            foreach (var path in Directory.EnumerateFiles(_directory, "*" + Extension))
            {
                ReadNewLines(path);
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
            var line = fields.Length == 3 ? new WeechatLine(buffer, fields[1], fields[2]) : new WeechatLine(buffer, string.Empty, text);
            Seen.Add(line);
            _lines.Writer.TryWrite(line);
        }
    }
}
