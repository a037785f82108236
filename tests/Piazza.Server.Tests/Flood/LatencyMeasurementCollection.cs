namespace Piazza.Server.Tests.Flood;

/// <summary>
/// Tests that compare latencies measured in the test process run alone in this assembly, not
/// beside the other test classes. The comparison itself is fair under any load (flood and quiet
/// spells interleave), but a class beside it that spends a core for a second (a PBKDF2 check, a
/// process start) lands on one spell and not the other: on CI's two cores that made a 2.0x
/// ratio out of noise while the server was doing nothing wrong.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LatencyMeasurementCollection
{
    public const string Name = "Latency measurements";
}
