namespace Piazza.Core;

/// <summary>
/// A wire format's cache slot on every <see cref="ChatEvent"/>. Only <see cref="EncoderSlots.Claim"/>
/// makes one, so two formats can never share a slot (which would send one format's bytes to the
/// other's clients); a class, not a number, so that no encoder can hand-pick or default one.
/// </summary>
public sealed class EncoderSlot
{
    internal EncoderSlot(int index, string format)
    {
        Index = index;
        Format = format;
    }

    /// <summary>The format's name, as it claimed the slot.</summary>
    public string Format { get; }

    /// <summary>The position of the format's bytes in each event's cache.</summary>
    internal int Index { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Format} (slot {Index})";
}
