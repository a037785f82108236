using Piazza.Core.History;
using Piazza.Core.Redaction;

namespace Piazza.Core;

public sealed partial class ChatHub
{
    /// <summary>How many of the latest messages remember their sender, so the sender may redact them.</summary>
    public const int RedactableBySender = 10_000;

    private readonly SentMessages _sent = new(RedactableBySender);

    /// <summary>
    /// Deletes the message <paramref name="messageId"/> said in <paramref name="room"/>
    /// (IRCv3 message-redaction): its sender may, while it is among the latest
    /// <see cref="RedactableBySender"/> messages, and so may the room's operators and server
    /// operators at any time while history holds it. It leaves history first, then everyone in
    /// the room but the redactor receives the redaction (the caller shows the redactor its own).
    /// </summary>
    /// <returns>
    /// <see cref="ChatError.None"/> with the redaction event; <see cref="ChatError.NotInRoom"/>
    /// when the member is not in the room (server operators may be);
    /// <see cref="ChatError.NoSuchMessage"/> when the room has no such message;
    /// <see cref="ChatError.NotOperator"/> when someone else's message is not the member's to delete.
    /// </returns>
    /// <exception cref="Exception">The history store failed to look the message up or delete it; nothing was redacted.</exception>
    public async ValueTask<(ChatError Error, ChatEvent? Redaction)> RedactInRoomAsync(Member member, Room room, string messageId, string reason)
    {
        if (!room.Contains(member) && !member.IsServerOperator)
        {
            return (ChatError.NotInRoom, null);
        }

        var mayDeleteAny = room.IsOperator(member) || member.IsServerOperator;
        if (_sent.Find(messageId) is { } sent)
        {
            if (!ReferenceEquals(sent.Room, room))
            {
                return (ChatError.NoSuchMessage, null);
            }

            if (sent.SenderId != member.Id && !mayDeleteAny)
            {
                return (ChatError.NotOperator, null);
            }
        }
        else if (History is not { } history || !await history.ContainsAsync(room.Name, messageId))
        {
            return (ChatError.NoSuchMessage, null);
        }
        else if (!mayDeleteAny)
        {
            // Said before the window or a restart: the sender can no longer be told apart.
            return (ChatError.NotOperator, null);
        }

        // Out of history first: when the store fails (it throws), nothing was redacted and the
        // sender may try again.
        if (History is { } store)
        {
            await store.DeleteAsync(room.Name, messageId);
        }

        _sent.Remove(messageId);

        var redaction = new ChatEvent(ChatEventKind.Redaction, member, room, Cut(reason), _time.GetUtcNow()) { RedactedMessageId = messageId };
        room.Broadcast(redaction, except: member);
        return (ChatError.None, redaction);
    }

    /// <summary>
    /// Deletes the private message <paramref name="messageId"/> the member sent to the member
    /// named <paramref name="nick"/>: only its sender may, while it is among the latest
    /// <see cref="RedactableBySender"/> messages. It leaves history first (when both are logged in
    /// to accounts, its conversation's: <see cref="Conversation.Key"/>), then the recipient
    /// receives the redaction.
    /// </summary>
    /// <returns>
    /// <see cref="ChatError.None"/> with the event; <see cref="ChatError.NoSuchNick"/> when no one
    /// has that nick; <see cref="ChatError.NoSuchMessage"/> when no such message went from the
    /// member to them; <see cref="ChatError.NotOperator"/> when someone else sent it.
    /// </returns>
    /// <exception cref="Exception">The history store failed to delete the message; nothing was redacted.</exception>
    public async ValueTask<(ChatError Error, ChatEvent? Redaction)> RedactPrivateAsync(Member member, string nick, string messageId, string reason)
    {
        if (FindNick(nick) is not { } other)
        {
            return (ChatError.NoSuchNick, null);
        }

        if (_sent.Find(messageId) is not { Room: null } sent || sent.RecipientId != other.Id)
        {
            return (ChatError.NoSuchMessage, null);
        }

        if (sent.SenderId != member.Id)
        {
            return (ChatError.NotOperator, null);
        }

        // Stored under the accounts both are logged in to now: one who logged out or changed
        // account since leaves the stored copy where it is (ChatHub.RecordPrivate).
        if (History is { } store && member.Account is { } from && other.Account is { } to)
        {
            await store.DeleteAsync(Conversation.Key(from, to), messageId);
        }

        _sent.Remove(messageId);
        var redaction = new ChatEvent(ChatEventKind.Redaction, member, null, Cut(reason), _time.GetUtcNow(), other) { RedactedMessageId = messageId };
        other.Sink.Deliver(redaction);
        return (ChatError.None, redaction);
    }
}
