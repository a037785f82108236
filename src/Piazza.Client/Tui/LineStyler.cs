using System.Text;

using Piazza.Client.Model;

using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Piazza.Client.Tui;

/// <summary>
/// How a <see cref="ChatLine"/> looks on screen: the same words as line mode
/// (<see cref="LineFormat"/>), in colour. Nicks have their own colours, ours is bold white,
/// events and history are dim, errors red, and a gap in the connection is a rule across the pane.
/// </summary>
internal static class LineStyler
{
    /// <summary>The columns a continuation row is indented by: the width of "[HH:MM:SS] ".</summary>
    public const int Indent = 11;

    /// <summary>The line as spans, timestamp first, not yet wrapped; <paramref name="width"/> sizes a gap's rule.</summary>
    public static List<Span> Style(ChatLine line, int width)
    {
        var dim = line.IsHistory;
        var stamp = LineFormat.Timestamp(line, DateTimeOffset.Now) + " ";
        var spans = new List<Span> { new(stamp, dim ? Styles.History : Styles.Timestamp) };
        var text = Clean(line.Text);
        var body = dim ? Styles.History : line.MentionsMe ? Styles.Mention : Styles.Text;
        var nick = line.Nick ?? string.Empty;
        var nickStyle = line.IsOwn && !dim ? Styles.OwnNick : Styles.Nick(nick, dim);
        var punctuation = dim ? Styles.History : Styles.Timestamp;
        switch (line.Kind)
        {
            case LineKind.Message:
                Add(spans, ("<", punctuation), (nick, nickStyle), ("> ", punctuation), (text, body));
                break;
            case LineKind.Action:
                Add(spans, ("* ", body), (nick, nickStyle), (" " + text, body));
                break;
            case LineKind.Notice:
                Add(spans, ("-", punctuation), (nick, nickStyle), ("- ", punctuation), (text, body));
                break;
            case LineKind.Event:
                Add(spans, ("* " + text, Styles.Event));
                break;
            case LineKind.Error:
                Add(spans, ("! " + text, Styles.Error));
                break;
            case LineKind.Gap:
                var rule = "--- " + text + " ";
                Add(spans, (rule + new string('-', Math.Max(3, width - stamp.Length - rule.Length)), Styles.Gap));
                break;
            default:
                Add(spans, ("-!- ", Styles.Info), (text, dim ? Styles.History : Styles.Text));
                break;
        }

        return spans;
    }

    private static void Add(List<Span> spans, params ReadOnlySpan<(string Text, Attribute Style)> parts)
    {
        foreach (var (text, style) in parts)
        {
            if (text.Length > 0)
            {
                spans.Add(new Span(text, style));
            }
        }
    }

    /// <summary>Control characters (tabs, stray CRs) would move the terminal's cursor: they become spaces.</summary>
    private static string Clean(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        return clean.ToString();
    }
}
