using System.Diagnostics;

using Piazza.Bench.Measure;

namespace Piazza.Bench.Tests;

public class DeliveryAccountTests
{
    private readonly Histogram[] _latencies = [new(), new()];

    [Fact]
    public void Counts_each_message_once_with_its_latency()
    {
        var account = new DeliveryAccount(firstSender: 10, senders: 2, phases: 2);
        var now = Stopwatch.GetTimestamp();
        var sent = now - (Stopwatch.Frequency / 1000 * 3); // 3 ms before

        account.Count(new PayloadHeader(1, 10, 0, sent), now, _latencies);
        account.Count(new PayloadHeader(1, 11, 0, sent), now, _latencies);
        account.Count(new PayloadHeader(1, 10, 1, sent), now, _latencies);

        var tally = account.Tally(1);
        Assert.Equal(3, tally.Unique);
        Assert.Equal(0, tally.Duplicates);
        Assert.Equal(0, tally.OutOfOrder);
        Assert.Equal(now, tally.LastArrival);
        Assert.Equal(3, _latencies[1].Count);
        Assert.InRange(_latencies[1].Percentile(50), 2_990, 3_010);
        Assert.Equal(0, account.Tally(0).Unique);
    }

    [Fact]
    public void Duplicates_are_counted_but_not_as_deliveries()
    {
        var account = new DeliveryAccount(0, 1, 1);
        var now = Stopwatch.GetTimestamp();

        account.Count(new PayloadHeader(0, 0, 0, now), now, _latencies);
        account.Count(new PayloadHeader(0, 0, 0, now), now, _latencies);

        Assert.Equal(1, account.Tally(0).Unique);
        Assert.Equal(1, account.Tally(0).Duplicates);
        Assert.Equal(1, _latencies[0].Count);
    }

    [Fact]
    public void Reordering_is_counted_per_sender()
    {
        var account = new DeliveryAccount(0, 2, 1);
        var now = Stopwatch.GetTimestamp();

        // Sender 0 in order, sender 1 swapped: interleaving senders is not a violation.
        foreach (var (sender, seq) in new[] { (0, 0u), (1, 1u), (0, 1u), (1, 0u), (0, 2u), (1, 2u) })
        {
            account.Count(new PayloadHeader(0, sender, seq, now), now, _latencies);
        }

        Assert.Equal(6, account.Tally(0).Unique);
        Assert.Equal(1, account.Tally(0).OutOfOrder);
    }

    [Fact]
    public void Loss_is_what_never_arrived()
    {
        var account = new DeliveryAccount(0, 1, 1);
        var now = Stopwatch.GetTimestamp();
        foreach (var seq in new uint[] { 0, 1, 3, 4 })
        {
            account.Count(new PayloadHeader(0, 0, seq, now), now, _latencies);
        }

        const long expected = 5;
        Assert.Equal(1, expected - account.Tally(0).Unique);
        Assert.Equal(0, account.Tally(0).OutOfOrder);
    }

    [Fact]
    public void A_sender_from_another_room_or_phase_is_foreign()
    {
        var account = new DeliveryAccount(firstSender: 5, senders: 1, phases: 1);
        var now = Stopwatch.GetTimestamp();

        account.Count(new PayloadHeader(0, 4, 0, now), now, _latencies);
        account.Count(new PayloadHeader(0, 6, 0, now), now, _latencies);
        account.Count(new PayloadHeader(1, 5, 0, now), now, _latencies);
        account.CountMalformed();

        Assert.Equal(3, account.Foreign);
        Assert.Equal(1, account.Malformed);
        Assert.Equal(0, account.Tally(0).Unique);
    }
}
