namespace Piazza.Core;

/// <summary>
/// Turns a <see cref="ChatEvent"/> into the bytes of one wire format. The result is cached on
/// the event, so a broadcast is encoded once per format however many members receive it.
/// </summary>
public interface IEventEncoder
{
    /// <summary>This format's cache slot on an event, claimed once from <see cref="EncoderSlots.Claim"/>.</summary>
    EncoderSlot Slot { get; }

    /// <summary>Encodes the event; must not depend on who receives it.</summary>
    byte[] Encode(ChatEvent chatEvent);
}
