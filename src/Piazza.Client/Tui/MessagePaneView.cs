using System.Runtime.CompilerServices;

using Piazza.Client.Model;

using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;

namespace Piazza.Client.Tui;

/// <summary>
/// The shown conversation's lines, newest at the bottom, word-wrapped, with a marker where the
/// unread ones begin. It never takes the focus: PageUp and PageDown reach it from the input line
/// (and the mouse wheel directly). It sticks to the bottom unless scrolled up; scrolled up, it
/// stays on the same lines as new ones arrive. Each conversation keeps its own scroll position.
/// </summary>
internal sealed class MessagePaneView : View
{
    private const int WheelRows = 3;

    private readonly WrapCache _wrap = new();
    private readonly ConditionalWeakTable<Conversation, StrongBox<int>> _scrolledUp = [];
    private Conversation? _conversation;
    private bool _revealMarker;

    public MessagePaneView()
    {
        CanFocus = false;
        TabStop = TabBehavior.NoStop;
    }

    /// <summary>The conversation shown.</summary>
    public Conversation? Conversation
    {
        get => _conversation;
        set
        {
            if (!ReferenceEquals(_conversation, value))
            {
                _conversation = value;
                _revealMarker = value?.UnreadMarker is not null;
                SetNeedsDraw();
            }
        }
    }

    /// <summary>A line was added at the end of <paramref name="conversation"/>.</summary>
    public void OnLineAdded(Conversation conversation, ChatLine line)
    {
        var offset = Offset(conversation);
        if (offset.Value > 0)
        {
            // Scrolled up: what is on screen stays put, the new rows go below it.
            var markerRow = conversation.UnreadMarker == conversation.Lines.Count - 1 ? 1 : 0;
            offset.Value += _wrap.Rows(line, PaneWidth()).Count + markerRow;
        }

        if (ReferenceEquals(conversation, _conversation))
        {
            SetNeedsDraw();
        }
    }

    /// <summary>Earlier lines were put into <paramref name="conversation"/> (history, just before its join line).</summary>
    public void OnLinesInserted(Conversation conversation, IReadOnlyList<ChatLine> lines)
    {
        var offset = Offset(conversation);
        if (offset.Value > 0)
        {
            offset.Value += lines.Sum(l => _wrap.Rows(l, PaneWidth()).Count);
        }

        if (ReferenceEquals(conversation, _conversation))
        {
            SetNeedsDraw();
        }
    }

    /// <summary>Scrolls by pages: negative is up (back in time), positive down.</summary>
    public void ScrollPages(int pages) => ScrollRows(pages * Math.Max(1, Viewport.Height - 1));

    /// <summary>Scrolls by rows: negative is up (back in time), positive down. The top is clamped when drawn.</summary>
    public void ScrollRows(int rows)
    {
        if (_conversation is null)
        {
            return;
        }

        var offset = Offset(_conversation);
        offset.Value = Math.Max(0, offset.Value - rows);
        SetNeedsDraw();
    }

    public void ScrollToBottom() => ScrollRows(int.MaxValue / 2);

    protected override bool OnMouseEvent(Mouse mouse)
    {
        if (mouse.Flags.HasFlag(MouseFlags.WheeledUp))
        {
            ScrollRows(-WheelRows);
            return true;
        }

        if (mouse.Flags.HasFlag(MouseFlags.WheeledDown))
        {
            ScrollRows(WheelRows);
            return true;
        }

        return base.OnMouseEvent(mouse);
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        int width = Viewport.Width, height = Viewport.Height;
        if (width <= 0 || height <= 0)
        {
            return true;
        }

        SetAttribute(Styles.Text);
        var blank = new string(' ', width);
        for (var y = 0; y < height; y++)
        {
            Move(0, y);
            AddStr(blank);
        }

        if (_conversation is null)
        {
            return true;
        }

        var offset = Offset(_conversation);
        if (_revealMarker)
        {
            // Switched to a conversation with more unread than fits: start at its first unread line.
            _revealMarker = false;
            if (offset.Value == 0 && RowsBelowMarker(_conversation, width) is { } below && below >= height)
            {
                offset.Value = below + 1 - height;
            }
        }

        var rows = RowsFromBottom(_conversation, width, height + offset.Value, out var complete);
        if (complete)
        {
            offset.Value = Math.Min(offset.Value, Math.Max(0, rows.Count - height));
        }

        // rows[0] is the bottom row; fewer rows than the pane's height sit at its bottom.
        var shown = Math.Min(height, rows.Count - offset.Value);
        for (var r = 0; r < shown; r++)
        {
            Move(0, height - 1 - r);
            foreach (var span in rows[offset.Value + r])
            {
                SetAttribute(span.Style);
                AddStr(span.Text);
            }
        }

        if (offset.Value > 0)
        {
            var more = $" -- {offset.Value} more rows below (PageDown) -- ";
            SetAttribute(Styles.MoreBelow);
            Move(Math.Max(0, width - more.Length), height - 1);
            AddStr(more);
        }

        return true;
    }

    /// <summary>
    /// The last <paramref name="count"/> rows (or all there are), bottom first, wrapping only the
    /// lines they come from; <paramref name="complete"/> is true when the first line was reached.
    /// </summary>
    private List<Span[]> RowsFromBottom(Conversation conversation, int width, int count, out bool complete)
    {
        var lines = conversation.Lines;
        var marker = conversation.UnreadMarker;
        var rows = new List<Span[]>(Math.Min(count, 1024));
        var i = lines.Count - 1;
        for (; i >= 0 && rows.Count < count; i--)
        {
            var wrapped = _wrap.Rows(lines[i], width);
            for (var k = wrapped.Count - 1; k >= 0; k--)
            {
                rows.Add(wrapped[k]);
            }

            if (marker == i)
            {
                rows.Add(MarkerRow(width));
            }
        }

        complete = i < 0;
        return rows;
    }

    /// <summary>How many rows the lines from the unread marker on take, or null without a marker.</summary>
    private int? RowsBelowMarker(Conversation conversation, int width)
    {
        if (conversation.UnreadMarker is not { } marker)
        {
            return null;
        }

        var rows = 0;
        for (var i = Math.Max(0, marker); i < conversation.Lines.Count; i++)
        {
            rows += _wrap.Rows(conversation.Lines[i], width).Count;
        }

        return rows;
    }

    private static Span[] MarkerRow(int width)
    {
        const string Label = " unread messages ";
        var left = Math.Max(0, (width - Label.Length) / 2);
        var text = new string('-', left) + Label + new string('-', Math.Max(0, width - left - Label.Length));
        return [new Span(text.Length > width ? text[..width] : text, Styles.UnreadMarker)];
    }

    private StrongBox<int> Offset(Conversation conversation) => _scrolledUp.GetValue(conversation, static _ => new StrongBox<int>());

    private int PaneWidth() => Math.Max(1, Viewport.Width);
}
