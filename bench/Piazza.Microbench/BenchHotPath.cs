using System.Diagnostics;

using BenchmarkDotNet.Attributes;

using Piazza.Bench.Measure;

namespace Piazza.Microbench;

/// <summary>piazza-bench's own cost per delivery: find and read the payload, count it, record its latency.</summary>
public class BenchHotPath
{
    private readonly byte[] _line = new byte[120];
    private readonly Histogram[] _latencies = [new()];
    private DeliveryAccount _account = new(0, 10, 1);
    private int _length;
    private uint _sequence;

    [GlobalSetup]
    public void Setup()
    {
        var prefix = "[b7@bench] "u8;
        prefix.CopyTo(_line);
        _length = prefix.Length + Payload.Write(_line.AsSpan(prefix.Length), new PayloadHeader(0, 3, 0, Stopwatch.GetTimestamp()), 64);
        _account = new DeliveryAccount(0, 10, 1);
    }

    [Benchmark]
    public bool FindPayload() => Payload.TryFind(_line.AsSpan(0, _length), out _) == PayloadStatus.Found;

    [Benchmark]
    public void CountDelivery()
    {
        Payload.TryFind(_line.AsSpan(0, _length), out var header);
        _account.Count(header with { Sequence = _sequence++ }, Stopwatch.GetTimestamp(), _latencies);
    }
}
