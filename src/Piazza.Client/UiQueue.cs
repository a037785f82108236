using System.Threading.Channels;

namespace Piazza.Client;

/// <summary>
/// The actions waiting for the UI thread, in order. The network and the keyboard post here;
/// one consumer runs them, so the <see cref="ChatController"/> is only ever touched by one thread.
/// </summary>
internal sealed class UiQueue
{
    private readonly Channel<Action> _actions = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private volatile Action? _wake;

    /// <summary>Queues <paramref name="action"/> for the UI thread.</summary>
    public void Post(Action action)
    {
        _actions.Writer.TryWrite(action);
        _wake?.Invoke();
    }

    /// <summary>
    /// From now on, <paramref name="wake"/> is called after each post (the full-screen UI makes it
    /// schedule <see cref="RunPending"/> on its own loop); what is already queued is woken for at once.
    /// </summary>
    public void WakeWith(Action wake)
    {
        _wake = wake;
        wake();
    }

    /// <summary>Runs everything queued so far, on the calling thread.</summary>
    public void RunPending()
    {
        while (_actions.Reader.TryRead(out var action))
        {
            action();
        }
    }

    /// <summary>Runs actions as they come until <paramref name="until"/> is true after one, or the token fires.</summary>
    public async Task RunUntilAsync(Func<bool> until, CancellationToken cancellationToken)
    {
        while (!until())
        {
            await _actions.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
            while (!until() && _actions.Reader.TryRead(out var action))
            {
                action();
            }
        }
    }
}
