using Piazza.Core;

namespace Piazza.Core.Tests;

/// <summary>
/// Who runs a woken writer: the thread that queued the message (inline), or the thread pool
/// while that thread is in a broadcast to more than <see cref="WakeMode.InlineLimit"/> members.
/// </summary>
public class WakeModeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A writer that waits once and notes the thread it woke on.</summary>
    private sealed class Writer
    {
        private readonly SendQueue _queue = new(1024);

        public Writer() => Done = RunAsync();

        public SendQueue Queue => _queue;

        public Task Done { get; }

        public int WokeOn { get; private set; }

        public void Enqueue() => Assert.Equal(EnqueueResult.Queued, _queue.Enqueue(new byte[] { 1 }));

        private async Task RunAsync()
        {
            // As in the server, which has no synchronization context (xunit's would take the continuation).
            await _queue.WaitAsync().ConfigureAwait(false);
            WokeOn = Environment.CurrentManagedThreadId;
        }
    }

    /// <summary>Runs <paramref name="action"/> on a thread of its own (not the pool's); returns that thread's id.</summary>
    private static int OnOwnThread(Action action)
    {
        var id = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            id = Environment.CurrentManagedThreadId;
            try
            {
                action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        Assert.True(thread.Join(Timeout), "the thread did not finish");
        Assert.Null(failure);
        return id;
    }

    [Fact]
    public void A_waiting_writer_runs_on_the_thread_that_queues_before_the_enqueue_returns()
    {
        var writer = new Writer();
        Assert.False(writer.Done.IsCompleted);

        var doneWhenEnqueueReturned = false;
        var producer = OnOwnThread(() =>
        {
            writer.Enqueue();
            doneWhenEnqueueReturned = writer.Done.IsCompleted;
        });

        Assert.True(doneWhenEnqueueReturned);
        Assert.Equal(producer, writer.WokeOn);
    }

    [Fact]
    public async Task In_a_broadcast_past_the_limit_the_writer_is_woken_on_the_pool()
    {
        var writer = new Writer();
        var inlineDuringScope = true;

        var producer = OnOwnThread(() =>
        {
            using (WakeMode.For(WakeMode.InlineLimit + 1))
            {
                inlineDuringScope = WakeMode.Inline;
                writer.Enqueue();
            }
        });

        await writer.Done.WaitAsync(Timeout);
        Assert.False(inlineDuringScope);
        Assert.NotEqual(producer, writer.WokeOn);
    }

    [Fact]
    public async Task A_commands_replies_to_its_own_client_wake_the_writer_through_the_pool_and_others_inline()
    {
        var own = new Writer();
        var other = new Writer();

        var producer = OnOwnThread(() =>
        {
            using (WakeMode.RepliesTo(own.Queue))
            {
                own.Enqueue();
                other.Enqueue();
            }

            Assert.Null(WakeMode.Replying);
        });

        await own.Done.WaitAsync(Timeout);
        Assert.NotEqual(producer, own.WokeOn);
        Assert.True(other.Done.IsCompleted);
        Assert.Equal(producer, other.WokeOn);
    }

    [Fact]
    public void A_broadcast_up_to_the_limit_leaves_wakes_inline_and_a_large_one_ends_with_its_scope()
    {
        var seen = new List<bool>();
        OnOwnThread(() =>
        {
            using (WakeMode.For(WakeMode.InlineLimit))
            {
                seen.Add(WakeMode.Inline);
            }

            using (WakeMode.For(WakeMode.InlineLimit + 1))
            {
                seen.Add(WakeMode.Inline);
                using (WakeMode.For(1))
                {
                    // A small delivery inside a large broadcast stays on the pool.
                    seen.Add(WakeMode.Inline);
                }
            }

            seen.Add(WakeMode.Inline);
        });

        Assert.Equal([true, false, false, true], seen);
    }

    /// <summary>Notes, at each delivery, whether a writer woken then would run inline.</summary>
    private sealed class WakeModeSink : IMemberSink
    {
        public List<bool> InlineAtDelivery { get; } = [];

        public void Deliver(ChatEvent chatEvent) => InlineAtDelivery.Add(WakeMode.Inline);

        public void Close(string reason)
        {
        }
    }

    [Theory]
    [InlineData(WakeMode.InlineLimit, true)]
    [InlineData(WakeMode.InlineLimit + 1, false)]
    public void A_room_broadcast_wakes_inline_only_up_to_the_limit(int recipients, bool inline)
    {
        var hub = TestChat.NewHub();
        var sender = hub.Connect("sender");
        var sinks = new List<WakeModeSink>();
        for (var i = 0; i < recipients; i++)
        {
            var sink = new WakeModeSink();
            var member = hub.Connect($"127.0.0.1:{50000 + i}", "127.0.0.1", sink);
            Assert.Equal(ChatError.None, hub.Join(member, "wakes", out _, out _));
            sinks.Add(sink);
        }

        hub.JoinOk(sender, "wakes");
        foreach (var sink in sinks)
        {
            sink.InlineAtDelivery.Clear();
        }

        OnOwnThread(() => Assert.Equal(ChatError.None, hub.Say(sender.Member, "hello", action: false, out _)));

        Assert.All(sinks, sink => Assert.Equal([inline], sink.InlineAtDelivery));
    }
}
