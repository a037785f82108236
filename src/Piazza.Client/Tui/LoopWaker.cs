using Terminal.Gui.App;

namespace Piazza.Client.Tui;

/// <summary>
/// Runs an action on the Terminal.Gui loop when woken, from any thread: one run however many
/// wakes come before it (a flood of network events is one drain, not thousands of callbacks),
/// never inline (a wake from inside the controller must not re-enter it), and nothing once closed.
/// </summary>
internal sealed class LoopWaker(IApplication app, Action action)
{
    private int _pending;
    private volatile bool _closed;

    /// <summary>Schedules the action for the loop's next iteration, unless it is scheduled already.</summary>
    public void Wake()
    {
        if (_closed || Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        try
        {
            // AddTimeout, not Invoke: Invoke runs the action at once when called on the loop's thread.
            app.AddTimeout(TimeSpan.Zero, Run);
        }
        catch (InvalidOperationException)
        {
            // The application is shut down (NotInitializedException, ObjectDisposedException): nothing to wake.
        }
    }

    /// <summary>From now on wakes do nothing: the loop has ended.</summary>
    public void Close() => _closed = true;

    private bool Run()
    {
        // Cleared first: a post that lands while the action runs gets a run of its own.
        Volatile.Write(ref _pending, 0);
        if (!_closed)
        {
            action();
        }

        return false;
    }
}
