namespace Piazza.Client.Model;

/// <summary>What a line in a conversation is, which decides how it is drawn.</summary>
internal enum LineKind
{
    /// <summary>Someone's message: "&lt;nick&gt; text".</summary>
    Message,

    /// <summary>A /me action: "* nick text".</summary>
    Action,

    /// <summary>A notice: "-nick- text".</summary>
    Notice,

    /// <summary>Joins, parts, quits, nick changes, topics, modes: drawn dimmer.</summary>
    Event,

    /// <summary>What the server or the client says: numerics, help, connection state.</summary>
    Info,

    /// <summary>A refusal or failure.</summary>
    Error,

    /// <summary>Where the connection dropped and came back: the conversation may have missed lines here.</summary>
    Gap,
}

/// <summary>One line of a conversation's pane. Immutable.</summary>
/// <param name="Time">When it was said (the server's time when it sent one).</param>
/// <param name="Kind">What it is.</param>
/// <param name="Nick">Who said it, for messages, actions and notices.</param>
/// <param name="Text">The text, without formatting codes.</param>
internal sealed record ChatLine(DateTimeOffset Time, LineKind Kind, string? Nick, string Text)
{
    /// <summary>We sent it.</summary>
    public bool IsOwn { get; init; }

    /// <summary>It came from the server's history, said before we joined.</summary>
    public bool IsHistory { get; init; }

    /// <summary>It names us (a highlight).</summary>
    public bool MentionsMe { get; init; }

    /// <summary>Routine server text (welcome, MOTD) that line mode leaves out.</summary>
    public bool IsRoutine { get; init; }

    /// <summary>The server's id for it, when it gave one: how history and live lines are matched.</summary>
    public string? MessageId { get; init; }

    /// <summary>True for what people say (not events or server text): these count as unread.</summary>
    public bool IsChat => Kind is LineKind.Message or LineKind.Action or LineKind.Notice;
}
