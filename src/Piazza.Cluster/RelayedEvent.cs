using Piazza.Core;
using Piazza.Core.Accounts;
using Piazza.Core.Cluster;

namespace Piazza.Cluster;

/// <summary>What a <see cref="RelayedEvent"/> carries.</summary>
public enum RelayedKind
{
    /// <summary>A room message (<see cref="NodeMessage"/>); <see cref="RelayedEvent.Member"/> is its sender.</summary>
    Message = 0,

    /// <summary>A member of <see cref="RelayedEvent.Origin"/> joined.</summary>
    Join = 1,

    /// <summary>It left; the text is the reason.</summary>
    Part = 2,

    /// <summary>It was kicked by <see cref="RelayedEvent.By"/>; the text is the reason.</summary>
    Kick = 3,

    /// <summary>It quit; the text is the reason.</summary>
    Quit = 4,

    /// <summary>It changed nick; the text is the new one.</summary>
    NickChange = 5,

    /// <summary>From the room's grain to a node that subscribed: every other node's members of the room (<see cref="RelayedEvent.Roster"/>).</summary>
    Roster = 6,

    /// <summary>As <see cref="Roster"/>, from a grain too new to know every node yet: the nodes it names are whole, the others unknown (not empty).</summary>
    RosterPart = 8,

    /// <summary>The room's topic (<see cref="RelayedEvent.Text"/>; empty: cleared), set by <see cref="RelayedEvent.Member"/> at <see cref="RelayedEvent.Time"/>.</summary>
    Topic = 9,

    /// <summary>Mode changes (<see cref="RelayedEvent.Changes"/>) <see cref="RelayedEvent.Member"/> made at <see cref="RelayedEvent.Time"/>.</summary>
    Modes = 10,

    /// <summary>An invitation by <see cref="RelayedEvent.Member"/> for <see cref="RelayedEvent.Target"/> to the room named in <see cref="RelayedEvent.Text"/> (it travels through the target node's mailbox).</summary>
    Invite = 12,

    /// <summary>From the room's grain to a node new to it: the room's settings (<see cref="RelayedEvent.Settings"/>).</summary>
    Settings = 11,

    /// <summary>From the room's grain: <see cref="RelayedEvent.Origin"/>'s members of the room are now <see cref="RelayedEvent.Roster"/>; the text is why the others left.</summary>
    NodeRoster = 7,

    /// <summary>
    /// From the room's grain to the node that published a room message (<see cref="RelayedEvent.MessageId"/>
    /// only): the message has its place in the room's order, between what the grain handed that
    /// node before and after; the node shows it to its own members now.
    /// </summary>
    Place = 13,

    /// <summary>A room's registration as <see cref="RelayedEvent.Origin"/> changed it (<see cref="RelayedEvent.Registration"/>; null: it ended).</summary>
    Registration = 14,

    /// <summary><see cref="RelayedEvent.Member"/> renamed the room to <see cref="RelayedEvent.RenamedTo"/> at <see cref="RelayedEvent.Time"/>; the text is why.</summary>
    Rename = 15,

    /// <summary>
    /// Through the cluster's own grain (not a room's): a server ban on the mask <see cref="RelayedEvent.Text"/>
    /// as <see cref="RelayedEvent.Origin"/>'s operator set it (<see cref="RelayedEvent.ServerBan"/>; null: lifted).
    /// </summary>
    ServerBan = 16,

    /// <summary>Through the cluster's own grain: an account registered on <see cref="RelayedEvent.Origin"/> (<see cref="RelayedEvent.Account"/>).</summary>
    Account = 17,

    /// <summary>
    /// Through a node's mailbox: <see cref="RelayedEvent.Member"/>, of <see cref="RelayedEvent.Origin"/>,
    /// changed its away message, real name or account (<see cref="RelayedEvent.ChangeKind"/>) to
    /// <see cref="RelayedEvent.Text"/> at <see cref="RelayedEvent.Time"/>.
    /// </summary>
    MemberChange = 18,
}

/// <summary>
/// One thing that happened in a room, as Orleans carries it between nodes: a message, a change
/// to one node's members, or a roster. One type, so a room's messages and roster changes reach
/// every node in one order (a member's join before its first message).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("Piazza.Cluster.RelayedEvent")]
public sealed class RelayedEvent
{
    [Id(0)] public RelayedKind Kind { get; init; }
    [Id(1)] public required string Room { get; init; }

    /// <summary>The node it happened on (for a <see cref="RelayedKind.Roster"/>, each member names its own).</summary>
    [Id(2)] public required string Origin { get; init; }
    [Id(3)] public RelayedMember? Member { get; init; }
    [Id(4)] public RelayedMember? By { get; init; }
    [Id(5)] public string Text { get; init; } = string.Empty;
    [Id(6)] public int Style { get; init; }
    [Id(7)] public DateTimeOffset Time { get; init; }
    [Id(8)] public string MessageId { get; init; } = string.Empty;

    /// <summary>Client-only tags, as key, value, key, value…</summary>
    [Id(9)] public string[] Tags { get; init; } = [];

    /// <summary>A multiline message's lines.</summary>
    [Id(10)] public string[] Lines { get; init; } = [];

    /// <summary>For each of <see cref="Lines"/>: whether it continues the one before (<c>draft/multiline-concat</c>).</summary>
    [Id(11)] public bool[] Concat { get; init; } = [];

    [Id(12)] public RelayedMember[] Roster { get; init; } = [];

    /// <summary>A private message's recipient (its <see cref="RelayedMember.Node"/> is the only node the room's grain gives it to); null for a room message.</summary>
    [Id(13)] public RelayedMember? Target { get; init; }

    /// <summary>A <see cref="RelayedKind.Modes"/>'s changes, as they took effect.</summary>
    [Id(14)] public RelayedModeChange[] Changes { get; init; } = [];

    /// <summary>A <see cref="RelayedKind.Settings"/>'s settings.</summary>
    [Id(15)] public RelayedRoomModes? Settings { get; init; }

    /// <summary>A <see cref="RelayedKind.Registration"/>'s registration; null when it ended.</summary>
    [Id(16)] public RelayedRegistration? Registration { get; init; }

    /// <summary>A <see cref="RelayedKind.Roster"/>'s or <see cref="RelayedKind.RosterPart"/>'s: another node's joiner is making the room now (its grain told that node so, and it has not subscribed yet), so the subscriber's is not the room's first member.</summary>
    [Id(17)] public bool FoundedElsewhere { get; init; }

    /// <summary>A <see cref="RelayedKind.Rename"/>'s new name (<see cref="Room"/> is the old one).</summary>
    [Id(18)] public string RenamedTo { get; init; } = string.Empty;

    /// <summary>A <see cref="RelayedKind.ServerBan"/>'s ban; null when it was lifted.</summary>
    [Id(19)] public RelayedServerBan? ServerBan { get; init; }

    /// <summary>A <see cref="RelayedKind.Account"/>'s account.</summary>
    [Id(20)] public RelayedAccount? Account { get; init; }

    /// <summary>A <see cref="RelayedKind.MemberChange"/>'s kind: a <see cref="ChatEventKind"/> (away, real name or account).</summary>
    [Id(21)] public int ChangeKind { get; init; }

    /// <summary>The place of room message <paramref name="message"/> in its room's order, for the node that published it.</summary>
    public static RelayedEvent PlaceOf(RelayedEvent message) => new() { Kind = RelayedKind.Place, Room = message.Room, Origin = message.Origin, MessageId = message.MessageId };

    /// <summary>A message <paramref name="origin"/> accepted, for the wire.</summary>
    public static RelayedEvent From(NodeMessage message, string origin)
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

        return new RelayedEvent
        {
            Kind = RelayedKind.Message,
            Room = message.Room,
            Origin = origin,
            Member = RelayedMember.From(message.Sender, origin),
            Text = message.Text,
            Style = (int)message.Style,
            Time = message.Time,
            MessageId = message.MessageId,
            Tags = tags,
            Lines = lines,
            Concat = concat,
            Target = message.Target is { } to ? RelayedMember.From(to, to.Node) : null,
        };
    }

    /// <summary>A change to <paramref name="origin"/>'s members of a room, for the wire.</summary>
    public static RelayedEvent From(NodeRosterChange change, string origin) => new()
    {
        Kind = change.Kind switch
        {
            ChatEventKind.Join => RelayedKind.Join,
            ChatEventKind.Kick => RelayedKind.Kick,
            ChatEventKind.Quit => RelayedKind.Quit,
            ChatEventKind.NickChange => RelayedKind.NickChange,
            _ => RelayedKind.Part,
        },
        Room = change.Room,
        Origin = origin,

        // A kick may name a member of another node than the kicker's: the node it names.
        Member = RelayedMember.From(change.Member, change.Member.Node is { Length: > 0 } node ? node : origin),
        By = change.By is { } by ? RelayedMember.From(by, origin) : null,
        Text = change.Text,
    };

    /// <summary>A topic <paramref name="origin"/>'s member set, for the wire.</summary>
    public static RelayedEvent From(NodeTopic topic, string origin) => new()
    {
        Kind = RelayedKind.Topic,
        Room = topic.Room,
        Origin = origin,
        Member = RelayedMember.From(topic.By, origin),
        Text = topic.Text,
        Time = topic.SetAt,
    };

    /// <summary>Mode changes <paramref name="origin"/>'s member made, for the wire.</summary>
    public static RelayedEvent From(NodeModes modes, string origin) => new()
    {
        Kind = RelayedKind.Modes,
        Room = modes.Room,
        Origin = origin,
        Member = RelayedMember.From(modes.By, origin),
        Time = modes.At,
        Changes = [.. modes.Changes.Select(RelayedModeChange.From)],
    };

    /// <summary>A registration <paramref name="origin"/>'s member made, changed or ended, for the wire.</summary>
    public static RelayedEvent From(NodeRegistration registration, string origin) => new()
    {
        Kind = RelayedKind.Registration,
        Room = registration.Room,
        Origin = origin,
        Registration = RelayedRegistration.From(registration.Registration),
    };

    /// <summary>A rename <paramref name="origin"/>'s member made, for the wire.</summary>
    public static RelayedEvent From(NodeRename rename, string origin) => new()
    {
        Kind = RelayedKind.Rename,
        Room = rename.Room,
        Origin = origin,
        Member = RelayedMember.From(rename.By, origin),
        RenamedTo = rename.NewName,
        Text = rename.Reason,
        Time = rename.At,
    };

    /// <summary>The rename as the hub takes it.</summary>
    public NodeRename ToNodeRename() => new(Room, RenamedTo, (Member ?? Unknown(Origin)).ToNodeMember(), Text, Time);

    /// <summary>
    /// A server ban <paramref name="origin"/>'s operator set or lifted, for the wire, through the
    /// grain of <paramref name="through"/>; a fresh id lets a node drop a repeat (a batch sent again).
    /// </summary>
    public static RelayedEvent From(NodeServerBan change, string origin, string through) => new()
    {
        Kind = RelayedKind.ServerBan,
        Room = through,
        Origin = origin,
        Text = change.Mask,
        MessageId = Guid.NewGuid().ToString("N"),
        ServerBan = RelayedServerBan.From(change.Ban),
    };

    /// <summary>An account registered on <paramref name="origin"/>, for the wire, through the grain of <paramref name="through"/>.</summary>
    public static RelayedEvent From(AccountRecord account, string origin, string through, bool operatorFlagOnly = false) => new()
    {
        Kind = RelayedKind.Account,
        Room = through,
        Origin = origin,
        MessageId = Guid.NewGuid().ToString("N"),
        Account = RelayedAccount.From(account) with { OperatorFlagOnly = operatorFlagOnly },
    };

    /// <summary>The server ban change as the hub takes it.</summary>
    public NodeServerBan ToNodeServerBan() => new(Text, ServerBan?.ToBan());

    /// <summary>An invitation <paramref name="origin"/>'s member gave, for the wire, through the grain of <paramref name="through"/>.</summary>
    public static RelayedEvent From(NodeInvite invite, string origin, string through) => new()
    {
        Kind = RelayedKind.Invite,
        Room = through,
        Origin = origin,
        Member = RelayedMember.From(invite.By, origin),
        Target = RelayedMember.From(invite.Target, invite.Target.Node),
        Text = invite.Room,
        Time = invite.At,
    };

    /// <summary>A change to a member of <paramref name="origin"/>, for the wire, through the mailbox grain <paramref name="through"/>.</summary>
    public static RelayedEvent From(NodeMemberChange change, string origin, string through) => new()
    {
        Kind = RelayedKind.MemberChange,
        Room = through,
        Origin = origin,
        Member = RelayedMember.From(change.Member, origin),
        ChangeKind = (int)change.Kind,
        Text = change.Text,
        Time = change.At,
    };

    /// <summary>The member's change as the hub takes it.</summary>
    public NodeMemberChange ToNodeMemberChange() => new((Member ?? Unknown(Origin)).ToNodeMember(), (ChatEventKind)ChangeKind, Text, Time);

    /// <summary>The invitation as the hub takes it.</summary>
    public NodeInvite ToNodeInvite() => new(Text, (Target ?? Unknown(Origin)).ToNodeMember(), (Member ?? Unknown(Origin)).ToNodeMember(), Time);

    /// <summary>The mode changes as the hub takes them.</summary>
    public NodeModes ToNodeModes() => new(Room, [.. Changes.Select(c => c.ToModeChange())], (Member ?? Unknown(Origin)).ToNodeMember(), Time);

    /// <summary>The registration as the hub takes it.</summary>
    public NodeRegistration ToNodeRegistration() => new(Room, Registration?.ToRegistration());

    /// <summary>The topic as the hub takes it.</summary>
    public NodeTopic ToNodeTopic() => new(Room, Text, (Member ?? Unknown(Origin)).ToNodeMember(), Time);

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
        var from = Member ?? Unknown(Origin);
        return new NodeMessage(Room, from.ToNodeMember(), Text, style, Time, MessageId) { Tags = tags, Lines = lines, Target = Target?.ToNodeMember() };
    }

    /// <summary>The roster change as the hub takes it; null when it is not one.</summary>
    public NodeRosterChange? ToRosterChange()
    {
        ChatEventKind? kind = Kind switch
        {
            RelayedKind.Join => ChatEventKind.Join,
            RelayedKind.Part => ChatEventKind.Part,
            RelayedKind.Kick => ChatEventKind.Kick,
            RelayedKind.Quit => ChatEventKind.Quit,
            RelayedKind.NickChange => ChatEventKind.NickChange,
            _ => null,
        };
        return kind is { } known && Member is { } member
            ? new NodeRosterChange(Room, known, member.ToNodeMember(), Text) { By = By?.ToNodeMember() }
            : null;
    }

    private static RelayedMember Unknown(string node) =>
        new() { Node = node, Nick = "*", Address = "*", Host = "*", User = "*" };
}
