using System.CommandLine;
using System.Globalization;
using System.Net;

using Piazza.Bench.Protocols;
using Piazza.Bench.Scenarios;

namespace Piazza.Bench.Cli;

/// <summary>The options every scenario takes: which server, how to reach it, where results go.</summary>
internal sealed class CommonOptions
{
    public Option<string> Protocol { get; } = new("--protocol", "-p")
    {
        Description = "plain (Piazza's chat port), line (any server relaying lines: the seed), irc, redis",
        DefaultValueFactory = _ => "plain",
    };

    public Option<string> Host { get; } = new("--host")
    {
        Description = "the server's address; loopback only (127.0.0.0/8, ::1)",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public Option<int> Port { get; } = new("--port")
    {
        Description = "the server's port (default: 54321 plain/line, 6667 irc, 6379 redis)",
    };

    public Option<string?> MorePorts { get; } = new("--more-ports")
    {
        Description = "further nodes of a cluster on the same --host: clients are spread round-robin over --port and these",
        HelpName = "P2,P3,...",
    };

    public Option<int?> ServerPid { get; } = new("--server-pid")
    {
        Description = "the server's PID: its CPU time and memory are read from /proc",
    };

    public Option<string?> MoreServerPids { get; } = new("--more-server-pids")
    {
        Description = "further PIDs (e.g. the other nodes'): their CPU time and memory are added to --server-pid's",
        HelpName = "N2,N3,...",
    };

    public Option<string?> ServerLabel { get; } = new("--server-label")
    {
        Description = "the server's name in the results (default: the protocol's)",
    };

    public Option<string?> Case { get; } = new("--case")
    {
        Description = "this run's name in the results, so the report puts like with like (e.g. C=1000)",
    };

    public Option<int> SourceAddresses { get; } = new("--source-addresses")
    {
        Description = "spread clients over 127.0.0.1..127.0.0.N (each has its own ephemeral ports)",
        DefaultValueFactory = _ => 16,
    };

    public Option<int> ConnectConcurrency { get; } = new("--connect-concurrency")
    {
        Description = "connections opened and registered at once",
        DefaultValueFactory = _ => 64,
    };

    public Option<double> ConnectTimeout { get; } = new("--connect-timeout")
    {
        Description = "seconds one connection may take to connect and register",
        DefaultValueFactory = _ => 30,
    };

    public Option<double> ConnectTimeLimit { get; } = new("--connect-time-limit")
    {
        Description = "seconds all connections together may take",
        DefaultValueFactory = _ => 300,
    };

    public Option<int> PayloadBytes { get; } = new("--payload-bytes")
    {
        Description = $"bytes of text per message ({Measure.Payload.HeaderBytes}-{Measure.Payload.MaxBytes})",
        DefaultValueFactory = _ => 64,
    };

    public Option<int?> ReceiveBuffer { get; } = new("--receive-buffer")
    {
        Description = "receive buffer per connection in bytes (default: per scenario)",
    };

    public Option<FileInfo?> JsonOut { get; } = new("--json-out")
    {
        Description = "append the result's JSON line to this file",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "no live progress on stderr",
    };

    public Option<double> MaxSeconds { get; } = new("--max-seconds")
    {
        Description = "stop the whole run after this many seconds, whatever it is doing",
        DefaultValueFactory = _ => 900,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Protocol, Host, Port, MorePorts, ServerPid, MoreServerPids, ServerLabel, Case, SourceAddresses, ConnectConcurrency, ConnectTimeout, ConnectTimeLimit, PayloadBytes, ReceiveBuffer, JsonOut, Quiet, MaxSeconds })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The target these options describe; throws <see cref="ArgumentException"/> when they don't make sense.</summary>
    public Target ToTarget(ParseResult parse, int defaultReceiveBuffer)
    {
        var protocol = ChatProtocol.Named(parse.GetValue(Protocol)!);
        var host = parse.GetValue(Host)!;
        if (!IPAddress.TryParse(host, out var address))
        {
            address = host == "localhost" ? IPAddress.Loopback : throw new ArgumentException($"--host must be an IP address on this machine, not '{host}'");
        }

        if (!IPAddress.IsLoopback(address))
        {
            // The bench only ever loads this machine: refuse anything else outright.
            throw new ArgumentException($"--host {address} is not a loopback address; piazza-bench only targets this machine");
        }

        var port = parse.GetValue(Port);
        if (port == 0)
        {
            port = protocol.Name switch { "irc" => 6667, "redis" => 6379, _ => 54321 };
        }

        if (port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"--port must be 1-{IPEndPoint.MaxPort}, not {port}");
        }

        var ports = Numbers(parse.GetValue(MorePorts), "--more-ports", $"ports (1-{IPEndPoint.MaxPort})", 1, IPEndPoint.MaxPort, port, "--port");
        var serverPid = parse.GetValue(ServerPid);
        if (serverPid is <= 0)
        {
            throw new ArgumentException($"--server-pid must be a PID (more than 0), not {serverPid}");
        }

        var morePids = parse.GetValue(MoreServerPids);
        if (serverPid is null && !string.IsNullOrWhiteSpace(morePids))
        {
            // Results would report their sum as if it were the whole server's, without the first node.
            throw new ArgumentException("--more-server-pids adds to --server-pid: give the first node's PID with --server-pid too");
        }

        var pids = Numbers(morePids, "--more-server-pids", "PIDs (more than 0)", 1, int.MaxValue, serverPid, "--server-pid");

        var payload = parse.GetValue(PayloadBytes);
        if (payload is < Measure.Payload.HeaderBytes or > Measure.Payload.MaxBytes)
        {
            throw new ArgumentException($"--payload-bytes must be {Measure.Payload.HeaderBytes}-{Measure.Payload.MaxBytes}");
        }

        return new Target
        {
            Protocol = protocol,
            Servers = [.. ports.Select(p => new IPEndPoint(address, p))],
            ServerPid = serverPid,
            MoreServerPids = [.. pids.Skip(1)],
            ServerLabel = parse.GetValue(ServerLabel) ?? protocol.Name,
            CaseLabel = parse.GetValue(Case),
            SourceAddresses = Math.Clamp(parse.GetValue(SourceAddresses), 1, Net.SourceAddresses.Max),
            ConnectConcurrency = Math.Max(1, parse.GetValue(ConnectConcurrency)),
            ConnectTimeout = TimeSpan.FromSeconds(parse.GetValue(ConnectTimeout)),
            ConnectTimeLimit = TimeSpan.FromSeconds(parse.GetValue(ConnectTimeLimit)),
            PayloadBytes = payload,
            ReceiveBufferBytes = Math.Clamp(parse.GetValue(ReceiveBuffer) ?? defaultReceiveBuffer, 1024, 1 << 20),
            Progress = parse.GetValue(Quiet) ? null : Console.Error,
        };
    }

    /// <summary>
    /// <paramref name="first"/> (if any) then the comma-separated numbers of <paramref name="list"/>
    /// (none when it is missing or blank), each within <paramref name="min"/>-<paramref name="max"/>
    /// and none twice: a node given twice would get twice its share of clients, a PID twice be counted twice.
    /// </summary>
    private static List<int> Numbers(string? list, string option, string kind, int min, int max, int? first, string firstOption)
    {
        var numbers = new List<int>();
        if (first is { } f)
        {
            numbers.Add(f);
        }

        if (string.IsNullOrWhiteSpace(list))
        {
            return numbers;
        }

        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            {
                throw new ArgumentException($"{option} takes a comma-separated list of {kind}; '{item}' is not one");
            }

            if (numbers.Contains(number))
            {
                throw new ArgumentException($"{option}: {number} is given twice (counting {firstOption})");
            }

            numbers.Add(number);
        }

        return numbers;
    }
}
