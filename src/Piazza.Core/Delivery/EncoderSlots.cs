namespace Piazza.Core;

/// <summary>
/// Hands out the <see cref="ChatEvent.EncoderSlots"/> cache slots, one per wire format, for
/// the life of the process. Each encoder claims its slot once, when it is made (the server makes
/// every encoder at startup), so a format registered twice, or one format too many, stops the
/// server before it listens.
/// </summary>
public static class EncoderSlots
{
    private static readonly EncoderSlotRegistry Shared = new(ChatEvent.EncoderSlots);

    /// <summary>Gives <paramref name="format"/> the next free slot.</summary>
    /// <exception cref="InvalidOperationException">The format has a slot already, or none is left.</exception>
    public static EncoderSlot Claim(string format) => Shared.Claim(format);
}

/// <summary>The slots of one cache; the process has one (<see cref="EncoderSlots"/>), tests make their own.</summary>
internal sealed class EncoderSlotRegistry(int capacity)
{
    private readonly Lock _gate = new();
    private readonly List<string> _formats = [];

    /// <inheritdoc cref="EncoderSlots.Claim"/>
    public EncoderSlot Claim(string format)
    {
        lock (_gate)
        {
            var taken = _formats.IndexOf(format);
            if (taken >= 0)
            {
                throw new InvalidOperationException(
                    $"The wire format '{format}' claimed an event cache slot twice (it has slot {taken}): each format's encoder must be made once and shared.");
            }

            if (_formats.Count == capacity)
            {
                throw new InvalidOperationException(
                    $"No event cache slot is left for the wire format '{format}': all {capacity} are taken by {string.Join(", ", _formats.Select(f => $"'{f}'"))}. Raise ChatEvent.EncoderSlots.");
            }

            _formats.Add(format);
            return new EncoderSlot(_formats.Count - 1, format);
        }
    }
}
