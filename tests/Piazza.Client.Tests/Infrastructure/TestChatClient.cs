using System.Net;

using Piazza.Client.Irc;
using Piazza.Client.Model;
using Piazza.Testing;

namespace Piazza.Client.Tests.Infrastructure;

/// <summary>
/// The client's logic (a <see cref="ChatController"/>) without a screen: its UI thread is a loop
/// here, every line it would show is recorded, and every wait has <see cref="TestServer.Timeout"/>.
/// </summary>
internal sealed class TestChatClient : IAsyncDisposable
{
    private readonly UiQueue _queue = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string Conversation, ChatLine Line)> _lines = [];
    private readonly Task _loop;
    private Task _run = Task.CompletedTask;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestChatClient(SessionSettings settings, IReadOnlyList<string> rooms)
    {
        Controller = new ChatController(settings, rooms, _queue.Post);
        Controller.LineAdded += (conversation, line) => Record(conversation, [line]);
        Controller.HistoryAdded += Record;
        Controller.Changed += Signal;
        _loop = Task.Run(() => _queue.RunUntilAsync(() => _stop.IsCancellationRequested, _stop.Token));
    }

    public ChatController Controller { get; }

    /// <summary>Settings for a client of <paramref name="endPoint"/> that retries quickly.</summary>
    public static SessionSettings Settings(IPEndPoint endPoint, string nick) => new()
    {
        Host = endPoint.Address.ToString(),
        Port = endPoint.Port,
        Nick = nick,
        FirstRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Settings for a client given several servers (<c>--server</c>, a cluster's nodes), in order, that retries quickly.</summary>
    public static SessionSettings Settings(IReadOnlyList<IPEndPoint> servers, string nick) => Settings(servers[0], nick) with
    {
        Servers = [.. servers.Select(s => new ServerAddress(s.Address.ToString(), s.Port))],
    };

    /// <summary>Connects and waits until registered and in <paramref name="rooms"/>.</summary>
    public static Task<TestChatClient> ConnectAsync(IPEndPoint endPoint, string nick, params string[] rooms) =>
        ConnectAsync(Settings(endPoint, nick), rooms);

    public static async Task<TestChatClient> ConnectAsync(SessionSettings settings, params string[] rooms)
    {
        var client = new TestChatClient(settings, rooms);
        client._run = client.Controller.RunAsync(client._stop.Token);
        _ = client._run.ContinueWith(_ => client.Signal(), TaskScheduler.Default);
        try
        {
            await client.WaitUntilAsync(c => c.IsReady);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every line shown so far, with its conversation's name.</summary>
    public IReadOnlyList<(string Conversation, ChatLine Line)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Types a line and waits until the controller has handled it.</summary>
    public Task TypeAsync(string text) => InvokeAsync(c => c.Submit(text));

    /// <summary>Runs <paramref name="action"/> on the client's UI thread and waits for it.</summary>
    public Task InvokeAsync(Action<ChatController> action) => ReadAsync(c =>
    {
        action(c);
        return true;
    });

    /// <summary>Reads something from the controller on its UI thread.</summary>
    public async Task<T> ReadAsync<T>(Func<ChatController, T> read)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Post(() =>
        {
            try
            {
                done.SetResult(read(Controller));
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return await done.Task.WaitAsync(TestServer.Timeout);
    }

    /// <summary>Waits for a line in <paramref name="conversation"/> (null: any) that satisfies <paramref name="match"/>.</summary>
    public async Task<ChatLine> WaitForLineAsync(string? conversation, Func<ChatLine, bool> match)
    {
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        while (true)
        {
            var changed = _changed.Task;
            var found = Lines.FirstOrDefault(l =>
                (conversation is null || string.Equals(l.Conversation, conversation, StringComparison.OrdinalIgnoreCase)) && match(l.Line));
            if (found.Line is not null)
            {
                return found.Line;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                var seen = string.Join("\n", Lines.Select(l => l.Conversation + ": " + LineFormat.Full(l.Line)));
                Assert.Fail($"No matching line in {conversation ?? "any conversation"} within {TestServer.Timeout}. Lines seen:\n{seen}");
            }
        }
    }

    /// <summary>Waits for a message (or action or notice) from <paramref name="nick"/> reading <paramref name="text"/>.</summary>
    public Task<ChatLine> WaitForMessageAsync(string? conversation, string nick, string text) =>
        WaitForLineAsync(conversation, l => l.IsChat && l.Nick == nick && l.Text == text);

    /// <summary>Waits until <paramref name="condition"/> holds for the controller (checked on its UI thread after each change).</summary>
    public async Task WaitUntilAsync(Func<ChatController, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        while (true)
        {
            var changed = _changed.Task;
            if (await ReadAsync(condition))
            {
                return;
            }

            if (_run.IsFaulted)
            {
                await _run;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                var seen = string.Join("\n", Lines.Select(l => l.Conversation + ": " + LineFormat.Full(l.Line)));
                Assert.Fail($"The condition did not hold within {TestServer.Timeout}. Lines seen:\n{seen}");
            }
        }
    }

    /// <summary>Quits (QUIT) and waits until the connection has ended.</summary>
    public async Task QuitAsync()
    {
        await InvokeAsync(c => c.Quit());
        await _run.WaitAsync(TestServer.Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            try
            {
                await QuitAsync();
            }
            catch (TimeoutException)
            {
                // Stopped below regardless.
            }
        }

        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        _stop.Dispose();
    }

    private void Record(Conversation conversation, IReadOnlyList<ChatLine> lines)
    {
        lock (_lines)
        {
            _lines.AddRange(lines.Select(l => (conversation.Name, l)));
        }

        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
