using System.CommandLine;
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

    public Option<int?> ServerPid { get; } = new("--server-pid")
    {
        Description = "the server's PID: its CPU time and memory are read from /proc",
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
        foreach (var option in new Option[] { Protocol, Host, Port, ServerPid, ServerLabel, Case, SourceAddresses, ConnectConcurrency, ConnectTimeout, ConnectTimeLimit, PayloadBytes, ReceiveBuffer, JsonOut, Quiet, MaxSeconds })
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

        var payload = parse.GetValue(PayloadBytes);
        if (payload is < Measure.Payload.HeaderBytes or > Measure.Payload.MaxBytes)
        {
            throw new ArgumentException($"--payload-bytes must be {Measure.Payload.HeaderBytes}-{Measure.Payload.MaxBytes}");
        }

        return new Target
        {
            Protocol = protocol,
            Server = new IPEndPoint(address, port),
            ServerPid = parse.GetValue(ServerPid),
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
}
