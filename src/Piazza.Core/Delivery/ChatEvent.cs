namespace Piazza.Core;

/// <summary>
/// Something that happened in the chat, as every receiver sees it. Immutable, except for the
/// per-format encodings it caches for the sessions that deliver it.
/// </summary>
public sealed class ChatEvent
{
    /// <summary>How many wire formats can cache an encoding on one event.</summary>
    public const int EncoderSlots = 4;

    private readonly byte[]?[] _encodings = new byte[EncoderSlots][];

    /// <summary>Creates an event.</summary>
    public ChatEvent(ChatEventKind kind, Member source, Room? room, string text, DateTimeOffset time)
    {
        Kind = kind;
        Source = source;
        SourceName = source.Name;
        Room = room;
        Text = text;
        Time = time;
    }

    /// <summary>What happened.</summary>
    public ChatEventKind Kind { get; }

    /// <summary>Who did it.</summary>
    public Member Source { get; }

    /// <summary>The source's name when it happened (a later nick change does not alter it).</summary>
    public string SourceName { get; }

    /// <summary>The room it happened in; null for private messages, quits and nick changes.</summary>
    public Room? Room { get; }

    /// <summary>The text, reason, new nick or new topic, by <see cref="Kind"/>.</summary>
    public string Text { get; }

    /// <summary>When the server saw it.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>
    /// This event in <paramref name="encoder"/>'s format, encoded on first use and then shared.
    /// Safe to call from many threads: a race encodes twice and keeps one.
    /// </summary>
    public byte[] EncodedFor(IEventEncoder encoder)
    {
        var slot = encoder.Slot;
        var cached = Volatile.Read(ref _encodings[slot]);
        if (cached is not null)
        {
            return cached;
        }

        var encoded = encoder.Encode(this);
        return Interlocked.CompareExchange(ref _encodings[slot], encoded, null) ?? encoded;
    }
}
