using System.Text;

using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>An encoder that counts how often it runs and tags its output with its slot number.</summary>
/// <param name="slot">Which of the test formats (0 to <see cref="ChatEvent.EncoderSlots"/> - 1) it encodes.</param>
internal sealed class CountingEncoder(int slot) : IEventEncoder
{
    /// <summary>
    /// Slots are claimed once per process (a second claim of a format fails), so this test
    /// project claims them all once and its encoders share them.
    /// </summary>
    private static readonly EncoderSlot[] Slots =
        [.. Enumerable.Range(0, ChatEvent.EncoderSlots).Select(i => EncoderSlots.Claim($"test {i}"))];

    private int _calls;

    public EncoderSlot Slot => Slots[slot];

    public int Calls => Volatile.Read(ref _calls);

    public byte[] Encode(ChatEvent chatEvent)
    {
        Interlocked.Increment(ref _calls);
        return Encoding.UTF8.GetBytes($"{slot}:{chatEvent.SourceName}:{chatEvent.Text}");
    }
}
