using System.Buffers;
using System.IO.Pipelines;

using Microsoft.AspNetCore.Connections;

using Piazza.Core;
using Piazza.Protocol.Line;

namespace Piazza.Server.Plain;

/// <summary>
/// One client of the plain line protocol, from connect to close. The connection's read loop
/// (<see cref="RunAsync"/>) parses lines and calls the hub; everything the client is sent goes
/// through its <see cref="SendQueue"/>, drained by the one writer loop (<see cref="WriteLoopAsync"/>).
/// </summary>
internal sealed partial class PlainSession : IMemberSink
{
    private const string ConnectionLost = "connection lost";
    private const string ConnectionClosed = "connection closed";
    private const string SendQueueExceeded = "send queue exceeded";
    private static readonly TimeSpan WriterDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly ConnectionContext _connection;
    private readonly ChatHub _hub;
    private readonly ChatOptions _options;
    private readonly ILogger _logger;
    private readonly string _address;
    private readonly string _host;
    private readonly SendQueue _queue;
    private LineFramer _framer;
    private Member? _member;
    private string? _closeReason;

    public PlainSession(ConnectionContext connection, ChatHub hub, ChatOptions options, ILogger logger, string address, string host)
    {
        _connection = connection;
        _hub = hub;
        _options = options;
        _logger = logger;
        _address = address;
        _host = host;
        _framer = new LineFramer(options.MaxLineBytes);
        _queue = new SendQueue(options.MaxSendQueueBytes, OnSendQueueOverflow);
    }

    private Member Member => _member ?? throw new InvalidOperationException("The session has not joined the hub.");

    /// <summary>Runs the session until the client leaves or is dropped.</summary>
    public async Task RunAsync()
    {
        var writer = WriteLoopAsync();
        // Both lines are queued before the member becomes visible, so they come before any chat.
        var lobby = _hub.DefaultRoom;
        SendNotice($"welcome to Piazza, {_address}! /nick NAME picks a name, /help lists commands, exit leaves");
        SendNotice(JoinedText(lobby.Name, lobby.Count));
        _member = _hub.Connect(_address, _host, this);
        LogConnected(_logger, _address);

        var reason = ConnectionLost;
        try
        {
            reason = await ReadLoopAsync();
        }
        catch (Exception ex) when (IsConnectionFault(ex))
        {
            LogReadFault(_logger, _address, ex);
        }
        finally
        {
            reason = _closeReason ?? reason;
            _hub.Disconnect(Member, reason);
            _queue.Complete();
            await FinishWriterAsync(writer);
            LogDisconnected(_logger, Member.Name, reason);
        }
    }

    /// <inheritdoc/>
    public void Deliver(ChatEvent chatEvent) => _queue.Enqueue(chatEvent.EncodedFor(PlainEventEncoder.Instance));

    /// <inheritdoc/>
    public void Close(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        Send(LineWriter.Notice(reason));
        _queue.Complete();
        _connection.Transport.Input.CancelPendingRead();
    }

    /// <summary>Reads lines until the client leaves; returns the quit reason.</summary>
    private async Task<string> ReadLoopAsync()
    {
        var input = _connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync();
            if (result.IsCanceled)
            {
                return _closeReason ?? ConnectionClosed;
            }

            var buffer = result.Buffer;
            try
            {
                while (true)
                {
                    var status = _framer.TryRead(ref buffer, out var line);
                    if (status == LineStatus.NeedMoreData)
                    {
                        break;
                    }

                    if (status == LineStatus.TooLong)
                    {
                        SendError($"line too long (the most is {_options.MaxLineBytes} bytes); it was discarded");
                        continue;
                    }

                    if (HandleLine(line) is { } quitReason)
                    {
                        return quitReason;
                    }
                }

                if (result.IsCompleted)
                {
                    // A partial line left at the end was cut off mid-way: it is dropped, not sent.
                    return ConnectionClosed;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <summary>
    /// Drains the send queue into the connection, a whole batch per flush, until the queue ends
    /// or the client is gone.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var output = _connection.Transport.Output;
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

                for (var i = 0; i < count; i++)
                {
                    output.Write(batch[i].Span);
                }

                SendQueue.Recycle(ref batch, count);
                var flush = await output.FlushAsync();
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (IsConnectionFault(ex))
        {
            LogWriteFault(_logger, _address, ex);
        }
        finally
        {
            _queue.Abort();
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
            // The client stopped reading while we said goodbye: cut it off.
            _connection.Abort(new ConnectionAbortedException("the client did not read its last lines"));
        }
    }

    private void OnSendQueueOverflow()
    {
        // Runs on whichever thread was delivering to this client: hand the teardown to the pool.
        Interlocked.CompareExchange(ref _closeReason, SendQueueExceeded, null);
        ThreadPool.UnsafeQueueUserWorkItem(
            static session =>
            {
                LogSendQueueExceeded(session._logger, session._address, session._options.MaxSendQueueBytes);
                session._connection.Abort(new ConnectionAbortedException(SendQueueExceeded));
            },
            this,
            preferLocal: false);
    }

    private void Send(byte[] line) => _queue.Enqueue(line);

    private void SendNotice(string text) => Send(LineWriter.Notice(text));

    private void SendError(string text) => Send(LineWriter.Error(text));

    private static bool IsConnectionFault(Exception ex) =>
        ex is IOException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException or InvalidOperationException;
}
