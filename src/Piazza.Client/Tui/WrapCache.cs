using System.Runtime.CompilerServices;

using Piazza.Client.Model;

namespace Piazza.Client.Tui;

/// <summary>
/// Each line's rows at the width it was last drawn at, so a redraw (one per event) wraps only
/// lines it has not seen; a line that scrolls out of the 5000 kept is forgotten with it.
/// </summary>
internal sealed class WrapCache
{
    // Keyed by reference: ChatLine is a record, and two equal lines are still two rows on screen.
    private readonly ConditionalWeakTable<ChatLine, Wrapped> _rows = [];

    public IReadOnlyList<Span[]> Rows(ChatLine line, int width)
    {
        if (_rows.TryGetValue(line, out var cached) && cached.Width == width)
        {
            return cached.Rows;
        }

        var rows = WordWrapper.Wrap(LineStyler.Style(line, width), width, LineStyler.Indent);
        _rows.AddOrUpdate(line, new Wrapped(width, rows));
        return rows;
    }

    private sealed record Wrapped(int Width, IReadOnlyList<Span[]> Rows);
}
