using System.Collections.Concurrent;

using Piazza.Client.Tui;

using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace Piazza.Client.Tests.FullScreen;

/// <summary>
/// The pattern in Terminal.Gui's own input processor (the one its ANSI driver uses), fed a burst
/// at once: it installs (so a Terminal.Gui upgrade that moves the parser's pattern list fails
/// here), and Alt+digit followed at once by text and Enter gives every key, in order.
/// </summary>
public sealed class ImmediateAltKeyPatternTests
{
    [Fact]
    public void An_Alt_digit_and_the_keys_after_it_in_one_burst_all_come_through_in_order()
    {
        var (keys, _) = Feed("\u001b3hi\r\u001b2\u001b1x");

        Assert.Equal(
            [Key.D3.WithAlt, Key.H, Key.I, Key.Enter, Key.D2.WithAlt],
            keys.Take(5));

        // "ESC 1 x" is Alt+1 then x; nothing is left held.
        Assert.Equal([Key.D1.WithAlt, Key.X], keys.Skip(5));
    }

    [Fact]
    public void Escape_sequences_are_still_the_parsers()
    {
        var (keys, _) = Feed("\u001b[Aa\u001bOPb");

        Assert.Equal([Key.CursorUp, Key.A, Key.F1, Key.B], keys);
    }

    [Fact]
    public void An_Alt_digit_then_m_or_M_is_not_taken_for_a_mouse_report()
    {
        var (keys, mice) = Feed("\u001b2me\r\u001b3M");

        Assert.Equal([Key.D2.WithAlt, Key.M, Key.E, Key.Enter, Key.D3.WithAlt, Key.M.WithShift], keys);
        Assert.Empty(mice);
    }

    [Fact]
    public void Mouse_reports_still_come_through_as_mouse_events_and_no_key()
    {
        // Wheel up at column 10, row 5 (1-based), a left press and release, then a key.
        var (keys, mice) = Feed("\u001b[<64;10;5M\u001b[<0;3;4M\u001b[<0;3;4ma");

        Assert.Equal([Key.A], keys);
        Assert.Equal(
            [MouseFlags.WheeledUp, MouseFlags.LeftButtonPressed, MouseFlags.LeftButtonReleased],
            mice.Select(m => m.Flags & (MouseFlags.WheeledUp | MouseFlags.LeftButtonPressed | MouseFlags.LeftButtonReleased)));
        Assert.Equal((9, 4), (mice[0].ScreenPosition.X, mice[0].ScreenPosition.Y));
    }

    /// <summary>
    /// Feeds <paramref name="input"/> at once to Terminal.Gui's ANSI input processor with the
    /// pattern installed (which must install), and returns the keys and mouse events it raised.
    /// </summary>
    private static (List<Key> Keys, List<Mouse> Mice) Feed(string input)
    {
        var queue = new ConcurrentQueue<char>();
        var processor = new AnsiInputProcessor(queue);
        var keys = new List<Key>();
        var mice = new List<Mouse>();
        processor.KeyDown += (_, key) => keys.Add(key);
        processor.MouseEventParsed += (_, mouse) => mice.Add(mouse);
        using var pattern = ImmediateAltKeyPattern.Install(processor);
        Assert.NotNull(pattern);

        foreach (var c in input)
        {
            queue.Enqueue(c);
        }

        processor.ProcessQueue();
        return (keys, mice);
    }
}
