using Piazza.Client.Input;

using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.Views;

using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Piazza.Client.Tui;

/// <summary>
/// The input line: a text field with a chat client's keys. Enter sends, Up and Down recall what
/// was sent, Tab completes, PageUp and PageDown scroll the pane (the focus stays here), and
/// Ctrl+A / Ctrl+U / Ctrl+W work as in a shell. Everything else is the text field's own editing.
/// </summary>
internal sealed class InputLineView : TextField
{
    private static readonly string[] LineBreaks = ["\r\n", "\n", "\r"];

    private readonly InputHistory _history = new();
    private readonly TabCompleter _completer = new();

    /// <summary>What Tab may complete to right now.</summary>
    public Func<CompletionWords> CompletionWords { get; set; } = static () => new CompletionWords([], [], []);

    /// <summary>Enter was pressed: the line (the input is empty again).</summary>
    public event Action<string>? Submitted;

    /// <summary>PageUp (-1) or PageDown (+1) was pressed.</summary>
    public event Action<int>? PageRequested;

    /// <summary>
    /// The terminal's own colours: the text field would paint a grey background, and a theme
    /// cannot take it away (its roles derive from the scheme), so the roles are answered here.
    /// </summary>
    protected override bool OnGettingAttributeForRole(in VisualRole role, ref Attribute currentAttribute)
    {
        if (role is VisualRole.Normal or VisualRole.Focus or VisualRole.Editable or VisualRole.Active)
        {
            currentAttribute = Styles.Text;
            return true;
        }

        return base.OnGettingAttributeForRole(role, ref currentAttribute);
    }

    /// <summary>
    /// A pasted block of lines becomes one line, joined by spaces: the text field would keep only
    /// the first line and silently drop the rest. Sent as it is, it is one message the user saw.
    /// </summary>
    protected override string OnSanitizingPaste(string raw) =>
        base.OnSanitizingPaste(string.Join(' ', raw.Split(LineBreaks, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));

    // Runs before the text field's key bindings and the application's (Tab would move the focus).
    protected override bool OnKeyDown(Key key)
    {
        if (key == Key.Tab)
        {
            Complete();
            return true;
        }

        _completer.Reset();
        if (key == Key.Enter)
        {
            var line = Text;
            if (!ChatController.HoldsPassword(line))
            {
                _history.Add(line);
            }

            Text = string.Empty;
            Submitted?.Invoke(line);
            return true;
        }

        if (key == Key.CursorUp)
        {
            Show(_history.Previous(Text));
            return true;
        }

        if (key == Key.CursorDown)
        {
            Show(_history.Next());
            return true;
        }

        if (key == Key.PageUp || key == Key.PageDown)
        {
            PageRequested?.Invoke(key == Key.PageUp ? -1 : 1);
            return true;
        }

        // The text field binds Ctrl+A to select all and has no Ctrl+U or Ctrl+W.
        if (key == Key.A.WithCtrl)
        {
            InsertionPoint = 0;
            return true;
        }

        if (key == Key.U.WithCtrl)
        {
            var cursor = Math.Clamp(InsertionPoint, 0, Text.Length);
            Text = Text[cursor..];
            InsertionPoint = 0;
            return true;
        }

        if (key == Key.W.WithCtrl)
        {
            KillWordBackwards();
            return true;
        }

        return base.OnKeyDown(key);
    }

    private void Show(string? line)
    {
        if (line is not null)
        {
            Text = line;
            InsertionPoint = line.Length;
            SetNeedsDraw();
        }
    }

    private void Complete()
    {
        if (_completer.Complete(new InputText(Text, InsertionPoint), CompletionWords()) is { } completed)
        {
            Text = completed.Text;
            InsertionPoint = completed.Cursor;
        }
    }
}
