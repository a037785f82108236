using Piazza.Client.Cli;
using Piazza.Client.Irc;

using Terminal.Gui.App;

namespace Piazza.Client.Tui;

/// <summary>
/// The client in a terminal: connects first (a server that cannot be reached is a one-line error
/// and exit code 2, before the screen takes over the terminal), then shows the full screen on a
/// thread of its own until the user quits or the connection ends for good, then puts the terminal
/// back and lets the QUIT reach the server.
/// </summary>
internal static class FullScreenClient
{
    /// <summary>How long the QUIT may take to reach the server once the screen has closed.</summary>
    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(2);

    /// <summary>Runs until the user quits; returns the process exit code.</summary>
    /// <param name="settings">Where to connect, as whom, which rooms.</param>
    /// <param name="cancellationToken">Fires on SIGINT or SIGTERM: the client quits as /quit does.</param>
    public static async Task<int> RunAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        // Not linked to the caller's token: a signal quits politely (QUIT first); this one is for
        // when the connection does not end by itself soon after.
        using var stop = new CancellationTokenSource();
        var queue = new UiQueue();
        var controller = new ChatController(settings.Session, settings.Rooms, queue.Post);
        var run = controller.RunAsync(stop.Token);
        var ended = false;
        Action? onEnded = null;
        _ = run.ContinueWith(
            _ => queue.Post(() =>
            {
                ended = true;
                onEnded?.Invoke();
            }),
            TaskScheduler.Default);
        using var onSignal = cancellationToken.Register(() => queue.Post(() => controller.Quit()));
        try
        {
            // Connected and in the rooms before the screen takes over the terminal.
            await queue.RunUntilAsync(() => ended || controller.IsReady, cancellationToken).ConfigureAwait(false);
            if (!ended)
            {
                try
                {
                    await OnOwnThread(() => ShowScreen(controller, queue, close => onEnded = close)).ConfigureAwait(false);
                }
                finally
                {
                    await LetQuitThroughAsync(controller, run, stop).ConfigureAwait(false);
                }
            }

            await run.ConfigureAwait(false);
            return cancellationToken.IsCancellationRequested ? 130 : 0;
        }
        catch (ConnectionFailedException ex)
        {
            await Console.Error.WriteLineAsync("piazza: " + ex.Message).ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A signal while connecting: there is no screen and nothing to say goodbye to yet.
            await stop.CancelAsync().ConfigureAwait(false);
            return 130;
        }
    }

    /// <summary>The screen's whole life, on the thread that becomes its loop's.</summary>
    private static void ShowScreen(ChatController controller, UiQueue queue, Action<Action> setOnEnded)
    {
        var app = Application.Create().Init();
        try
        {
            using var screen = new ChatScreen(app, controller);

            // Without it, keys typed right after an Alt+digit are lost (see the class).
            using var altKeys = ImmediateAltKeyPattern.Install(app);
            var waker = new LoopWaker(app, queue.RunPending);
            setOnEnded(screen.Stop);
            // From here the network's events are run on the loop; those queued meanwhile first.
            queue.WakeWith(waker.Wake);
            try
            {
                screen.Run();
            }
            finally
            {
                waker.Close();
            }
        }
        finally
        {
            app.Dispose();
        }
    }

    /// <summary>
    /// Once the screen is gone: QUIT unless sent already (the screen may have failed), and up to
    /// <see cref="QuitGrace"/> for the session to write it and the server to close; then stop regardless.
    /// Nothing else runs the controller any more, so this thread may.
    /// </summary>
    private static async Task LetQuitThroughAsync(ChatController controller, Task run, CancellationTokenSource stop)
    {
        if (run.IsCompleted)
        {
            return;
        }

        controller.Quit();
        try
        {
            await run.WaitAsync(QuitGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private static Task OnOwnThread(Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception ex)
            {
                // Any failure is the caller's, rethrown there (the terminal is restored by then).
                done.SetException(ex);
            }
        })
        {
            Name = "piazza screen",
        };
        thread.Start();
        return done.Task;
    }
}
