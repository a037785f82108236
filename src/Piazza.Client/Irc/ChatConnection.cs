namespace Piazza.Client.Irc;

/// <summary>
/// Keeps the client connected: runs one <see cref="IrcClientSession"/> after another, waiting
/// longer after each failure (with a countdown the user sees), until the user quits. Given
/// several servers (<see cref="SessionSettings.Servers"/>, a cluster's nodes), each attempt goes
/// to the next one, round robin, starting after the one that dropped; the wait comes once per
/// round (after a drop, and after every server failed once more), not per server, so a dead
/// node costs only its own attempt. The first connection is different: if every server fails
/// once, the error goes to the caller, since servers that were never reached are most likely a
/// wrong address, not a dropped line; a server that fails before another answers is skipped
/// with a <see cref="ServerSkippedEvent"/>.
/// </summary>
internal sealed class ChatConnection
{
    private readonly SessionSettings _settings;
    private readonly IReadOnlyList<ServerAddress> _servers;
    private readonly Action<ClientEvent> _onEvent;
    private readonly TimeProvider _time;
    private volatile IrcClientSession? _session;
    private volatile bool _quitting;

    public ChatConnection(SessionSettings settings, Action<ClientEvent> onEvent, TimeProvider? time = null)
    {
        _settings = settings;
        _servers = settings.Servers.Count > 0 ? settings.Servers : [settings.Address];
        _onEvent = onEvent;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The session of the current connection (null before the first one starts).</summary>
    public IrcClientSession? Session => _session;

    /// <summary>Runs until the user quits or <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="ConnectionFailedException">The first connection failed, to every server.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var everRegistered = false;
        var next = 0;

        // Attempts that failed since the last registration (or since the start), and their reasons
        // while none ever registered: the first connection's error names them all.
        var failures = 0;
        var firstErrors = new List<string>();
        while (!_quitting && !cancellationToken.IsCancellationRequested)
        {
            var server = _servers[next];
            next = (next + 1) % _servers.Count;
            var session = new IrcClientSession(_settings with { Host = server.Host, Port = server.Port }, _onEvent, _time);
            _session = session;
            string reason;
            try
            {
                reason = await session.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectionFailedException ex) when (!_quitting && (everRegistered || failures + 1 < _servers.Count))
            {
                reason = ex.Message;
            }
            catch (ConnectionFailedException ex) when (!_quitting && failures > 0)
            {
                // Every server failed once before any answered: the caller's error names them all.
                firstErrors.Add(ex.Message);
                throw new ConnectionFailedException(string.Join("; ", firstErrors), ex);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }

            var dropped = session.IsRegistered;
            if (dropped)
            {
                everRegistered = true;
                failures = 0;
            }
            else
            {
                failures++;
            }

            if (_quitting || cancellationToken.IsCancellationRequested)
            {
                _onEvent(new DisconnectedEvent(reason));
                return;
            }

            if (!everRegistered)
            {
                // The first connection, and another server is left to try: skip this one, now.
                firstErrors.Add(reason);
                _onEvent(new ServerSkippedEvent(reason, _servers[next]));
                continue;
            }

            _onEvent(new DisconnectedEvent(reason));

            // A round starts after a drop and after every server failed once more: wait before it,
            // longer each round. Within a round, the next server is tried at once.
            if (dropped || failures % _servers.Count == 0)
            {
                await CountDownAsync(RetryDelay(failures / _servers.Count), cancellationToken).ConfigureAwait(false);
            }
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

    /// <summary>The wait before a round, after <paramref name="rounds"/> rounds in which every server failed.</summary>
    private TimeSpan RetryDelay(int rounds)
    {
        var delay = _settings.FirstRetryDelay * Math.Pow(2, Math.Min(rounds, 16));
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
