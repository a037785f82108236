using System.Text;

using Terminal.Gui.Text;

using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Piazza.Client.Tui;

/// <summary>
/// Breaks a line's spans into rows of at most a given number of terminal columns (wide
/// characters count two), at spaces where it can, mid-word where a word is longer than a row.
/// Rows after the first are indented so the text lines up after the timestamp.
/// </summary>
internal static class WordWrapper
{
    public static IReadOnlyList<Span[]> Wrap(IReadOnlyList<Span> spans, int width, int indent)
    {
        width = Math.Max(1, width);
        indent = Math.Clamp(indent, 0, width / 2);
        var cells = Cells(spans);
        var rows = new List<Span[]>();
        var start = 0;
        do
        {
            var continuation = rows.Count > 0;
            var room = continuation ? width - indent : width;
            int columns = 0, end = start, lastSpace = -1;
            while (end < cells.Count && columns + cells[end].Columns <= room)
            {
                if (cells[end].Text == " ")
                {
                    lastSpace = end;
                }

                columns += cells[end].Columns;
                end++;
            }

            var next = end;
            if (end < cells.Count && cells[end].Text != " " && lastSpace > start)
            {
                // Mid-word: the row ends before the last space, the word goes on the next.
                end = lastSpace;
                next = lastSpace;
            }
            else if (end == start && end < cells.Count)
            {
                end++; // a character wider than the whole row: it goes on its own
                next = end;
            }

            rows.Add(Row(cells, start, end, continuation ? indent : 0));
            start = next;
            while (start < cells.Count && cells[start].Text == " ")
            {
                start++;
            }
        }
        while (start < cells.Count);

        return rows;
    }

    private static List<(string Text, int Columns, Attribute Style)> Cells(IReadOnlyList<Span> spans)
    {
        var cells = new List<(string, int, Attribute)>();
        foreach (var span in spans)
        {
            foreach (var rune in span.Text.EnumerateRunes())
            {
                cells.Add((rune.ToString(), Math.Max(0, rune.GetColumns()), span.Style));
            }
        }

        return cells;
    }

    private static Span[] Row(List<(string Text, int Columns, Attribute Style)> cells, int start, int end, int indent)
    {
        var row = new List<Span>();
        if (indent > 0)
        {
            row.Add(new Span(new string(' ', indent), Styles.Text));
        }

        var text = new StringBuilder();
        Attribute? style = null;
        for (var i = start; i < end; i++)
        {
            if (style is { } current && current != cells[i].Style)
            {
                row.Add(new Span(text.ToString(), current));
                text.Clear();
            }

            style = cells[i].Style;
            text.Append(cells[i].Text);
        }

        if (style is { } last)
        {
            row.Add(new Span(text.ToString(), last));
        }

        return [.. row];
    }
}
