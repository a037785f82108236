using Piazza.Core;
using Piazza.Core.Cluster;

namespace Piazza.Cluster;

/// <summary>
/// A <see cref="NodeMessage"/> as Orleans carries it between nodes: flat fields its serializer
/// knows (Core knows nothing of Orleans, so its records are not annotated for it).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedMessage")]
public sealed class RelayedMessage
{
    [Id(0)] public required string Room { get; init; }
    [Id(1)] public required string Nick { get; init; }
    [Id(2)] public bool ChoseNick { get; init; }
    [Id(3)] public required string Address { get; init; }
    [Id(4)] public required string Host { get; init; }
    [Id(5)] public required string User { get; init; }
    [Id(6)] public string? Account { get; init; }
    [Id(7)] public required string Text { get; init; }
    [Id(8)] public int Style { get; init; }
    [Id(9)] public DateTimeOffset Time { get; init; }
    [Id(10)] public required string MessageId { get; init; }

    /// <summary>Client-only tags, as key, value, key, value…</summary>
    [Id(11)] public string[] Tags { get; init; } = [];

    /// <summary>A multiline message's lines.</summary>
    [Id(12)] public string[] Lines { get; init; } = [];

    /// <summary>For each of <see cref="Lines"/>: whether it continues the one before (<c>draft/multiline-concat</c>).</summary>
    [Id(13)] public bool[] Concat { get; init; } = [];

    /// <summary>The message for the wire between nodes.</summary>
    public static RelayedMessage From(NodeMessage message)
    {
        var tags = new string[message.Tags.Count * 2];
        for (var i = 0; i < message.Tags.Count; i++)
        {
            tags[2 * i] = message.Tags[i].Key;
            tags[(2 * i) + 1] = message.Tags[i].Value;
        }

        var lines = new string[message.Lines.Count];
        var concat = new bool[message.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = message.Lines[i].Text;
            concat[i] = message.Lines[i].Concat;
        }

        var sender = message.Sender;
        return new RelayedMessage
        {
            Room = message.Room,
            Nick = sender.Nick,
            ChoseNick = sender.ChoseNick,
            Address = sender.Address,
            Host = sender.Host,
            User = sender.User,
            Account = sender.Account,
            Text = message.Text,
            Style = (int)message.Style,
            Time = message.Time,
            MessageId = message.MessageId,
            Tags = tags,
            Lines = lines,
            Concat = concat,
        };
    }

    /// <summary>The message as the hub takes it; a malformed one (a newer node's, say) is cut to what is whole.</summary>
    public NodeMessage ToNodeMessage()
    {
        var tags = new KeyValuePair<string, string>[Tags.Length / 2];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new(Tags[2 * i], Tags[(2 * i) + 1]);
        }

        var lines = new MessageLine[Math.Min(Lines.Length, Concat.Length)];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = new MessageLine(Lines[i], Concat[i]);
        }

        var style = Enum.IsDefined((MessageStyle)Style) ? (MessageStyle)Style : MessageStyle.Text;
        var sender = new NodeSender(Nick, ChoseNick, Address, Host, User, Account);
        return new NodeMessage(Room, sender, Text, style, Time, MessageId) { Tags = tags, Lines = lines };
    }
}
