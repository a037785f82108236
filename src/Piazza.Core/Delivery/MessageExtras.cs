namespace Piazza.Core;

/// <summary>
/// What a protocol sends with a message beyond its text, which the hub carries on the
/// <see cref="ChatEvent"/> without reading it.
/// </summary>
/// <param name="Tags">
/// Tags the sender attached for other clients (IRC's client-only tags: <c>+draft/reply</c>,
/// <c>+draft/react</c>…), keys as sent and values unescaped; null or empty for none. The sender's
/// protocol bounds their size (IRC: 4094 bytes).
/// </param>
/// <param name="OneLine">
/// The text came as one line of a protocol whose lines are short (IRC's 512 bytes): a reader
/// whose lines cannot hold it with the sender's prefix cuts it to fit, rather than split one line
/// into several messages (<see cref="ChatEvent.OneLine"/>).
/// </param>
public readonly record struct MessageExtras(IReadOnlyList<KeyValuePair<string, string>>? Tags, bool OneLine)
{
    /// <summary>
    /// In a cluster, what the sender's session needs to show its client the message as its
    /// command's reply (IRC's labeled-response label), handed back with the message when it is
    /// shown (<see cref="IMemberSink.Shown"/>); null for none. The hub does not read it.
    /// </summary>
    public string? ReplyLabel { get; init; }
}
