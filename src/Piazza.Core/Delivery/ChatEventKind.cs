namespace Piazza.Core;

/// <summary>What happened.</summary>
public enum ChatEventKind
{
    /// <summary>Text said in a room.</summary>
    Message,

    /// <summary>A <c>/me</c> action in a room.</summary>
    Action,

    /// <summary>Text sent to one member.</summary>
    Private,

    /// <summary>A member joined a room.</summary>
    Join,

    /// <summary>A member left a room.</summary>
    Part,

    /// <summary>A member left the server; <see cref="ChatEvent.Text"/> is the reason.</summary>
    Quit,

    /// <summary>A member changed name; <see cref="ChatEvent.Text"/> is the new name.</summary>
    NickChange,

    /// <summary>A room's topic changed; <see cref="ChatEvent.Text"/> is the new topic.</summary>
    TopicChange,
}
