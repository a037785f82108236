using BenchmarkDotNet.Attributes;

using Piazza.Core;

namespace Piazza.Microbench;

/// <summary>
/// The fan-out hot path: the same encoded bytes enqueued on 1,000 members' send queues, then
/// taken by their writers (so the queues stay at their working size). Reported per member.
/// </summary>
public class FanOutEnqueue
{
    private const int Members = 1000;

    private readonly SendQueue[] _queues = new SendQueue[Members];
    private readonly byte[] _message = LineWriterBytes();
    private ReadOnlyMemory<byte>[] _batch = [];

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < _queues.Length; i++)
        {
            _queues[i] = new SendQueue(1 << 20);
        }
    }

    [Benchmark(OperationsPerInvoke = Members)]
    public void EnqueueThenTake()
    {
        foreach (var queue in _queues)
        {
            queue.Enqueue(_message);
        }

        foreach (var queue in _queues)
        {
            var count = queue.TakeBatch(ref _batch);
            SendQueue.Recycle(ref _batch, count);
        }
    }

    private static byte[] LineWriterBytes() => Piazza.Protocol.Line.LineWriter.Chat("alice", null, "hello everyone");
}
