using System.Reflection;

using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace Piazza.Client.Tui;

/// <summary>
/// Reads ESC, a character and the next one as Alt+that character followed by the next key, so
/// that no key typed right after an Alt+key is lost. A terminal sends Alt+3 as ESC '3'.
/// Terminal.Gui 2.5's input parser holds ESC and everything after it as a possible escape
/// sequence and only decides once no input has come for 50 ms (its own ESC-letter pattern is
/// tried last): typed alone, "ESC 3" is then Alt+3, but the keys of a paste or a fast typist
/// arrive within those 50 ms, are held too, and "ESC 3hello…" matches nothing and is dropped
/// whole. This pattern is added to the keyboard patterns the parser tries on each character it
/// holds (from the third on): "ESC 3h" is Alt+3 then h, and what follows is read afresh. What
/// starts a real sequence after ESC (CSI, SS3, OSC, DCS, APC) is left to the parser. The parser
/// would take a held "ESC 3m" or "ESC 3M" for a mouse report before trying any key pattern, so
/// mouse reports are read by <see cref="SgrMouseReportPattern"/>, installed with this one.
/// </summary>
internal sealed class ImmediateAltKeyPattern : AnsiKeyboardParserPattern, IDisposable
{
    private const char Escape = '\u001b';

    /// <summary>After ESC, these start an escape sequence (CSI, SS3, OSC, DCS, APC), not an Alt+key.</summary>
    private const string SequenceIntroducers = "[O]P_";

    private readonly InputProcessorImpl<char> _processor;
    private char? _next;

    private ImmediateAltKeyPattern(InputProcessorImpl<char> processor)
    {
        _processor = processor;
        IsLastMinute = false;

        // After the driver's own handler (subscribed when it was made): the key after the Alt+key.
        _processor.KeyDown += RaiseNext;
    }

    /// <summary>
    /// Adds the pattern to <paramref name="app"/>'s input parser (after Init, before Run), or null
    /// when the driver reads no characters or the parser's list is not where Terminal.Gui 2.5 keeps
    /// it: Terminal.Gui has no public way to add a keyboard pattern, so this reaches a private list.
    /// </summary>
    public static ImmediateAltKeyPattern? Install(IApplication app) =>
        app.Driver?.GetInputProcessor() is InputProcessorImpl<char> processor ? Install(processor) : null;

    /// <inheritdoc cref="Install(IApplication)"/>
    public static ImmediateAltKeyPattern? Install(InputProcessorImpl<char> processor)
    {
        var parser = processor.GetParser();
        if (FindField(parser.GetType(), "_keyboardParser")?.GetValue(parser) is not AnsiKeyboardParser keyboard
            || FindField(typeof(AnsiKeyboardParser), "_patterns")?.GetValue(keyboard) is not List<AnsiKeyboardParserPattern> patterns)
        {
            return null;
        }

        var pattern = new ImmediateAltKeyPattern(processor);
        patterns.Add(pattern);

        // The parser's mouse switch is on an internal class; where it is not found, mouse reports
        // stay the parser's (and "ESC 3m" is lost as before).
        if (parser.GetType().GetProperty("HandleMouse", BindingFlags.Instance | BindingFlags.Public) is { CanWrite: true } handleMouse)
        {
            patterns.Add(new SgrMouseReportPattern(processor));
            handleMouse.SetValue(parser, false);
        }

        return pattern;
    }

    /// <summary>ESC, a character that starts no sequence, and one more (the parser adds an ESC to nothing held).</summary>
    public override bool IsMatch(string? input) =>
        input is { Length: 3 } && input[0] == Escape && input[1] != Escape && input[2] != Escape
        && !SequenceIntroducers.Contains(input[1], StringComparison.Ordinal) && !char.IsSurrogate(input[1]);

    public void Dispose() => _processor.KeyDown -= RaiseNext;

    /// <summary>Alt+ the second character; the third is raised right after it (<see cref="RaiseNext"/>).</summary>
    protected override Key? GetKeyImpl(string? input)
    {
        if (!IsMatch(input))
        {
            return null;
        }

        _next = input![2];
        return _processor.KeyConverter.ToKey(input[1]).WithAlt;
    }

    private void RaiseNext(object? sender, Key key)
    {
        if (_next is not { } next)
        {
            return;
        }

        _next = null;

        // As the processor reads a character it does not hold (a surrogate waits for its pair).
        if (_processor.IsValidInput(_processor.KeyConverter.ToKey(next), out var nextKey))
        {
            _processor.RaiseKeyDownEvent(nextKey);
        }
    }

    private static FieldInfo? FindField(Type? type, string name)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic) is { } field)
            {
                return field;
            }
        }

        return null;
    }
}
