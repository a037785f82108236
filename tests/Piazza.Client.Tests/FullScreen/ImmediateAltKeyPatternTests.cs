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
        var queue = new ConcurrentQueue<char>();
        var processor = new AnsiInputProcessor(queue);
        var keys = new List<Key>();
        processor.KeyDown += (_, key) => keys.Add(key);
        using var pattern = ImmediateAltKeyPattern.Install(processor);
        Assert.NotNull(pattern);

        foreach (var c in "\u001b3hi\r\u001b2\u001b1x")
        {
            queue.Enqueue(c);
        }

        processor.ProcessQueue();

        Assert.Equal(
            [Key.D3.WithAlt, Key.H, Key.I, Key.Enter, Key.D2.WithAlt],
            keys.Take(5));

        // "ESC 1 x" is Alt+1 then x; nothing is left held.
        Assert.Equal([Key.D1.WithAlt, Key.X], keys.Skip(5));
    }

    [Fact]
    public void Escape_sequences_are_still_the_parsers()
    {
        var queue = new ConcurrentQueue<char>();
        var processor = new AnsiInputProcessor(queue);
        var keys = new List<Key>();
        processor.KeyDown += (_, key) => keys.Add(key);
        using var pattern = ImmediateAltKeyPattern.Install(processor);

        foreach (var c in "\u001b[Aa\u001bOPb")
        {
            queue.Enqueue(c);
        }

        processor.ProcessQueue();

        Assert.Equal([Key.CursorUp, Key.A, Key.F1, Key.B], keys);
    }
}
