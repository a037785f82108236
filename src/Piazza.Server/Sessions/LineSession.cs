using System.Buffers;
using System.IO.Pipelines;

using Microsoft.AspNetCore.Connections;

using Piazza.Core;
using Piazza.Core.Metrics;
using Piazza.Protocol.Irc;
using Piazza.Protocol.Line;
using Piazza.Server.Flood;
using Piazza.Server.Sessions.Output;
using Piazza.Server.WebSockets;

namespace Piazza.Server.Sessions;

/// <summary>
/// One client of a line-based protocol, from connect to close: the connection's read loop
/// (in <see cref="RunAsync"/>) frames lines and hands them to the protocol; everything the client
/// is sent goes through its <see cref="SendQueue"/>, drained by the one writer loop
/// (<see cref="WriteLoopAsync"/>). Subclasses are the protocols (plain, IRC).
/// </summary>
internal abstract partial class LineSession : IMemberSink
{
    /// <summary>Quit reason when the connection broke.</summary>
    protected const string ConnectionLost = "connection lost";

    /// <summary>Quit reason when the client closed its side.</summary>
    protected const string ConnectionClosed = "connection closed";

    private const string SendQueueExceeded = "send queue exceeded";
    private const string ExcessFlood = "Excess Flood";
    private static readonly TimeSpan WriterDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly ConnectionContext _connection;
    private readonly SendQueue _queue;
    private readonly FloodGate? _flood;
    private LineFramer _framer;
    private string? _closeReason;
    private Member? _joined;

    /// <summary>This session's protocol-and-transport figures for <c>/metrics</c>; set as <see cref="RunAsync"/> starts.</summary>
    private SessionCounters _counters = null!;

    /// <param name="nickRules">Which nicks need a login, and how long a member holding one has to log in (<c>Accounts:*</c>).</param>
    protected LineSession(ConnectionContext connection, ChatHub hub, ILogger logger, string address, string host, int maxLineBytes, FloodGate? flood, NickRules nickRules)
    {
        _flood = flood;
        _nickRules = nickRules;
        _connection = connection;
        Hub = hub;
        Logger = logger;
        Address = address;
        Host = host;
        _framer = new LineFramer(maxLineBytes);
        _queue = new SendQueue(hub.Options.MaxSendQueueBytes, OnSendQueueOverflow);
        Replay = new HistoryReplay(hub.History, hub.Time, Encode, (room, error) => LogHistoryReadFailed(logger, room, error));
    }

    /// <summary>The chat.</summary>
    protected ChatHub Hub { get; }

    /// <summary>The chat's limits.</summary>
    protected ChatOptions Options => Hub.Options;

    /// <summary>For the protocol's log lines.</summary>
    protected ILogger Logger { get; }

    /// <summary>The client's <c>ip:port</c>.</summary>
    protected string Address { get; }

    /// <summary>The client's IP.</summary>
    protected string Host { get; }

    /// <summary>Whether the connection came through Kestrel's TLS middleware (it sets the handshake feature).</summary>
    protected bool IsSecure => _connection.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>() is not null;

    /// <summary>History for a room being joined, and what the room delivers meanwhile (<see cref="Deliver"/>).</summary>
    protected HistoryReplay Replay { get; }

    /// <summary>The client in the hub, once it has joined it (plain: at once; IRC: after registration).</summary>
    protected Member? Joined
    {
        get => _joined;
        set
        {
            if (_joined is null && value is not null)
            {
                _counters.Registered();
            }

            _joined = value;
        }
    }

    /// <summary>The client in the hub; only valid after it has joined.</summary>
    protected Member Member => Joined ?? throw new InvalidOperationException("The session has not joined the hub.");

    /// <summary>The protocol's name in log lines: <c>plain</c> or <c>irc</c>.</summary>
    protected abstract string ProtocolName { get; }

    /// <summary>What the session runs over, for <c>/metrics</c>: <c>tcp</c>, <c>tls</c>, or IRC over WebSocket (<c>/ws</c>) as <c>ws</c> or <c>wss</c>.</summary>
    private string TransportName => _connection.Features.Get<WebSocketTransport>() is not null
        ? (IsSecure ? "wss" : "ws")
        : (IsSecure ? "tls" : "tcp");

    /// <summary>Runs the session until the client leaves or is dropped.</summary>
    public async Task RunAsync()
    {
        LogConnected(Logger, Address, ProtocolName);
        _counters = Hub.Counters.For(ProtocolName, TransportName);
        _counters.Opened();
        var writer = WriteLoopAsync();
        var reason = ConnectionLost;
        try
        {
            ValueTask connected;
            using (WakeMode.RepliesTo(_queue))
            {
                connected = OnConnectedAsync(); // the greeting goes out in one send
            }

            await connected;
            ReviewNick();
            ReviewOperatorAccount();

            // The read loop is inline rather than an awaited method of its own: every idle
            // connection waits here, and a second async method would keep a second state-machine
            // box alive per connection (docs/benchmarks.md, memory per idle connection).
            var input = _connection.Transport.Input;
            string? quit = null;
            while (quit is null)
            {
                var result = await input.ReadAsync();
                if (result.IsCanceled)
                {
                    if (TakeWake())
                    {
                        // One of the session's timers asked for the read loop (a nick's grace ran
                        // out), not a close: nothing was consumed or examined, so the next read
                        // returns at once with whatever waits unread.
                        input.AdvanceTo(result.Buffer.Start);
                        try
                        {
                            OnWoken();
                        }
                        catch (Exception ex)
                        {
                            quit = FailInternally(ex, "(nick reservation)");
                        }

                        continue;
                    }

                    quit = _closeReason ?? ConnectionClosed;
                    break;
                }

                var buffer = result.Buffer;
                if (_flood is { IsThrottled: true } && !IsFloodExempt && UnreadWhileThrottled(buffer.Length) is var unread && _flood.IsFlooding(unread))
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    quit = CutForFlood(unread);
                    break;
                }

                var pause = TimeSpan.Zero;
                var lines = 0;
                try
                {
                    while (true)
                    {
                        await WaitForRoomAsync();
                        var status = _framer.TryRead(ref buffer, out var line);
                        if (status == LineStatus.NeedMoreData)
                        {
                            break;
                        }

                        lines++;

                        if (status == LineStatus.TooLong)
                        {
                            OnLineTooLong();
                            pause = TakeFloodAllowance(Options.MaxLineBytes);
                        }
                        else
                        {
                            string? quitReason;
                            try
                            {
                                quitReason = await HandleOwnLineAsync(line);
                            }
                            catch (Exception ex)
                            {
                                // A handler never touches the transport (replies go through the
                                // queue), so whatever it throws is a bug, whatever its type.
                                quitReason = FailInternally(ex, CommandOf(line));
                            }

                            if (quitReason is not null)
                            {
                                quit = quitReason;
                                break;
                            }

                            ReviewNick();
                            ReviewOperatorAccount();

                            pause = TakeFloodAllowance((int)line.Length + 1);
                        }

                        if (pause > TimeSpan.Zero)
                        {
                            break;
                        }
                    }

                    if (quit is null && pause == TimeSpan.Zero && result.IsCompleted)
                    {
                        // A partial line left at the end was cut off mid-way: it is dropped, not sent.
                        quit = ConnectionClosed;
                    }
                }
                finally
                {
                    _counters.Received(lines);

                    // While paused, the rest counts as not looked at: the next read returns it at
                    // once, with whatever came meanwhile (which IsFlooding then weighs).
                    if (pause > TimeSpan.Zero)
                    {
                        input.AdvanceTo(buffer.Start);
                    }
                    else
                    {
                        input.AdvanceTo(buffer.Start, buffer.End);
                    }
                }

                if (pause > TimeSpan.Zero && quit is null)
                {
                    await _flood!.WaitAsync(pause);
                }
            }

            reason = quit;
        }
        catch (Exception ex) when (IsConnectionFault(ex))
        {
            LogReadFault(Logger, Address, ex.Message);
        }
        catch (Exception ex)
        {
            // The greeting (OnConnectedAsync) failed, or the read loop itself has a bug.
            reason = FailInternally(ex, command: null);
        }
        finally
        {
            reason = _closeReason ?? reason;
            _reservation?.Dispose();
            OnClosing(reason);
            if (Joined is { } member)
            {
                Hub.Disconnect(member, reason);
            }

            _queue.Complete();
            await FinishWriterAsync(writer);
            _counters.Closed();
            OnClosed();
            LogDisconnected(Logger, Address, ProtocolName, Joined?.Nick ?? "-", reason.Length == 0 ? "quit" : IrcText.ForEcho(reason));
        }
    }

    /// <inheritdoc/>
    public void Deliver(ChatEvent chatEvent)
    {
        // An event for a room being joined waits until its history has been sent.
        if (!Replay.TryHold(chatEvent))
        {
            Encode(chatEvent);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Nothing by default: the plain protocol does not show a sender its own lines.</remarks>
    public virtual void Shown(ChatEvent said, string? replyLabel)
    {
    }

    /// <summary>Queues <paramref name="chatEvent"/> for the client, in the protocol's form (or nothing, for what it does not show).</summary>
    protected abstract void Encode(ChatEvent chatEvent);

    /// <inheritdoc/>
    public void Close(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        _queue.EnqueueLast(GoodbyeLine(reason));
        _connection.Transport.Input.CancelPendingRead();
        WakeReader();
        _flood?.Release();
    }

    /// <summary>Ends the session from inside (a protocol's timeout, an IRC QUIT): the read loop stops, the client is told nothing more.</summary>
    protected void Stop(string reason) => Stop(reason, lastLine: null);

    /// <summary>As <see cref="Stop(string)"/>, after <paramref name="lastLine"/>: nothing queued meanwhile can follow it.</summary>
    protected void Stop(string reason, byte[]? lastLine)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        if (lastLine is null)
        {
            _queue.Complete();
        }
        else
        {
            _queue.EnqueueLast(lastLine);
        }

        _connection.Transport.Input.CancelPendingRead();
        WakeReader();
        _flood?.Release();
    }

    /// <summary>
    /// Runs a line's command with the session's replies held for one send: while the command
    /// runs on this thread, what it queues for its own client wakes the writer through the pool
    /// (after the command), not inline line by line (<see cref="WakeMode.RepliesTo"/>).
    /// </summary>
    private ValueTask<string?> HandleOwnLineAsync(ReadOnlySequence<byte> line)
    {
        using (WakeMode.RepliesTo(_queue))
        {
            return HandleLineAsync(line);
        }
    }

    /// <summary>Runs on the read loop before the first read: greet, join the hub.</summary>
    protected abstract ValueTask OnConnectedAsync();

    /// <summary>
    /// Handles one line (without its line ending); returns the quit reason when the client
    /// leaves, else null. Never throws on input. Most lines complete synchronously; a line
    /// that needs the history store awaits it, and the next line waits its turn.
    /// </summary>
    protected abstract ValueTask<string?> HandleLineAsync(ReadOnlySequence<byte> line);

    /// <summary>Tells the client its line was longer than the limit and was discarded.</summary>
    protected abstract void OnLineTooLong();

    /// <summary>Queues the protocol's goodbye (server shutdown).</summary>
    protected abstract byte[] GoodbyeLine(string reason);

    /// <summary>The last line a client is sent when the server cuts it off, saying why, in its protocol.</summary>
    protected abstract byte[] CutLine(CutReason reason);

    /// <summary>Runs once as the session ends, before it leaves the hub.</summary>
    protected virtual void OnClosing(string reason)
    {
    }

    /// <summary>Runs once after the writer has finished.</summary>
    protected virtual void OnClosed()
    {
    }

    /// <summary>Queues bytes for the client; never blocks.</summary>
    protected void Send(byte[] bytes) => _queue.Enqueue(bytes);

    /// <summary>
    /// Queues the line that ends the session (why it is cut) as the client's last: the queue takes
    /// nothing after it, so no event delivered meanwhile lands behind it; the writer still sends
    /// what was queued before.
    /// </summary>
    private void SendLast(byte[] line) => _queue.EnqueueLast(line);

    /// <summary>
    /// Drains the send queue into the connection, a whole batch per flush, until the queue ends
    /// or the client is gone.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var output = BatchOutput.For(_connection);
        ReadOnlyMemory<byte>[] batch = [];
        try
        {
            while (true)
            {
                var count = _queue.TakeBatch(ref batch);
                if (count < 0)
                {
                    break;
                }

                if (count == 0)
                {
                    await _queue.WaitAsync();
                    continue;
                }

                var open = await output.WriteAsync(batch, count);
                SendQueue.Recycle(ref batch, count);
                _counters.Sent(count);
                WakeReader();
                if (!open)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (IsConnectionFault(ex))
        {
            LogWriteFault(Logger, Address, ex.Message);
        }
        catch (Exception ex)
        {
            // A bug (ours or the pipe's): logged, and the writer ends as on a fault, so the
            // session still ends cleanly instead of failing its connection handler.
            LogWriterFailed(Logger, ex, Address, ProtocolName);
        }
        finally
        {
            _queue.Abort();
            WakeReader();
            await output.CompleteAsync();
        }
    }

    private async Task FinishWriterAsync(Task writer)
    {
        try
        {
            await writer.WaitAsync(WriterDrainTimeout);
        }
        catch (TimeoutException)
        {
            // The client stopped reading while we said goodbye: cut it off. The abort makes the
            // transport drop our output, which ends the writer's pending flush; it is awaited so
            // that it never outlives the handler and writes to a pipe Kestrel has completed.
            _connection.Abort(new ConnectionAbortedException("the client did not read its last lines"));
            await writer;
        }
    }

    /// <summary>
    /// The client stopped reading and its queue filled: the queue has dropped what waited, and
    /// sends the line returned here (past its limit) as the last; the session then ends as a
    /// <see cref="Close"/> does, and a client that does not read even that is aborted after
    /// <see cref="WriterDrainTimeout"/>. Runs on whichever thread was delivering to this client,
    /// so the rest is handed to the pool.
    /// </summary>
    private ReadOnlyMemory<byte> OnSendQueueOverflow()
    {
        Interlocked.CompareExchange(ref _closeReason, SendQueueExceeded, null);
        _counters.CutForSendQueue();
        ThreadPool.UnsafeQueueUserWorkItem(
            static session =>
            {
                LogSendQueueExceeded(session.Logger, session.Joined?.Name ?? session.Address, session.Address, session.Options.MaxSendQueueBytes);
                session._connection.Transport.Input.CancelPendingRead();
                session.WakeReader();
                session._flood?.Release();
            },
            this,
            preferLocal: false);
        return CutLine(CutReason.SendQueueExceeded);
    }
}
