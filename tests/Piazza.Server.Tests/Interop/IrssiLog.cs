using System.Text;
using System.Text.RegularExpressions;

using Piazza.Testing;

namespace Piazza.Server.Tests.Interop;

/// <summary>
/// Follows a text file irssi writes line by line: its display log (<c>/log open FILE ALL</c>:
/// every window's lines, a channel's as <c>#dev: &lt; bob&gt; hi</c>, the status window's as
/// <c>-!- …</c>) or its raw log (<c>/connect -rawlog FILE</c>: <c>&lt;&lt; SENT</c>,
/// <c>&gt;&gt; RECEIVED</c>, and <c>--&gt; name</c> after a received line that irssi routed to
/// the query waiting for it). The file is polled, so a wait ends soon after the line is written;
/// irssi's <c>HH:MM </c> timestamps are taken off. Lines keep their order within a file, not
/// across the two. Not thread-safe: one test's flow reads it, one wait at a time.
/// </summary>
internal sealed partial class IrssiLog(string path, string name)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly List<string> _seen = [];
    private readonly HashSet<int> _matched = [];
    private long _offset;

    /// <summary>The file, whether or not irssi has made it yet.</summary>
    public string Path { get; } = path;

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            ReadNewLines();
            return _seen;
        }
    }

    /// <summary>
    /// Waits, up to <see cref="TestServer.Timeout"/>, until irssi has written a line that matches
    /// and that no earlier wait took; returns it.
    /// </summary>
    public async Task<string> ExpectAsync(Func<string, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (true)
        {
            ReadNewLines();
            for (var i = 0; i < _seen.Count; i++)
            {
                if (!_matched.Contains(i) && match(_seen[i]))
                {
                    _matched.Add(i);
                    return _seen[i];
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"irssi's {name} did not show {what} within {TestServer.Timeout}. It has:\n{Describe()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits for this exact line (after the timestamp).</summary>
    public Task<string> ExpectAsync(string exact) => ExpectAsync(line => line == exact, $"\"{exact}\"");

    /// <summary>
    /// In the raw log: waits for a line irssi received with this command (or numeric) and exactly
    /// these parameters after its target, however the server wrote them (a last one with or
    /// without a colon).
    /// </summary>
    public Task<string> ExpectReceivedAsync(string command, params string[] parameters) =>
        ExpectAsync(l => IsReceived(l, command, parameters), $"{command} {string.Join(' ', parameters)}");

    /// <summary>True for a raw log line that irssi received, with this command and these parameters after its target.</summary>
    public static bool IsReceived(string line, string command, params string[] parameters)
    {
        if (!line.StartsWith(">> ", StringComparison.Ordinal))
        {
            return false;
        }

        var received = IrcLine.Parse(line[3..], line.Length - 1);
        return received.Is(command) && received.Parameters.Skip(1).SequenceEqual(parameters);
    }

    /// <summary>Everything written so far, for a failure message.</summary>
    public string Describe() => string.Join('\n', Lines);

    [GeneratedRegex(@"^\d\d:\d\d ")]
    private static partial Regex Timestamp();

    private void ReadNewLines()
    {
        if (!File.Exists(Path))
        {
            return;
        }

        using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length <= _offset)
        {
            return;
        }

        file.Position = _offset;
        var bytes = new byte[file.Length - _offset];
        file.ReadExactly(bytes);
        // Only whole lines: a line being written is read on the next poll.
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        _offset += end;
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n'))
        {
            if (line.Length > 0)
            {
                _seen.Add(Timestamp().Replace(line.TrimEnd('\r'), string.Empty));
            }
        }
    }
}
