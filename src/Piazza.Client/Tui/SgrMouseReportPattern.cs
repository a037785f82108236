using System.Text.RegularExpressions;

using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace Piazza.Client.Tui;

/// <summary>
/// Reads a terminal's mouse report (SGR form, <c>ESC [ &lt; button ; x ; y M</c> or <c>m</c>) and
/// hands it to the input processor as Terminal.Gui itself would. It exists so that
/// <see cref="ImmediateAltKeyPattern"/> can see "ESC 3 m": Terminal.Gui 2.5's parser takes any
/// held input ending in <c>m</c> or <c>M</c> for a mouse report before it tries a key pattern, and
/// drops what it then cannot parse, so Alt+3 typed with "me too" right after it lost both. With
/// the parser's own mouse handling off, mouse reports come here, among the key patterns, and only
/// a real report matches.
/// </summary>
internal sealed partial class SgrMouseReportPattern(InputProcessorImpl<char> processor) : AnsiKeyboardParserPattern
{
    private readonly AnsiMouseParser _parser = new();

    public override bool IsMatch(string? input) => input is not null && Report().IsMatch(input);

    /// <summary>
    /// Raises the mouse event; the key returned is an empty key release, which nothing acts on
    /// (the parser wants a key from every pattern it matched).
    /// </summary>
    protected override Key? GetKeyImpl(string? input)
    {
        if (input is not null && _parser.ProcessMouseInput(input) is { } mouse)
        {
            processor.RaiseMouseEventParsed(mouse);
        }

        return new Key(KeyCode.Null) { EventType = KeyEventType.Release };
    }

    [GeneratedRegex(@"^\u001b\[<\d{1,5};\d{1,5};\d{1,5}[Mm]$", RegexOptions.CultureInvariant)]
    private static partial Regex Report();
}
