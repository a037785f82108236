using System.Text;

using Piazza.Core;

namespace Piazza.Core.Tests;

public class ChatEventTests
{
    private static ChatEvent NewEvent(string text = "hello")
    {
        var hub = TestChat.NewHub();
        var alice = hub.Connect("alice");
        return new ChatEvent(ChatEventKind.Message, alice.Member, hub.DefaultRoom, text, DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void An_event_is_encoded_once_per_slot_and_then_shared()
    {
        var chatEvent = NewEvent();
        var encoder = new CountingEncoder(0);

        var first = chatEvent.EncodedFor(encoder);
        var second = chatEvent.EncodedFor(encoder);
        var third = chatEvent.EncodedFor(encoder);

        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.Equal(1, encoder.Calls);
        Assert.Equal("0:alice:hello", Encoding.UTF8.GetString(first));
    }

    [Fact]
    public void Slots_are_independent()
    {
        var chatEvent = NewEvent();
        var encoders = Enumerable.Range(0, ChatEvent.EncoderSlots).Select(slot => new CountingEncoder(slot)).ToArray();

        var encoded = encoders.Select(chatEvent.EncodedFor).ToArray();
        var again = encoders.Select(chatEvent.EncodedFor).ToArray();

        for (var slot = 0; slot < encoders.Length; slot++)
        {
            Assert.Equal(1, encoders[slot].Calls);
            Assert.Same(encoded[slot], again[slot]);
            Assert.Equal($"{slot}:alice:hello", Encoding.UTF8.GetString(encoded[slot]));
        }
    }

    [Fact]
    public void Each_event_has_its_own_cache()
    {
        var encoder = new CountingEncoder(1);

        var a = NewEvent("a").EncodedFor(encoder);
        var b = NewEvent("b").EncodedFor(encoder);

        Assert.Equal(2, encoder.Calls);
        Assert.Equal("1:alice:a", Encoding.UTF8.GetString(a));
        Assert.Equal("1:alice:b", Encoding.UTF8.GetString(b));
    }

    [Fact]
    public async Task Concurrent_callers_all_get_the_same_array()
    {
        for (var round = 0; round < 50; round++)
        {
            var chatEvent = NewEvent();
            var encoder = new CountingEncoder(2);
            using var start = new Barrier(8);

            // Own threads, not the pool: the barrier blocks them, and the pool is small on a small machine.
            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    Assert.True(start.SignalAndWait(TimeSpan.FromSeconds(10)), "the threads did not all reach the start together");
                    return chatEvent.EncodedFor(encoder);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.All(results, r => Assert.Same(results[0], r));
            Assert.Same(results[0], chatEvent.EncodedFor(encoder));
            Assert.InRange(encoder.Calls, 1, 8);
        }
    }

    [Fact]
    public void The_source_name_is_fixed_when_the_event_is_made()
    {
        var hub = TestChat.NewHub();
        var alice = hub.Connect("alice");
        var chatEvent = new ChatEvent(ChatEventKind.Message, alice.Member, null, "x", DateTimeOffset.UnixEpoch);

        Assert.Equal(ChatError.None, hub.ChangeNick(alice.Member, "alicia", out _));

        Assert.Equal("alice", chatEvent.SourceName);
        Assert.Equal("alicia", chatEvent.Source.Name);
    }
}
