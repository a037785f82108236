namespace Piazza.Server.Sessions;

/// <summary>
/// Backpressure from a client's own replies: a client that sends commands faster than it reads
/// their replies (a flood of PINGs, of /help) would fill its send queue and be dropped. So while
/// more than half of <see cref="Piazza.Core.ChatOptions.MaxSendQueueBytes"/> waits unsent, the
/// read loop stops reading that client's commands until the writer has flushed; TCP then slows
/// the client down. Broadcasts from others still enqueue without waiting, so a client that
/// stops reading altogether is dropped as before.
/// </summary>
internal abstract partial class LineSession
{
    private TaskCompletionSource? _roomWaiter;

    /// <summary>For the read loop: waits while the send queue is over half full, unless the session is ending.</summary>
    private async ValueTask WaitForRoomAsync()
    {
        var half = Options.MaxSendQueueBytes / 2;
        while (_queue.QueuedBytes > half && Volatile.Read(ref _closeReason) is null)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _roomWaiter, waiter);
            // Checked again once the waiter is visible: a flush in between has either emptied
            // the queue or will complete this waiter.
            if (_queue.QueuedBytes <= half || Volatile.Read(ref _closeReason) is not null)
            {
                break;
            }

            await waiter.Task;
        }
    }

    /// <summary>For the writer after each flush, and for whoever ends the session: lets a waiting read loop go on.</summary>
    private void WakeReader() => Interlocked.Exchange(ref _roomWaiter, null)?.TrySetResult();
}
