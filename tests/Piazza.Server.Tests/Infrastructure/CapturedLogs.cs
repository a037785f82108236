using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

using Piazza.Testing;

namespace Piazza.Server.Tests.Infrastructure;

/// <summary>One log line the server wrote.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyDictionary<string, string?> Properties)
{
    /// <summary>A structured property's value as text ("" when absent).</summary>
    public string this[string name] => Properties.TryGetValue(name, out var value) ? value ?? string.Empty : string.Empty;

    public override string ToString() => $"{Level} {Category}[{EventId.Id}] {Message}";
}

/// <summary>
/// A logger provider that keeps every line (at the levels the server's configuration lets
/// through) so that a test can wait for an event by its EventId.
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<CapturedLog, bool> Match, TaskCompletionSource<CapturedLog> Found)> _waiters = [];

    /// <summary>Every line so far, in order.</summary>
    public IReadOnlyList<CapturedLog> Lines => [.. _lines];

    /// <summary>
    /// The first line (already written or still to come) that matches; times out after
    /// <see cref="TestServer.Timeout"/>.
    /// </summary>
    public Task<CapturedLog> WaitForAsync(Func<CapturedLog, bool> match)
    {
        lock (_gate)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return Task.FromResult(line);
            }

            var found = new TaskCompletionSource<CapturedLog>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
            return found.Task.WaitAsync(TestServer.Timeout);
        }
    }

    /// <summary>The first line with this EventId.</summary>
    public Task<CapturedLog> WaitForAsync(int eventId) => WaitForAsync(l => l.EventId.Id == eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(CapturedLog line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Found.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new CapturedLog(category, logLevel, eventId, formatter(state, exception), exception, PropertiesOf(state)));

        private static Dictionary<string, string?> PropertiesOf<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value?.ToString())
                : [];
    }
}
