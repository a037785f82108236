using System.Net;

using Piazza.Bench.Measure;
using Piazza.Bench.Protocols;

namespace Piazza.Bench.Scenarios;

/// <summary>The server under test and how every scenario reaches it.</summary>
internal sealed record Target
{
    /// <summary>How to talk to it.</summary>
    public required ChatProtocol Protocol { get; init; }

    /// <summary>Where it listens: one server, or the nodes of a cluster, which clients are spread over.</summary>
    public required IReadOnlyList<IPEndPoint> Servers
    {
        get;
        init => field = value.Count > 0 ? [.. value] : throw new ArgumentException("a target needs at least one server", nameof(value));
    }

    /// <summary>The first (or only) server.</summary>
    public IPEndPoint Server => Servers[0];

    /// <summary>Every endpoint, joined by ',' (as results name them).</summary>
    public string Endpoints => string.Join(',', Servers);

    /// <summary>Its process, for CPU and memory (null: not measured).</summary>
    public int? ServerPid { get; init; }

    /// <summary>The other nodes' processes, whose CPU and memory are added to <see cref="ServerPid"/>'s.</summary>
    public IReadOnlyList<int> MoreServerPids { get; init; } = [];

    /// <summary>Its name in results ("piazza", "ngircd", …).</summary>
    public string ServerLabel { get; init; } = "server";

    /// <summary>This run's name in results ("C=1000"), so the report can put like with like.</summary>
    public string? CaseLabel { get; init; }

    /// <summary>Clients are spread over 127.0.0.1 … 127.0.0.N.</summary>
    public int SourceAddresses { get; init; } = 1;

    /// <summary>Connections being opened and registered at once.</summary>
    public int ConnectConcurrency { get; init; } = 64;

    /// <summary>The most one connection may take to connect and register.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most all connections together may take; a scenario stops there.</summary>
    public TimeSpan ConnectTimeLimit { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Bytes of text in each message (at least <see cref="Payload.HeaderBytes"/>).</summary>
    public int PayloadBytes { get; init; } = 64;

    /// <summary>Receive buffer per connection.</summary>
    public int ReceiveBufferBytes { get; init; } = 16 * 1024;

    /// <summary>Where the live progress lines go (null: nowhere).</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>A short tag that makes this run's nicks unique, so a run never collides with the last one's leftovers.</summary>
    public string RunTag { get; init; } = NewRunTag();

    /// <summary>
    /// The server client <paramref name="index"/> (or churn session) connects to: round-robin over
    /// <see cref="Servers"/>, so consecutive clients, and hence the members of one room, land on
    /// different nodes.
    /// </summary>
    public IPEndPoint ServerFor(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Servers[index % Servers.Count];
    }

    /// <summary>A probe of the server process (summing the other nodes' too), if its PID was given.</summary>
    public ProcessProbe? ServerProbe() => ServerPid is { } pid ? new ProcessProbe([pid, .. MoreServerPids]) : null;

    private static string NewRunTag()
    {
        const string Letters = "abcdefghijklmnopqrstuvwxyz";
        Span<char> tag = stackalloc char[3];
        for (var i = 0; i < tag.Length; i++)
        {
            tag[i] = Letters[Random.Shared.Next(Letters.Length)];
        }

        return new string(tag);
    }
}
