using System.Buffers.Binary;

using Piazza.Core;

namespace Piazza.Core.Tests;

public class SendQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static byte[] Message(int value, int length = 4)
    {
        var bytes = new byte[Math.Max(length, 4)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes[..length];
    }

    private static int ValueOf(ReadOnlyMemory<byte> message) => BinaryPrimitives.ReadInt32LittleEndian(message.Span);

    [Fact]
    public void TakeBatch_returns_everything_queued_in_order()
    {
        var queue = new SendQueue(1024);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Message(i)));
        }

        ReadOnlyMemory<byte>[] batch = [];
        var count = queue.TakeBatch(ref batch);

        Assert.Equal(20, count);
        Assert.Equal(Enumerable.Range(0, 20), batch.Take(count).Select(ValueOf));
    }

    [Fact]
    public void TakeBatch_with_nothing_queued_returns_zero()
    {
        var queue = new SendQueue(1024);
        ReadOnlyMemory<byte>[] batch = [];

        Assert.Equal(0, queue.TakeBatch(ref batch));
    }

    [Fact]
    public void Each_batch_holds_only_what_was_queued_since_the_last()
    {
        var queue = new SendQueue(1024);
        ReadOnlyMemory<byte>[] batch = [];
        queue.Enqueue(Message(1));
        queue.Enqueue(Message(2));

        var first = queue.TakeBatch(ref batch);
        Assert.Equal([1, 2], batch.Take(first).Select(ValueOf));
        SendQueue.Recycle(ref batch, first);

        Assert.Equal(0, queue.TakeBatch(ref batch));
        queue.Enqueue(Message(3));
        var second = queue.TakeBatch(ref batch);

        Assert.Equal([3], batch.Take(second).Select(ValueOf));
    }

    [Fact]
    public void Recycle_clears_the_taken_entries()
    {
        var queue = new SendQueue(1024);
        ReadOnlyMemory<byte>[] batch = [];
        queue.Enqueue(Message(1));
        var count = queue.TakeBatch(ref batch);

        SendQueue.Recycle(ref batch, count);

        Assert.True(batch[0].IsEmpty);
    }

    [Fact]
    public void QueuedBytes_counts_what_waits_for_the_writer()
    {
        var queue = new SendQueue(1024);
        ReadOnlyMemory<byte>[] batch = [];
        Assert.Equal(0, queue.QueuedBytes);

        queue.Enqueue(new byte[3]);
        queue.Enqueue(new byte[5]);
        queue.Enqueue(ReadOnlyMemory<byte>.Empty);
        Assert.Equal(8, queue.QueuedBytes);

        queue.TakeBatch(ref batch);
        Assert.Equal(0, queue.QueuedBytes);

        queue.Enqueue(new byte[7]);
        Assert.Equal(7, queue.QueuedBytes);
    }

    [Fact]
    public void The_limit_is_accepted_exactly_and_one_byte_more_overflows_once()
    {
        var overflows = 0;
        var queue = new SendQueue(10, () => Interlocked.Increment(ref overflows));
        ReadOnlyMemory<byte>[] batch = [];

        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(new byte[4]));
        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(new byte[6]));
        Assert.Equal(10, queue.QueuedBytes);
        Assert.False(queue.HasOverflowed);
        Assert.Equal(0, overflows);

        Assert.Equal(EnqueueResult.Overflow, queue.Enqueue(new byte[1]));
        Assert.Equal(1, overflows);
        Assert.True(queue.HasOverflowed);

        Assert.Equal(EnqueueResult.Closed, queue.Enqueue(new byte[1]));
        Assert.Equal(EnqueueResult.Closed, queue.Enqueue(ReadOnlyMemory<byte>.Empty));
        Assert.Equal(1, overflows);
        Assert.Equal(0, queue.QueuedBytes);
        Assert.Equal(-1, queue.TakeBatch(ref batch));
    }

    [Fact]
    public void With_a_last_message_an_overflow_drops_what_waited_and_sends_that_message_past_the_limit()
    {
        var overflows = 0;
        var last = new byte[] { 9, 9, 9, 9, 9, 9 };
        var queue = new SendQueue(10, () =>
        {
            overflows++;
            return last;
        });
        ReadOnlyMemory<byte>[] batch = [];

        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Message(1, 8)));
        Assert.Equal(EnqueueResult.Overflow, queue.Enqueue(Message(2, 4)));
        Assert.Equal(EnqueueResult.Closed, queue.Enqueue(Message(3, 1)));
        Assert.Equal(1, overflows);
        Assert.True(queue.HasOverflowed);

        // Only the last message is left, then the end.
        Assert.Equal(1, queue.TakeBatch(ref batch));
        Assert.Equal(last, batch[0].ToArray());
        SendQueue.Recycle(ref batch, 1);
        Assert.Equal(-1, queue.TakeBatch(ref batch));
    }

    [Fact]
    public async Task A_writer_waiting_when_another_thread_overflows_gets_the_last_message_before_the_end()
    {
        for (var round = 0; round < 50; round++)
        {
            var queue = new SendQueue(4, () => new byte[] { 7 });
            ReadOnlyMemory<byte>[] batch = [];
            var writer = Task.Run(async () =>
            {
                var seen = new List<byte>();
                while (true)
                {
                    var count = queue.TakeBatch(ref batch);
                    if (count < 0)
                    {
                        return seen;
                    }

                    if (count == 0)
                    {
                        await queue.WaitAsync();
                        continue;
                    }

                    seen.AddRange(batch.Take(count).SelectMany(m => m.ToArray()));
                    SendQueue.Recycle(ref batch, count);
                }
            });

            Assert.Equal(EnqueueResult.Overflow, await Task.Run(() => queue.Enqueue(new byte[5])).WaitAsync(Timeout));
            Assert.Equal([7], await writer.WaitAsync(Timeout));
        }
    }

    [Fact]
    public void Abort_after_an_overflow_drops_the_last_message_too()
    {
        var queue = new SendQueue(4, () => new byte[] { 7 });
        ReadOnlyMemory<byte>[] batch = [];
        Assert.Equal(EnqueueResult.Overflow, queue.Enqueue(new byte[5]));

        queue.Abort();

        Assert.Equal(-1, queue.TakeBatch(ref batch));
    }

    [Fact]
    public void One_message_of_the_limit_fits_and_one_byte_more_overflows()
    {
        Assert.Equal(EnqueueResult.Queued, new SendQueue(16).Enqueue(new byte[16]));
        Assert.Equal(EnqueueResult.Overflow, new SendQueue(16).Enqueue(new byte[17]));
    }

    [Fact]
    public void Taking_a_batch_frees_room_under_the_limit()
    {
        var queue = new SendQueue(10);
        ReadOnlyMemory<byte>[] batch = [];
        queue.Enqueue(new byte[10]);

        queue.TakeBatch(ref batch);

        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(new byte[10]));
    }

    [Fact]
    public void Complete_lets_the_writer_drain_then_reports_the_end()
    {
        var overflows = 0;
        var queue = new SendQueue(1024, () => overflows++);
        ReadOnlyMemory<byte>[] batch = [];
        queue.Enqueue(Message(1));
        queue.Enqueue(Message(2));

        queue.Complete();

        Assert.Equal(EnqueueResult.Closed, queue.Enqueue(Message(3)));
        var count = queue.TakeBatch(ref batch);
        Assert.Equal([1, 2], batch.Take(count).Select(ValueOf));
        Assert.Equal(-1, queue.TakeBatch(ref batch));
        Assert.Equal(-1, queue.TakeBatch(ref batch));
        Assert.False(queue.HasOverflowed);
        Assert.Equal(0, overflows);
    }

    [Fact]
    public void Abort_drops_what_is_queued()
    {
        var queue = new SendQueue(1024);
        ReadOnlyMemory<byte>[] batch = [];
        queue.Enqueue(Message(1));
        queue.Enqueue(Message(2));

        queue.Abort();

        Assert.Equal(0, queue.QueuedBytes);
        Assert.Equal(-1, queue.TakeBatch(ref batch));
        Assert.Equal(EnqueueResult.Closed, queue.Enqueue(Message(3)));
        Assert.False(queue.HasOverflowed);
    }

    [Fact]
    public async Task WaitAsync_completes_at_once_when_something_is_queued()
    {
        var queue = new SendQueue(1024);
        queue.Enqueue(Message(1));

        var wait = queue.WaitAsync();

        Assert.True(wait.IsCompletedSuccessfully);
        await wait.AsTask().WaitAsync(Timeout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WaitAsync_completes_at_once_after_the_end(bool abort)
    {
        var queue = new SendQueue(1024);
        if (abort)
        {
            queue.Abort();
        }
        else
        {
            queue.Complete();
        }

        var wait = queue.WaitAsync();

        Assert.True(wait.IsCompletedSuccessfully);
        await wait.AsTask().WaitAsync(Timeout);
    }

    [Fact]
    public async Task WaitAsync_completes_when_another_thread_enqueues()
    {
        var queue = new SendQueue(1024);
        ReadOnlyMemory<byte>[] batch = [];

        var wait = queue.WaitAsync();
        Assert.False(wait.IsCompleted);
        await Task.Run(() => queue.Enqueue(Message(42))).WaitAsync(Timeout);
        await wait.AsTask().WaitAsync(Timeout);

        var count = queue.TakeBatch(ref batch);
        Assert.Equal([42], batch.Take(count).Select(ValueOf));
    }

    [Fact]
    public async Task WaitAsync_can_be_used_again_after_it_completed()
    {
        var queue = new SendQueue(1024);
        ReadOnlyMemory<byte>[] batch = [];
        for (var i = 0; i < 3; i++)
        {
            var wait = queue.WaitAsync();
            Assert.False(wait.IsCompleted);
            var value = i;
            _ = Task.Run(() => queue.Enqueue(Message(value)));
            await wait.AsTask().WaitAsync(Timeout);

            var count = queue.TakeBatch(ref batch);
            Assert.Equal([i], batch.Take(count).Select(ValueOf));
            SendQueue.Recycle(ref batch, count);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WaitAsync_completes_when_another_thread_ends_the_queue(bool abort)
    {
        var queue = new SendQueue(1024);
        ReadOnlyMemory<byte>[] batch = [];

        var wait = queue.WaitAsync();
        Assert.False(wait.IsCompleted);
        await Task.Run(abort ? queue.Abort : queue.Complete).WaitAsync(Timeout);
        await wait.AsTask().WaitAsync(Timeout);

        Assert.Equal(-1, queue.TakeBatch(ref batch));
    }

    [Fact]
    public async Task WaitAsync_completes_when_another_thread_overflows_the_queue()
    {
        var queue = new SendQueue(4);

        var wait = queue.WaitAsync();
        var result = await Task.Run(() => queue.Enqueue(new byte[5])).WaitAsync(Timeout);
        await wait.AsTask().WaitAsync(Timeout);

        Assert.Equal(EnqueueResult.Overflow, result);
    }

    [Fact]
    public async Task Producers_racing_past_the_limit_overflow_it_once()
    {
        for (var round = 0; round < 20; round++)
        {
            var overflows = 0;
            var queue = new SendQueue(1000, () => Interlocked.Increment(ref overflows));

            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                var seen = new List<EnqueueResult>();
                EnqueueResult result;
                do
                {
                    result = queue.Enqueue(new byte[7]);
                    seen.Add(result);
                }
                while (result == EnqueueResult.Queued);
                return seen;
            }))).WaitAsync(Timeout);

            var all = results.SelectMany(r => r).ToArray();
            Assert.Equal(1, overflows);
            Assert.Equal(1, all.Count(r => r == EnqueueResult.Overflow));
            Assert.Equal(1000 / 7, all.Count(r => r == EnqueueResult.Queued));
            Assert.True(queue.HasOverflowed);
        }
    }

    [Fact]
    public async Task Complete_racing_with_producers_delivers_exactly_the_queued_messages()
    {
        var queue = new SendQueue(int.MaxValue);
        var writer = Task.Run(() => DrainAsync(queue));
        using var started = new CountdownEvent(4);

        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            var queued = new List<int>();
            started.Signal();
            for (var sequence = 0; sequence < 1_000_000; sequence++)
            {
                var value = (p * 1_000_000) + sequence;
                var result = queue.Enqueue(Message(value));
                if (result != EnqueueResult.Queued)
                {
                    Assert.Equal(EnqueueResult.Closed, result);
                    break;
                }

                queued.Add(value);
            }

            return queued;
        })).ToArray();

        Assert.True(started.Wait(Timeout));
        queue.Complete();
        var queuedByProducers = await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(30));
        var delivered = await writer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(queuedByProducers.SelectMany(q => q).Order(), delivered.Order());
    }

    [Fact]
    public async Task Many_producers_and_one_writer_deliver_every_message_once_in_order()
    {
        const int Producers = 4;
        const int PerProducer = 10_000;
        var queue = new SendQueue(int.MaxValue);

        var writer = Task.Run(async () =>
        {
            var next = new int[Producers];
            var received = 0;
            ReadOnlyMemory<byte>[] batch = [];
            while (true)
            {
                var count = queue.TakeBatch(ref batch);
                if (count < 0)
                {
                    return (next, received);
                }

                if (count == 0)
                {
                    await queue.WaitAsync().AsTask().WaitAsync(Timeout);
                    continue;
                }

                for (var i = 0; i < count; i++)
                {
                    var span = batch[i].Span;
                    var producer = BinaryPrimitives.ReadInt32LittleEndian(span);
                    var sequence = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
                    Assert.Equal(next[producer], sequence);
                    next[producer]++;
                    received++;
                }

                SendQueue.Recycle(ref batch, count);
            }
        });

        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
        {
            for (var sequence = 0; sequence < PerProducer; sequence++)
            {
                var message = new byte[8];
                BinaryPrimitives.WriteInt32LittleEndian(message, p);
                BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), sequence);
                Assert.Equal(EnqueueResult.Queued, queue.Enqueue(message));
            }
        })).ToArray();

        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(30));
        queue.Complete();
        var (counts, total) = await writer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Producers * PerProducer, total);
        Assert.All(counts, c => Assert.Equal(PerProducer, c));
    }

    /// <summary>A writer loop: drains the queue until it ends and returns every message's value.</summary>
    private static async Task<List<int>> DrainAsync(SendQueue queue)
    {
        var values = new List<int>();
        ReadOnlyMemory<byte>[] batch = [];
        while (true)
        {
            var count = queue.TakeBatch(ref batch);
            if (count < 0)
            {
                return values;
            }

            if (count == 0)
            {
                await queue.WaitAsync().AsTask().WaitAsync(Timeout);
                continue;
            }

            for (var i = 0; i < count; i++)
            {
                values.Add(ValueOf(batch[i]));
            }

            SendQueue.Recycle(ref batch, count);
        }
    }
    [Fact]
    public void EnqueueLast_queues_the_message_and_ends_the_queue_so_nothing_follows_it()
    {
        var queue = new SendQueue(1024);
        queue.Enqueue(Message(1));

        Assert.Equal(EnqueueResult.Queued, queue.EnqueueLast(Message(2)));
        Assert.Equal(EnqueueResult.Closed, queue.Enqueue(Message(3)));
        Assert.Equal(EnqueueResult.Closed, queue.EnqueueLast(Message(4)));

        ReadOnlyMemory<byte>[] batch = [];
        var count = queue.TakeBatch(ref batch);
        Assert.Equal([1, 2], batch.Take(count).Select(ValueOf));
        Assert.Equal(-1, queue.TakeBatch(ref batch));
    }

    [Fact]
    public void EnqueueLast_past_the_limit_overflows_and_still_ends_the_queue()
    {
        var overflows = 0;
        var queue = new SendQueue(8, () => overflows++);
        queue.Enqueue(Message(1, 6));

        Assert.Equal(EnqueueResult.Overflow, queue.EnqueueLast(Message(2, 4)));
        Assert.Equal(1, overflows);
        Assert.Equal(EnqueueResult.Closed, queue.Enqueue(Message(3)));
        ReadOnlyMemory<byte>[] batch = [];
        Assert.Equal(-1, queue.TakeBatch(ref batch));
    }

    [Fact]
    public async Task Producers_racing_a_last_message_never_get_a_message_after_it()
    {
        for (var round = 0; round < 200; round++)
        {
            var queue = new SendQueue(1 << 20);
            using var go = new ManualResetEventSlim();
            var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
            {
                go.Wait();
                for (var i = 0; i < 200 && queue.Enqueue(Message(i)) == EnqueueResult.Queued; i++)
                {
                }
            })).ToArray();
            var last = Task.Run(() =>
            {
                go.Wait();
                Assert.Equal(EnqueueResult.Queued, queue.EnqueueLast(Message(-1)));
            });
            go.Set();
            await Task.WhenAll([.. producers, last]).WaitAsync(Timeout);

            var taken = new List<int>();
            ReadOnlyMemory<byte>[] batch = [];
            int count;
            while ((count = queue.TakeBatch(ref batch)) > 0)
            {
                taken.AddRange(batch.Take(count).Select(ValueOf));
            }

            Assert.Equal(-1, count);
            Assert.Equal(-1, taken[^1]);
        }
    }
}
