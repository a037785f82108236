namespace Piazza.Client.Irc;

/// <summary>
/// Keeps the client connected: runs one <see cref="IrcClientSession"/> after another, waiting
/// longer after each failure (with a countdown the user sees), until the user quits. The first
/// connection is different: if it fails, the error goes to the caller, since a server that was
/// never reached is most likely a wrong address, not a dropped line.
/// </summary>
internal sealed class ChatConnection
{
    private readonly SessionSettings _settings;
    private readonly Action<ClientEvent> _onEvent;
    private readonly TimeProvider _time;
    private volatile IrcClientSession? _session;
    private volatile bool _quitting;

    public ChatConnection(SessionSettings settings, Action<ClientEvent> onEvent, TimeProvider? time = null)
    {
        _settings = settings;
        _onEvent = onEvent;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The session of the current connection (null before the first one starts).</summary>
    public IrcClientSession? Session => _session;

    /// <summary>Runs until the user quits or <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="ConnectionFailedException">The first connection failed.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var everRegistered = false;
        var failures = 0;
        while (!_quitting && !cancellationToken.IsCancellationRequested)
        {
            var session = new IrcClientSession(_settings, _onEvent, _time);
            _session = session;
            string reason;
            try
            {
                reason = await session.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectionFailedException ex) when (everRegistered && !_quitting)
            {
                reason = ex.Message;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }

            if (session.IsRegistered)
            {
                everRegistered = true;
                failures = 0;
            }

            if (_quitting || cancellationToken.IsCancellationRequested)
            {
                _onEvent(new DisconnectedEvent(reason));
                return;
            }

            _onEvent(new DisconnectedEvent(reason));
            await CountDownAsync(RetryDelay(failures++), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends QUIT and stops reconnecting.</summary>
    public void Quit(string reason)
    {
        _quitting = true;
        _session?.Quit(reason);
    }

    /// <summary>Drops the current connection without QUIT (and reconnects, unless quitting).</summary>
    public void DropConnection() => _session?.Abort();

    private TimeSpan RetryDelay(int failures)
    {
        var delay = _settings.FirstRetryDelay * Math.Pow(2, Math.Min(failures, 16));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    private async Task CountDownAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(delay.TotalSeconds);
        for (var left = seconds; left > 0 && !_quitting; left--)
        {
            _onEvent(new ReconnectCountdownEvent(left));
            var step = left == seconds ? delay - TimeSpan.FromSeconds(seconds - 1) : TimeSpan.FromSeconds(1);
            try
            {
                await Task.Delay(step, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
