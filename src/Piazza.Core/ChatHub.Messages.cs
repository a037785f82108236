using Piazza.Core.History;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>
    /// Says <paramref name="text"/> (or acts it, for <c>/me</c>) in the member's current room;
    /// everyone else in the room receives it.
    /// </summary>
    public ChatError Say(Member member, string text, bool action, out Room? room) => Say(member, text, action, out room, out _);

    /// <summary><see cref="Say(Member, string, bool, out Room?)"/>, giving the message said (for <see cref="WhenShownAsync"/>).</summary>
    public ChatError Say(Member member, string text, bool action, out Room? room, out ChatEvent? said)
    {
        said = null;
        room = member.CurrentRoom;
        if (room is null || !room.Contains(member))
        {
            return ChatError.NotInRoom;
        }

        return SendToRoom(member, room, text, action ? MessageStyle.Action : MessageStyle.Text, out said);
    }

    /// <summary>
    /// Sends <paramref name="text"/> to everyone else in <paramref name="room"/>, if the room's
    /// modes let the member speak: members only under +n, voiced or operators only under +m,
    /// and never a banned member unless voiced or operator.
    /// </summary>
    public ChatError SendToRoom(Member member, Room room, string text, MessageStyle style, out ChatEvent? said) =>
        SendToRoom(member, room, text, [], style, default, out said);

    /// <summary>
    /// <see cref="SendToRoom(Member, Room, string, MessageStyle, out ChatEvent?)"/> with what the
    /// sender's protocol adds (<see cref="MessageExtras"/>), carried on the event.
    /// </summary>
    public ChatError SendToRoom(Member member, Room room, string text, MessageStyle style, MessageExtras extras, out ChatEvent? said) =>
        SendToRoom(member, room, text, [], style, extras, out said);

    /// <summary>
    /// Sends a multiline message (IRCv3 draft/multiline: one message, several lines) to everyone
    /// else in <paramref name="room"/>, under <see cref="SendToRoom(Member, Room, string, MessageStyle, out ChatEvent?)"/>'s
    /// rules; it is stored as one message whose text holds its line breaks.
    /// </summary>
    public ChatError SendLinesToRoom(Member member, Room room, IReadOnlyList<MessageLine> lines, MessageStyle style, out ChatEvent? said) =>
        SendToRoom(member, room, MessageLine.Join(lines), lines, style, default, out said);

    /// <summary>A multiline message with what the sender's protocol adds (<see cref="MessageExtras"/>).</summary>
    public ChatError SendLinesToRoom(Member member, Room room, IReadOnlyList<MessageLine> lines, MessageStyle style, MessageExtras extras, out ChatEvent? said) =>
        SendToRoom(member, room, MessageLine.Join(lines), lines, style, extras, out said);

    private ChatError SendToRoom(Member member, Room room, string text, IReadOnlyList<MessageLine> lines, MessageStyle style, MessageExtras extras, out ChatEvent? said)
    {
        said = null;
        if (text.Length == 0)
        {
            return ChatError.EmptyText;
        }

        if (CheckSend(member, room, text, style) is not ChatError.None and var refused)
        {
            return refused;
        }

        said = new ChatEvent(ChatEventKind.Message, member, room, text, _time.GetUtcNow(), style: style)
        {
            Lines = lines,
            Tags = extras.Tags ?? [],
            OneLine = extras.OneLine,
        };

        // Stored before it is delivered: a member joining meanwhile either is in the snapshot the
        // broadcast reads, or joined after the message was queued for the store, so the replay
        // of the room's history finds it (docs/ARCHITECTURE.md, "History on join").
        if (!Record(said) && Cluster is not null)
        {
            // A cluster shows nothing it has not stored: the history's queue is full or closing.
            said = null;
            return ChatError.NotStored;
        }

        _sent.Add(said);
        Counters.CountMessage();
        if (Cluster is not null)
        {
            // Shown here, as on the other nodes, once it is committed and the room's grain has
            // given it its place among theirs (ShowHeld).
            _held.Hold(said, member, room, extras.ReplyLabel);
            PublishToNodes(said, member, room);
            return ChatError.None;
        }

        room.Broadcast(said, except: member);
        return ChatError.None;
    }

    /// <summary>
    /// Sends <paramref name="text"/> to the room's operators, or its voiced members and operators
    /// (IRC's STATUSMSG), under the rules of <see cref="SendToRoom(Member, Room, string, MessageStyle, out ChatEvent?)"/>.
    /// Not stored: the room's history is read by all its members, and this was for some only.
    /// </summary>
    public ChatError SendToRoomStatus(Member member, Room room, RoomAudience audience, string text, MessageStyle style, out ChatEvent? said) =>
        SendToRoomStatus(member, room, audience, text, style, default, out said);

    /// <summary>A status message with what the sender's protocol adds (<see cref="MessageExtras"/>: its client-only tags).</summary>
    public ChatError SendToRoomStatus(Member member, Room room, RoomAudience audience, string text, MessageStyle style, MessageExtras extras, out ChatEvent? said)
    {
        said = null;
        if (text.Length == 0)
        {
            return ChatError.EmptyText;
        }

        if (CheckSend(member, room, text, style) is not ChatError.None and var refused)
        {
            return refused;
        }

        // Not in _sent either: a REDACT goes to the whole room, which never saw this.
        said = new ChatEvent(ChatEventKind.Message, member, room, text, _time.GetUtcNow(), style: style)
        {
            Audience = audience,
            Tags = extras.Tags ?? [],
            OneLine = extras.OneLine,
        };
        Counters.CountMessage();
        room.BroadcastTo(audience, said, except: member);
        return ChatError.None;
    }

    /// <summary>
    /// Sends client-only <paramref name="tags"/> (unescaped; the hub does not read them) without
    /// text (IRC's TAGMSG) to everyone else in <paramref name="room"/>, under the same rules as
    /// <see cref="SendToRoom"/>; never stored. With an <paramref name="audience"/> other than
    /// everyone (IRC's <c>TAGMSG @#chan</c>), only to its operators, or its voiced and operators.
    /// </summary>
    public ChatError SendTagsToRoom(Member member, Room room, IReadOnlyList<KeyValuePair<string, string>> tags, out ChatEvent? sent, RoomAudience audience = RoomAudience.Everyone)
    {
        sent = null;
        if (CheckSend(member, room) is not ChatError.None and var refused)
        {
            return refused;
        }

        sent = new ChatEvent(ChatEventKind.TagMessage, member, room, string.Empty, _time.GetUtcNow()) { Tags = tags, Audience = audience };
        if (audience == RoomAudience.Everyone)
        {
            room.Broadcast(sent, except: member);
        }
        else
        {
            room.BroadcastTo(audience, sent, except: member);
        }

        return ChatError.None;
    }

    /// <summary>Sends client-only <paramref name="tags"/> without text (IRC's TAGMSG) to the member named <paramref name="nick"/>.</summary>
    public ChatError SendTagsPrivate(Member member, string nick, IReadOnlyList<KeyValuePair<string, string>> tags, out Member? target, out ChatEvent? sent)
    {
        sent = null;
        target = FindNick(nick);
        if (target is null)
        {
            return ChatError.NoSuchNick;
        }

        sent = new ChatEvent(ChatEventKind.TagMessage, member, null, string.Empty, _time.GetUtcNow(), target) { Tags = tags };
        target.Sink.Deliver(sent);
        return ChatError.None;
    }

    /// <summary>Sends <paramref name="text"/> to the one member named <paramref name="nick"/>.</summary>
    public ChatError SendPrivate(Member member, string nick, string text, out Member? target) =>
        SendPrivate(member, nick, text, MessageStyle.Text, out target, out _);

    /// <summary>Sends <paramref name="text"/> to the one member named <paramref name="nick"/>.</summary>
    public ChatError SendPrivate(Member member, string nick, string text, MessageStyle style, out Member? target, out ChatEvent? sent) =>
        SendPrivate(member, nick, text, [], style, default, out target, out sent);

    /// <summary>Sends <paramref name="text"/> to the one member named <paramref name="nick"/>, with what the sender's protocol adds.</summary>
    /// <param name="located">In a cluster, the member of another node <see cref="LocateNickAsync"/> found under <paramref name="nick"/>.</param>
    public ChatError SendPrivate(Member member, string nick, string text, MessageStyle style, MessageExtras extras, out Member? target, out ChatEvent? sent, Member? located = null) =>
        SendPrivate(member, nick, text, [], style, extras, out target, out sent, located);

    /// <summary>Sends a multiline message (IRCv3 draft/multiline) to the one member named <paramref name="nick"/>.</summary>
    public ChatError SendLinesPrivate(Member member, string nick, IReadOnlyList<MessageLine> lines, MessageStyle style, out Member? target, out ChatEvent? sent) =>
        SendPrivate(member, nick, MessageLine.Join(lines), lines, style, default, out target, out sent);

    /// <summary>A multiline private message with what the sender's protocol adds (<see cref="MessageExtras"/>).</summary>
    public ChatError SendLinesPrivate(Member member, string nick, IReadOnlyList<MessageLine> lines, MessageStyle style, MessageExtras extras, out Member? target, out ChatEvent? sent, Member? located = null) =>
        SendPrivate(member, nick, MessageLine.Join(lines), lines, style, extras, out target, out sent, located);

    private ChatError SendPrivate(Member member, string nick, string text, IReadOnlyList<MessageLine> lines, MessageStyle style, MessageExtras extras, out Member? target, out ChatEvent? sent, Member? located = null)
    {
        sent = null;

        // In a cluster, a member of another node this node knows (it shares a room with one here),
        // or one its nick's grain located.
        target = FindNick(nick) ?? Volatile.Read(ref _remoteRoster)?.FindByNick(nick)
            ?? (located is not null && NickName.Comparer.Equals(located.Nick, nick) ? located : null);
        if (target is null)
        {
            return ChatError.NoSuchNick;
        }

        if (text.Length == 0)
        {
            return ChatError.EmptyText;
        }

        sent = new ChatEvent(ChatEventKind.Private, member, null, text, _time.GetUtcNow(), target, style)
        {
            Lines = lines,
            Tags = extras.Tags ?? [],
            OneLine = extras.OneLine,
        };
        // Stored before it is delivered, as a room's message is: once the recipient (or another
        // device of either account) has it, a history query finds it.
        var recorded = RecordPrivate(sent);
        if (recorded == PrivateRecord.Refused && Cluster is not null)
        {
            // A cluster shows nothing it was to store and has not: the history's queue is full or closing.
            sent = null;
            return ChatError.NotStored;
        }

        _sent.Add(sent);
        Counters.CountMessage();
        if (recorded == PrivateRecord.Queued && Cluster is { } cluster)
        {
            // Delivered, and shown to its sender (its echo), once it is committed: here by this
            // node's outbox, or by the recipient's node once this node's outbox committed it.
            _held.HoldPrivate(sent, member, target.Node is null ? target : null, extras.ReplyLabel);
            if (target.Node is null)
            {
                cluster.ShowWhenStored(sent.MessageId);
            }
            else
            {
                PublishPrivateToNode(sent, member, target);
            }

            return ChatError.None;
        }

        target.Sink.Deliver(sent);
        Counters.CountDeliveries(1);
        if (target.Node is not null)
        {
            PublishPrivateToNode(sent, member, target);
        }

        return ChatError.None;
    }

    /// <summary>
    /// Marks the member away with <paramref name="message"/>, or back when it is empty; those
    /// sharing a room with it receive the change (IRC's away-notify), and so do those watching its
    /// nick (IRC's extended-monitor).
    /// </summary>
    public ChatEvent SetAway(Member member, string message)
    {
        member.Away = message.Length == 0 ? null : Cut(message);
        var changed = NewEvent(ChatEventKind.Away, member, null, member.Away ?? string.Empty);
        var audience = Audience(member.Rooms, member);
        DeliverTo(audience, changed);

        ShowWatchers(changed, audience);
        PublishMemberChangeToNodes(changed);
        return changed;
    }

    /// <summary>Changes the member's real name; those sharing a room with it or watching its nick receive the change (IRC's setname, extended-monitor).</summary>
    public ChatEvent SetRealName(Member member, string realName)
    {
        member.RealName = Cut(realName);
        var changed = NewEvent(ChatEventKind.RealNameChange, member, null, member.RealName);
        var audience = Audience(member.Rooms, member);
        DeliverTo(audience, changed);

        ShowWatchers(changed, audience);
        PublishMemberChangeToNodes(changed);
        return changed;
    }

    /// <summary>
    /// Whether the room's modes let the member speak: members only under +n, voiced or
    /// operators only under +m, and never a banned or muted (+b m:) member unless voiced or operator.
    /// </summary>
    private static ChatError CheckSend(Member member, Room room)
    {
        var modes = room.Modes;
        var inside = room.Contains(member);
        if (!inside && (modes.NoOutsideMessages || modes.Moderated))
        {
            return ChatError.CannotSend;
        }

        if ((modes.Moderated || (inside && (room.IsBanned(member) || room.IsMuted(member)))) && !room.IsOperator(member) && !room.IsVoiced(member))
        {
            return ChatError.CannotSend;
        }

        return ChatError.None;
    }

    /// <summary><see cref="CheckSend(Member, Room)"/>, and under +C no CTCP but ACTION.</summary>
    private static ChatError CheckSend(Member member, Room room, string text, MessageStyle style) =>
        CheckSend(member, room) is not ChatError.None and var refused ? refused
        : room.Modes.NoCtcp && style != MessageStyle.Action && IsCtcp(text) ? ChatError.CannotSend
        : ChatError.None;

    /// <summary>
    /// True for a CTCP request or reply: text that starts with \x01 (https://modern.ircdocs.horse/ctcp.html).
    /// ACTION never reaches here as CTCP: the protocols turn it into <see cref="MessageStyle.Action"/>.
    /// </summary>
    private static bool IsCtcp(string text) => text.StartsWith('\u0001');

    /// <summary>
    /// Queues a private message for the history store (never blocks; says whether it was kept) when both its sender and its
    /// recipient are logged in to accounts: the conversation is theirs (<see cref="Conversation.Key"/>),
    /// stored once and read by either from any connection. Not stored: a message to or from
    /// someone without an account (nothing would let that person read it back, and a nick is not
    /// an identity that lasts), and CTCP other than ACTION (requests and replies between clients).
    /// </summary>
    private PrivateRecord RecordPrivate(ChatEvent sent)
    {
        if (History is not { } store || sent.SourceAccount is not { } from || sent.Target?.Account is not { } to || (sent.Style != MessageStyle.Action && IsCtcp(sent.Text)))
        {
            return PrivateRecord.NotKept;
        }

        var kind = sent.Style switch
        {
            MessageStyle.Action => StoredKind.Action,
            MessageStyle.Notice => StoredKind.Notice,
            _ => StoredKind.Message,
        };
        var mask = Bans.BanMask.Identity(sent.SourceNick, sent.Source.User, sent.Source.Host);
        var stored = new StoredMessage(sent.MessageId, StoredMessage.TimeOf(sent.Time), Conversation.Key(from, to), kind, sent.SourceNick, sent.SourceName, mask, sent.Text)
        {
            Recipient = sent.TargetNick,
        };
        return store.TryAppend(stored) ? PrivateRecord.Queued : PrivateRecord.Refused;
    }

    /// <summary>What <see cref="RecordPrivate"/> did with a private message.</summary>
    private enum PrivateRecord
    {
        /// <summary>Not a message the history keeps (not between two accounts, or CTCP).</summary>
        NotKept,

        /// <summary>Queued for the history store.</summary>
        Queued,

        /// <summary>To be kept, but the store's queue refused it (full, or closing).</summary>
        Refused,
    }

    /// <summary>
    /// Queues a room message or topic change for the history store (never blocks); false when the
    /// store dropped it (its queue is full, or it is closing). True without a store.
    /// </summary>
    private bool Record(ChatEvent chatEvent)
    {
        if (History is not { } store || chatEvent.Room is not { } room)
        {
            return true;
        }

        // Under the room's lock, with the name it has then: a rename (which moves the room's
        // history under the same lock) comes wholly before or after this append, never between
        // reading the name and queueing the message.
        return room.WithName((store, chatEvent), static (state, name) => state.store.TryAppend(ToStored(state.chatEvent, name)));
    }

    /// <summary>A room message or topic change as the history keeps it, under the room's name <paramref name="room"/>.</summary>
    private static StoredMessage ToStored(ChatEvent chatEvent, string room)
    {
        var kind = chatEvent.Kind == ChatEventKind.TopicChange ? StoredKind.Topic : chatEvent.Style switch
        {
            MessageStyle.Action => StoredKind.Action,
            MessageStyle.Notice => StoredKind.Notice,
            _ => StoredKind.Message,
        };
        var mask = Bans.BanMask.Identity(chatEvent.SourceNick, chatEvent.Source.User, chatEvent.Source.Host);
        return new StoredMessage(chatEvent.MessageId, StoredMessage.TimeOf(chatEvent.Time), room, kind, chatEvent.SourceNick, chatEvent.SourceName, mask, chatEvent.Text);
    }
}
