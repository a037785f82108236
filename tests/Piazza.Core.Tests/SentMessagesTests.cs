using Piazza.Core;
using Piazza.Core.Redaction;

namespace Piazza.Core.Tests;

/// <summary><see cref="SentMessages"/>: who sent the latest messages, bounded.</summary>
public class SentMessagesTests
{
    private readonly ChatHub _hub = TestChat.NewHub();

    [Fact]
    public void Remembers_sender_and_room_by_member_id_and_forgets_the_oldest_past_capacity()
    {
        var alice = _hub.Connect("alice");
        var sent = new SentMessages(capacity: 2);
        var said = Say(alice.Member, "one");
        var second = Say(alice.Member, "two");
        var third = Say(alice.Member, "three");

        sent.Add(said);
        sent.Add(second);
        Assert.Equal(new SentMessage(alice.Member.Id, _hub.DefaultRoom, null), sent.Find(said.MessageId));
        sent.Add(third);

        Assert.Null(sent.Find(said.MessageId));
        Assert.NotNull(sent.Find(second.MessageId));
        Assert.NotNull(sent.Find(third.MessageId));
        sent.Remove(second.MessageId);
        Assert.Null(sent.Find(second.MessageId));
        Assert.Null(sent.Find("unknown"));
    }

    [Fact]
    public void A_capacity_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SentMessages(0));

    private ChatEvent Say(Member member, string text)
    {
        Assert.Equal(ChatError.None, _hub.SendToRoom(member, _hub.DefaultRoom, text, MessageStyle.Text, out var said));
        return said!;
    }
}
