using Piazza.Client.Input;
using Piazza.Client.Model;

using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Piazza.Client.Tui;

/// <summary>
/// The full screen: the topic on top, the shown conversation's lines, the status line, and the
/// input line at the bottom. Shows the controller's state and hands it what is typed; switches
/// conversations with Alt+1..9 and Ctrl+N / Ctrl+P. Everything here runs on the Terminal.Gui
/// loop's thread.
/// </summary>
internal sealed class ChatScreen : IDisposable
{
    private readonly IApplication _app;
    private readonly ChatController _controller;
    private readonly Runnable _top;
    private readonly BarView _title;
    private readonly MessagePaneView _pane;
    private readonly BarView _status;
    private readonly InputLineView _input;

    public ChatScreen(IApplication app, ChatController controller)
    {
        _app = app;
        _controller = controller;
        _top = new Runnable { Width = Dim.Fill(), Height = Dim.Fill() };
        _title = new BarView { X = 0, Y = 0, Width = Dim.Fill() };
        _pane = new MessagePaneView { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(2) };
        _status = new BarView { X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill() };
        _input = new InputLineView { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), CompletionWords = CompletionCandidates };
        _top.Add(_title, _pane, _status, _input);

        _input.Submitted += OnSubmitted;
        _input.PageRequested += pages => _pane.ScrollPages(pages);
        _controller.LineAdded += _pane.OnLineAdded;
        _controller.HistoryAdded += _pane.OnLinesInserted;
        _controller.Changed += Refresh;
        _controller.QuitRequested += Stop;
        _app.Keyboard.KeyDown += OnKeyDown;
        Refresh();
        _input.SetFocus();
    }

    private ChatState State => _controller.State;

    /// <summary>Shows the screen until <see cref="Stop"/>.</summary>
    public void Run() => _app.Run(_top);

    /// <summary>Closes the screen: <see cref="Run"/> returns.</summary>
    public void Stop() => _app.RequestStop();

    public void Dispose()
    {
        _app.Keyboard.KeyDown -= OnKeyDown;
        _controller.LineAdded -= _pane.OnLineAdded;
        _controller.HistoryAdded -= _pane.OnLinesInserted;
        _controller.Changed -= Refresh;
        _controller.QuitRequested -= Stop;
        _top.Dispose();
    }

    /// <summary>Brings every part of the screen up to date with the state (each only redraws if it changed).</summary>
    private void Refresh()
    {
        _pane.Conversation = State.Current;
        _title.Spans = [new Span(StatusText.Title(State), Styles.Bar)];
        _status.Spans = StatusText.Status(State);
    }

    private void OnSubmitted(string line)
    {
        _pane.ScrollToBottom();
        _controller.Submit(line);
    }

    // The application's keyboard event comes before the focused input line sees the key.
    private void OnKeyDown(object? sender, Key key) => key.Handled = Handle(key);

    /// <summary>The screen's own keys; false for the rest, which go on to the input line.</summary>
    private bool Handle(Key key)
    {
        if (key == Key.C.WithCtrl)
        {
            // Raw mode: Ctrl+C is a key here, not SIGINT. The screen closes on QuitRequested.
            _controller.Quit();
        }
        else if (key == Key.N.WithCtrl)
        {
            Switch(() => State.Cycle(1));
        }
        else if (key == Key.P.WithCtrl)
        {
            Switch(() => State.Cycle(-1));
        }
        else if (key == Key.L.WithCtrl)
        {
            _app.LayoutAndDraw(forceRedraw: true);
        }
        else if (WindowNumber(key) is { } index)
        {
            Switch(() => State.Show(index));
        }
        else
        {
            // Esc is the application's Quit command in Terminal.Gui: swallowed, it does nothing.
            return key == Key.Esc;
        }

        return true;
    }

    private void Switch(Action show)
    {
        show();
        Refresh();
    }

    /// <summary>Alt+1..Alt+9 pick windows 0..8 (Alt+1 is the server's), Alt+0 the tenth.</summary>
    private static int? WindowNumber(Key key)
    {
        for (var digit = 0; digit <= 9; digit++)
        {
            if (key == new Key((KeyCode)('0' + digit)).WithAlt)
            {
                return digit == 0 ? 9 : digit - 1;
            }
        }

        return null;
    }

    /// <summary>The members of <paramref name="conversation"/>: who spoke last first, then the rest alphabetically.</summary>
    internal static IEnumerable<string> RecentSpeakersFirst(Conversation conversation)
    {
        var members = conversation.Members;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = conversation.Lines.Count - 1; i >= 0 && seen.Count < members.Count; i--)
        {
            if (conversation.Lines[i] is { IsChat: true, Nick: { } nick } && members.ContainsKey(nick) && seen.Add(nick))
            {
                yield return nick;
            }
        }

        foreach (var nick in members.Keys.Order(StringComparer.OrdinalIgnoreCase))
        {
            if (!seen.Contains(nick))
            {
                yield return nick;
            }
        }
    }

    private CompletionWords CompletionCandidates()
    {
        var current = State.Current;
        var nicks = RecentSpeakersFirst(current).Where(n => !string.Equals(n, State.Nick, StringComparison.OrdinalIgnoreCase));
        var rooms = State.Conversations.Where(c => c.Kind != ConversationKind.Server).Select(c => c.Name);
        return new CompletionWords(ChatController.Commands.Select(c => c.Name), nicks, rooms);
    }
}
