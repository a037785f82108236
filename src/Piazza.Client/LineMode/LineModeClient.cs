using Piazza.Client.Cli;
using Piazza.Client.Irc;
using Piazza.Client.Model;

namespace Piazza.Client.LineMode;

/// <summary>
/// The client without a screen, for pipes, scripts and tests: each input line is typed text
/// (commands work), each thing said is printed as one line "[HH:MM:SS] &lt;nick&gt; text", events
/// as "[HH:MM:SS] * …". Lines from a conversation other than the current one name it first.
/// EOF or "exit" quits. Input is read only once the rooms asked for are joined, so that a script
/// piping text in does not race the registration.
/// </summary>
internal static class LineModeClient
{
    /// <summary>Runs until the user quits; returns the process exit code.</summary>
    public static async Task<int> RunAsync(ClientSettings settings, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var queue = new UiQueue();
        var controller = new ChatController(settings.Session, settings.Rooms, queue.Post);
        ChatLine? lastEvent = null;
        controller.LineAdded += (conversation, line) =>
        {
            // A quit or nick change is one event shown in each room the person was in: once here.
            if (line.Kind == LineKind.Event && lastEvent is { } last && last.Text == line.Text && last.Time == line.Time)
            {
                return;
            }

            lastEvent = line.Kind == LineKind.Event ? line : null;
            Print(controller.State, conversation, line, output);
        };
        controller.HistoryAdded += (conversation, lines) =>
        {
            output.WriteLine($"{LineFormat.Timestamp(controller.Time.GetUtcNow())} * Earlier in {conversation.Name}:");
            foreach (var line in lines)
            {
                output.WriteLine(Format(controller.State, conversation, line));
            }

            output.WriteLine($"{LineFormat.Timestamp(controller.Time.GetUtcNow())} * (live from here)");
        };

        var run = controller.RunAsync(cancellationToken);
        var ended = false;
        _ = run.ContinueWith(_ => queue.Post(() => ended = true), TaskScheduler.Default);
        try
        {
            await queue.RunUntilAsync(() => ended || controller.IsReady, cancellationToken).ConfigureAwait(false);
            if (!ended)
            {
                _ = Task.Run(() => ReadInputAsync(input, queue, controller, cancellationToken), cancellationToken);
                await queue.RunUntilAsync(() => ended, cancellationToken).ConfigureAwait(false);
            }

            await run.ConfigureAwait(false);
            return 0;
        }
        catch (ConnectionFailedException ex)
        {
            await error.WriteLineAsync("piazza: " + ex.Message).ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }
        finally
        {
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ReadInputAsync(TextReader input, UiQueue queue, ChatController controller, CancellationToken cancellationToken)
    {
        try
        {
            while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                queue.Post(() => controller.Submit(line));
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the run is cancelled too.
        }

        queue.Post(controller.EndInput);
    }

    private static void Print(ChatState state, Conversation conversation, ChatLine line, TextWriter output)
    {
        // The user's own words are on their screen (or in their script) already; routine
        // server text (welcome, MOTD) is noise in a transcript.
        if ((line.IsOwn && line.IsChat) || line.IsRoutine)
        {
            return;
        }

        output.WriteLine(Format(state, conversation, line));
        output.Flush();
    }

    /// <summary>"[HH:MM:SS] &lt;nick&gt; text", with the conversation's name after the time when it is not the current one.</summary>
    internal static string Format(ChatState state, Conversation conversation, ChatLine line) =>
        ReferenceEquals(conversation, state.Current) || conversation.Kind == ConversationKind.Server
            ? LineFormat.Full(line)
            : LineFormat.Timestamp(line, DateTimeOffset.Now) + " " + conversation.Name + " " + LineFormat.Body(line);
}
