using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary><see cref="ChatEvent.MessageId"/> and <see cref="ChatEvent.Id"/>: unique, stable, increasing.</summary>
public class ChatEventMessageIdTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public void Message_ids_are_unique_across_many_events()
    {
        var hub = TestChat.NewHub();
        var alice = hub.Connect("alice");
        var bob = hub.Connect("bob");

        for (var i = 0; i < 5_000; i++)
        {
            Assert.Equal(ChatError.None, hub.Say(alice.Member, "hi", action: false, out _));
        }

        var ids = bob.Sink.Events.Select(e => e.MessageId).ToArray();
        Assert.Equal(5_000, ids.Length);
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]+$", id));
    }

    [Fact]
    public void An_events_message_id_is_stable_and_its_id_increases()
    {
        var alice = TestChat.NewHub().Connect("alice");
        var first = new ChatEvent(ChatEventKind.Message, alice.Member, null, "a", DateTimeOffset.UnixEpoch);
        var second = new ChatEvent(ChatEventKind.Message, alice.Member, null, "a", DateTimeOffset.UnixEpoch);

        Assert.Equal(first.MessageId, first.MessageId);
        Assert.NotEqual(first.MessageId, second.MessageId);
        Assert.True(second.Id > first.Id);
    }

    [Fact]
    public async Task Message_ids_made_on_many_threads_are_unique()
    {
        var alice = TestChat.NewHub().Connect("alice");
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 2_000)
                .Select(_ => new ChatEvent(ChatEventKind.Message, alice.Member, null, "x", DateTimeOffset.UnixEpoch).MessageId)
                .ToArray()));

        var all = (await Task.WhenAll(tasks).WaitAsync(WaitLimit)).SelectMany(ids => ids).ToArray();

        Assert.Equal(16_000, all.Length);
        Assert.Equal(all.Length, all.Distinct(StringComparer.Ordinal).Count());
    }
}
