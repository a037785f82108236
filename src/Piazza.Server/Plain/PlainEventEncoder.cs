using Piazza.Core;
using Piazza.Protocol.Line;

namespace Piazza.Server.Plain;

/// <summary>Core events as plain-protocol lines (see docs/protocol-plain.md).</summary>
internal sealed class PlainEventEncoder : IEventEncoder
{
    public static readonly PlainEventEncoder Instance = new();

    public int Slot => 0;

    public byte[] Encode(ChatEvent chatEvent)
    {
        var name = chatEvent.SourceName;
        var room = chatEvent.Room;
        return chatEvent.Kind switch
        {
            ChatEventKind.Message => LineWriter.Chat(name, ShownRoom(room), chatEvent.Text),
            ChatEventKind.Action => LineWriter.Action(name, ShownRoom(room), chatEvent.Text),
            ChatEventKind.Private => LineWriter.Private(name, chatEvent.Text),
            ChatEventKind.Join => LineWriter.Notice($"{name} joined {room?.Name}"),
            ChatEventKind.Part => LineWriter.Notice($"{name} left {room?.Name}"),
            ChatEventKind.Quit => LineWriter.Notice(chatEvent.Text.Length == 0 ? $"{name} quit" : $"{name} quit ({chatEvent.Text})"),
            ChatEventKind.NickChange => LineWriter.Notice($"{name} is now known as {chatEvent.Text}"),
            ChatEventKind.TopicChange => LineWriter.Notice(chatEvent.Text.Length == 0
                ? $"{name} cleared the topic of {room?.Name}"
                : $"{name} set the topic of {room?.Name}: {chatEvent.Text}"),
            _ => LineWriter.Notice($"{name}: {chatEvent.Text}"),
        };
    }

    /// <summary>The default room goes unnamed, as in the seed; any other room is named.</summary>
    private static string? ShownRoom(Room? room) => room is null || room.IsDefault ? null : room.Name;
}
