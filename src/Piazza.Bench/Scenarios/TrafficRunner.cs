using System.Diagnostics;
using System.Globalization;

using Piazza.Bench.Measure;

namespace Piazza.Bench.Scenarios;

/// <summary>
/// Runs one phase of open-loop traffic on a connected fleet: every sender sends at its share of
/// the rate, on a fixed schedule that does not wait for replies, for the phase's duration; then
/// the runner waits for the deliveries still on their way and adds up what arrived.
/// </summary>
internal static class TrafficRunner
{
    /// <summary>Time to wait with nothing new arriving before what is missing counts as lost.</summary>
    public static readonly TimeSpan DrainIdle = TimeSpan.FromSeconds(2);

    private static readonly double MicrosecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public static async Task<PhaseFigures> RunPhaseAsync(Fleet fleet, int phase, double rate, TimeSpan duration, TimeSpan drainLimit, CancellationToken cancel)
    {
        var senders = fleet.Senders.ToArray();
        var perSender = rate / senders.Length;
        var window = CpuWindow.Start(fleet.Target.ServerProbe());
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        Task[] sending;
        await using (Progress.Start(fleet.Target.Progress, LiveStatus(fleet, phase), cancel))
        {
            sending = new Task[senders.Length];
            for (var i = 0; i < senders.Length; i++)
            {
                // Stagger the senders over one interval so the load is smooth, not in lock-step bursts.
                var offset = (double)i / senders.Length;
                sending[i] = SendAsync(fleet, senders[i], phase, perSender, start, end, offset, cancel);
            }

            await Task.WhenAll(sending);
        }

        var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var drainStart = Stopwatch.GetTimestamp();
        await DrainAsync(fleet, phase, drainLimit, cancel);
        var cpu = window.Stop();

        var tallies = fleet.Clients.Select(c => c.Receiver.Account.Tally(phase)).ToArray();
        var delivered = tallies.Sum(t => t.Unique);
        var lastArrival = tallies.Max(t => t.LastArrival);
        var deliverySeconds = lastArrival > start ? (lastArrival - start) / (double)Stopwatch.Frequency : sendSeconds;
        var drainSeconds = Math.Max(0, (lastArrival - drainStart) / (double)Stopwatch.Frequency);
        return new PhaseFigures
        {
            Phase = phase,
            OfferedRate = rate,
            Sent = fleet.Sent(phase),
            Expected = fleet.Expected(phase),
            Delivered = delivered,
            Duplicates = tallies.Sum(t => t.Duplicates),
            OutOfOrder = tallies.Sum(t => t.OutOfOrder),
            Foreign = fleet.Clients.Sum(c => c.Receiver.Account.Foreign),
            Malformed = fleet.Clients.Sum(c => c.Receiver.Account.Malformed),
            UnexpectedCloses = fleet.UnexpectedCloses,
            SendSeconds = sendSeconds,
            DrainSeconds = drainSeconds,
            DeliveriesPerSecond = delivered / Math.Max(deliverySeconds, sendSeconds),
            Latency = fleet.Latencies.Merge(phase),
            SendLag = fleet.SendLag.Merge(phase),
            Cpu = cpu,
        };
    }

    /// <summary>
    /// One sender's schedule: message k is due at start + (offset + k) × interval. Messages that
    /// fell due while the sender waited go out together in one write. A message carries its due
    /// time, so time it spent waiting behind a send the server was slow to take counts as
    /// latency (no coordinated omission); but the timer's own lateness (it wakes a millisecond or
    /// two after it was asked) is the bench's, not the server's, so nothing is stamped earlier
    /// than the moment the sender woke. The whole lag is reported apart as send lag.
    /// </summary>
    private static async Task SendAsync(Fleet fleet, FleetClient sender, int phase, double rate, long start, long end, double offset, CancellationToken cancel)
    {
        var frame = sender.Frame!;
        var payloadBytes = fleet.Target.PayloadBytes;
        var messageBytes = frame.Size(Math.Clamp(payloadBytes, Payload.HeaderBytes, Payload.MaxBytes));
        var batch = Math.Clamp((int)(rate / 20), 16, 1024); // 50 ms of messages
        if (sender.SendBuffer.Length < batch * messageBytes)
        {
            sender.SendBuffer = new byte[batch * messageBytes];
        }

        var buffer = sender.SendBuffer;
        var interval = Stopwatch.Frequency / rate;
        var due = start + (offset * interval);
        var wokeAt = 0L;
        while (due < end)
        {
            var now = Stopwatch.GetTimestamp();
            if (now < due)
            {
                var wait = (due - now) / Stopwatch.Frequency;
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(wait, 0.001)), cancel);
                wokeAt = Stopwatch.GetTimestamp();
                continue;
            }

            var length = 0;
            var lag = fleet.SendLag.ForThisThread()[phase];
            while (due <= now && due < end && length + messageBytes <= buffer.Length)
            {
                var span = buffer.AsSpan(length);
                frame.Prefix.CopyTo(span);
                var written = frame.Prefix.Length;
                written += Payload.Write(span[written..], new PayloadHeader(phase, sender.Index, sender.NextSequence, Math.Max((long)due, wokeAt)), payloadBytes);
                frame.Suffix.CopyTo(span[written..]);
                length += written + frame.Suffix.Length;
                lag.Record((long)((now - due) * MicrosecondsPerTick));
                sender.NextSequence++;
                sender.Sent[phase]++;
                due += interval;
            }

            try
            {
                await sender.Outbound.SendAsync(buffer.AsMemory(0, length), cancel);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException or IOException)
            {
                // The server closed this sender (its send queue overflowed, say): the fleet counts
                // the close, so the step reports itself broken instead of the whole run failing.
                return;
            }
        }
    }

    /// <summary>Waits until every expected delivery arrived, nothing new came for a while, or the limit.</summary>
    private static async Task DrainAsync(Fleet fleet, int phase, TimeSpan limit, CancellationToken cancel)
    {
        var expected = fleet.Expected(phase);
        var clock = Stopwatch.StartNew();
        var lastCount = -1L;
        var lastChange = clock.Elapsed;
        while (clock.Elapsed < limit)
        {
            var delivered = fleet.Unique(phase);
            if (delivered >= expected)
            {
                return;
            }

            if (delivered != lastCount)
            {
                lastCount = delivered;
                lastChange = clock.Elapsed;
            }
            else if (clock.Elapsed - lastChange > DrainIdle)
            {
                return;
            }

            await Task.Delay(20, cancel);
        }
    }

    /// <summary>The progress line: sent/s, deliveries/s, p99 over the last second, bench CPU.</summary>
    private static Func<string> LiveStatus(Fleet fleet, int phase)
    {
        long lastSent = 0, lastDelivered = 0;
        var lastLatency = new Histogram();
        var bench = ProcessProbe.Self();
        var lastCpu = bench.Sample().CpuSeconds;
        var clock = Stopwatch.StartNew();
        var lastTime = TimeSpan.Zero;
        return () =>
        {
            var now = clock.Elapsed;
            var seconds = Math.Max((now - lastTime).TotalSeconds, 0.001);
            var sent = fleet.Sent(phase);
            var delivered = fleet.Unique(phase);
            var latency = fleet.Latencies.Merge(phase);
            var p99 = latency.Since(lastLatency).Percentile(99) / 1000.0;
            var cpu = bench.Sample().CpuSeconds;
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"phase {phase}  clients {fleet.Connected:#,0}  sent/s {(sent - lastSent) / seconds:#,0}  deliveries/s {(delivered - lastDelivered) / seconds:#,0}  p99 {p99:0.0} ms  bench cpu {(cpu - lastCpu) / seconds * 100:0}%");
            (lastSent, lastDelivered, lastLatency, lastCpu, lastTime) = (sent, delivered, latency, cpu, now);
            return line;
        };
    }
}
