using System.Text;

namespace Piazza.Core;

/// <summary>
/// One line of a multiline message (IRCv3 draft/multiline) as its sender split it.
/// </summary>
/// <param name="Text">The line's text (may be empty: a blank line).</param>
/// <param name="Concat">Joined to the line before without a line break (the sender split one long line to fit).</param>
public readonly record struct MessageLine(string Text, bool Concat)
{
    /// <summary>The message the lines make: a line break before each line, except before a concatenated one.</summary>
    public static string Join(IReadOnlyList<MessageLine> lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0 && !lines[i].Concat)
            {
                text.Append('\n');
            }

            text.Append(lines[i].Text);
        }

        return text.ToString();
    }

    /// <summary>
    /// A stored or joined message's lines (split at its line breaks); one line for an ordinary
    /// message. Readers that show text line by line (history replays, the plain protocol) use it,
    /// so a line break never reaches a wire.
    /// </summary>
    public static string[] Split(string text) => text.Contains('\n', StringComparison.Ordinal) ? text.Split('\n') : [text];
}
