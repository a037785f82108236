using System.Threading.Channels;

using Piazza.Protocol.Irc;

namespace Piazza.Client.Irc;

/// <summary>
/// One connection's life as an IRC client: connect, negotiate caps, register (finding a free
/// nick), answer PINGs, turn what the server sends into <see cref="ClientEvent"/>s and send
/// what the user asks for. Knows nothing of terminals; reconnecting is <see cref="ChatConnection"/>'s job.
/// </summary>
internal sealed partial class IrcClientSession : IAsyncDisposable
{
    private readonly SessionSettings _settings;
    private readonly Action<ClientEvent> _onEvent;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<string> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private IrcConnection? _connection;
    private string? _errorReason;
    private volatile bool _quitting;

    public IrcClientSession(SessionSettings settings, Action<ClientEvent> onEvent, TimeProvider? time = null)
    {
        _settings = settings;
        _onEvent = onEvent;
        _time = time ?? TimeProvider.System;
        Nick = settings.Nick;
    }

    /// <summary>Our nickname now (the one asked for until the server says otherwise).</summary>
    public string Nick { get; private set; }

    public ServerFeatures Features { get; } = new();

    /// <summary>The caps the server acknowledged.</summary>
    public IReadOnlySet<string> Caps => _enabledCaps;

    /// <summary>True once the server welcomed us (001).</summary>
    public bool IsRegistered => _welcomed;

    /// <summary>Completes with our nick when registration is over; faults when it failed.</summary>
    public Task<string> Registered => _registered.Task;

    /// <summary>
    /// Connects, registers and reads until the connection ends. Returns the reason it ended, as a
    /// user would read it. Throws <see cref="ConnectionFailedException"/> when the server could
    /// not be reached or would not register us.
    /// </summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        _onEvent(new ConnectingEvent(_settings.Address));
        try
        {
            _connection = await IrcConnection.OpenAsync(
                _settings.Host, _settings.Port, _settings.Tls, _settings.Insecure, _settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectionFailedException ex)
        {
            _registered.TrySetException(ex);
            throw;
        }

        var writer = WriteLoopAsync(_connection);
        try
        {
            StartRegistration();
            var reason = await ReadLoopAsync(cancellationToken).ConfigureAwait(false);
            if (!_welcomed)
            {
                var failure = new ConnectionFailedException($"{_settings.Address} did not register us: {reason}");
                _registered.TrySetException(failure);
                throw failure;
            }

            _registered.TrySetResult(Nick);
            return reason;
        }
        catch (ConnectionFailedException ex)
        {
            _registered.TrySetException(ex);
            throw;
        }
        finally
        {
            _outbox.Writer.TryComplete();
            _connection.Abort();
            await writer.ConfigureAwait(false);
        }
    }

    /// <summary>Sends one command; the last parameter may hold spaces. Dropped quietly when not connected.</summary>
    public void Send(string command, params string[] parameters) =>
        Enqueue(IrcWriter.Format(null, null, command, parameters));

    /// <summary>Sends a line the user typed after /quote (or an unknown /command), as is; false when it is not IRC.</summary>
    public bool SendRaw(string line)
    {
        var status = IrcParser.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out var message);
        if (status != IrcParseStatus.Ok || message is null)
        {
            return false;
        }

        Enqueue(IrcWriter.Format(message));
        return true;
    }

    /// <summary>
    /// Sends text to a channel or nick, split into as many lines as the 512-byte limit needs.
    /// Without echo-message the session reports our own message itself, so that it is shown.
    /// </summary>
    public void SendMessage(string target, string text, MessageKind kind)
    {
        var command = kind == MessageKind.Notice ? "NOTICE" : "PRIVMSG";

        // The server prefixes our full mask when it relays: count the longest one it could be.
        var relayedSource = Nick + "!" + new string('u', 10) + "@" + new string('h', 63);
        var budget = IrcText.TrailingBudget(relayedSource, command, [target]) - (kind == MessageKind.Action ? 9 : 0);
        foreach (var part in IrcText.Split(text, Math.Max(budget, IrcText.MinSplitBytes)))
        {
            var wire = kind == MessageKind.Action ? IrcCtcp.Action(part) : part;
            Enqueue(IrcWriter.Format(null, null, command, [target, wire], trailing: true));
            if (!_enabledCaps.Contains("echo-message"))
            {
                _onEvent(new MessageEvent(target, Nick, part, kind, _time.GetUtcNow(), null, IsOwn: true, IsHistory: false));
            }
        }
    }

    /// <summary>Says goodbye (QUIT) and closes; the run ends with "quit".</summary>
    public void Quit(string reason)
    {
        _quitting = true;
        Enqueue(IrcWriter.Format(null, null, "QUIT", [reason], trailing: true));
        _outbox.Writer.TryComplete();

        // A server closes after QUIT; one that does not is closed on after a moment.
        _ = Task.Delay(TimeSpan.FromSeconds(2), _time).ContinueWith(_ => Abort(), TaskScheduler.Default);
    }

    /// <summary>Closes the connection at once, without a QUIT (the run ends).</summary>
    public void Abort() => _connection?.Abort();

    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Enqueue(byte[] line)
    {
        if (_connection is not null)
        {
            _outbox.Writer.TryWrite(line);
        }
    }

    /// <summary>Writes queued lines in order, so that a long message's parts are never interleaved with the next one.</summary>
    private async Task WriteLoopAsync(IrcConnection connection)
    {
        try
        {
            await foreach (var line in _outbox.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await connection.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The read loop sees the same failure and ends the session with its reason.
            connection.Abort();
        }
    }

    private async Task<string> ReadLoopAsync(CancellationToken cancellationToken)
    {
        var connection = _connection!;
        var pinged = false;
        while (true)
        {
            IrcMessage? message;
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(_welcomed ? _settings.IdleTimeout : _settings.RegistrationTimeout);
            try
            {
                message = await connection.ReadAsync(idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!_welcomed)
                {
                    return "registration timed out";
                }

                if (pinged)
                {
                    return "the server stopped answering (ping timeout)";
                }

                pinged = true;
                Send("PING", "piazza");
                continue;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                return _quitting ? "quit" : _errorReason ?? "connection lost: " + ex.Message;
            }

            if (message is null)
            {
                return _quitting ? "quit" : _errorReason ?? "the server closed the connection";
            }

            pinged = false;
            Handle(message);
        }
    }
}
