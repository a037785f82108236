using Terminal.Gui.ViewBase;

namespace Piazza.Client.Tui;

/// <summary>A one-row bar across the screen (the status line, the topic line) showing spans it is given.</summary>
internal sealed class BarView : View
{
    private IReadOnlyList<Span> _spans = [];

    public BarView()
    {
        CanFocus = false;
        TabStop = TabBehavior.NoStop;
        Height = 1;
    }

    /// <summary>What the bar says; redrawn only when it changes.</summary>
    public IReadOnlyList<Span> Spans
    {
        get => _spans;
        set
        {
            if (!_spans.SequenceEqual(value))
            {
                _spans = value;
                SetNeedsDraw();
            }
        }
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        SetAttribute(Styles.Bar);
        Move(0, 0);
        AddStr(new string(' ', Math.Max(0, Viewport.Width)));
        Move(0, 0);
        foreach (var span in _spans)
        {
            SetAttribute(span.Style);
            AddStr(span.Text);
        }

        return true;
    }
}
