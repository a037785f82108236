using System.CommandLine;
using System.Net;

using Piazza.Bench.Cli;
using Piazza.Bench.Protocols;
using Piazza.Bench.Scenarios;

namespace Piazza.Bench.Tests;

/// <summary>The options every scenario takes, as far as they describe the target: one server or the nodes of a cluster.</summary>
public class CommonOptionsTests
{
    [Fact]
    public void Without_more_ports_or_pids_the_target_is_one_server_as_before()
    {
        var target = TargetOf("--port 54331 --server-pid 42");

        var server = Assert.Single(target.Servers);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 54331), server);
        Assert.Equal(server, target.Server);
        Assert.Equal(server, target.ServerFor(7));
        Assert.Equal("127.0.0.1:54331", target.Endpoints);
        Assert.Equal(42, target.ServerPid);
        Assert.Empty(target.MoreServerPids);
        Assert.Equal([42], target.ServerProbe()!.Pids);
    }

    [Fact]
    public void Without_a_pid_nothing_is_measured()
    {
        Assert.Null(TargetOf("--port 54331 --more-ports 54332").ServerProbe());
    }

    [Fact]
    public void More_ports_are_further_nodes_on_the_same_host_after_the_first()
    {
        var target = TargetOf("--host 127.0.0.2 --port 54331 --more-ports 54332,54333");

        Assert.Equal([54331, 54332, 54333], target.Servers.Select(s => s.Port));
        Assert.All(target.Servers, s => Assert.Equal(IPAddress.Parse("127.0.0.2"), s.Address));
        Assert.Equal(target.Servers[0], target.Server);
        Assert.Equal("127.0.0.2:54331,127.0.0.2:54332,127.0.0.2:54333", new BenchResult("fanout", target).Get("endpoint"));
    }

    [Fact]
    public void The_first_node_is_the_protocols_default_port_when_none_is_given()
    {
        var target = TargetOf("-p irc --more-ports 6668");

        Assert.Equal([6667, 6668], target.Servers.Select(s => s.Port));
    }

    [Fact]
    public void Clients_are_spread_round_robin_over_the_nodes()
    {
        var target = TargetOf("--port 54331 --more-ports 54332,54333");

        Assert.Equal([54331, 54332, 54333, 54331, 54332, 54333, 54331], Enumerable.Range(0, 7).Select(i => target.ServerFor(i).Port));
        Assert.Equal(54332, target.ServerFor(1_000_000).Port);
        Assert.Throws<ArgumentOutOfRangeException>(() => target.ServerFor(-1));
    }

    [Fact]
    public void More_server_pids_are_measured_with_the_server_pid()
    {
        var target = TargetOf("--server-pid 10 --more-server-pids 11,12");

        Assert.Equal(10, target.ServerPid);
        Assert.Equal([11, 12], target.MoreServerPids);
        Assert.Equal([10, 11, 12], target.ServerProbe()!.Pids);
    }

    [Fact]
    public void Blank_lists_mean_none_and_spaces_are_allowed()
    {
        // A script may pass an empty variable: "--more-ports $MORE".
        var blank = TargetOf(["--port", "54331", "--more-ports", "", "--more-server-pids", " "]);
        var spaced = TargetOf(["--port", "54331", "--more-ports", "54332, 54333", "--server-pid", "10", "--more-server-pids", "11, 12"]);

        Assert.Single(blank.Servers);
        Assert.Null(blank.ServerProbe());
        Assert.Equal([54331, 54332, 54333], spaced.Servers.Select(s => s.Port));
        Assert.Equal([10, 11, 12], spaced.ServerProbe()!.Pids);
    }

    [Theory]
    [InlineData("--more-ports 0", "--more-ports takes a comma-separated list of ports (1-65535); '0' is not one")]
    [InlineData("--more-ports 65536", "'65536' is not one")]
    [InlineData("--more-ports 54332,x", "'x' is not one")]
    [InlineData("--more-ports 54332,,54333", "'' is not one")]
    [InlineData("--more-ports 54332,", "'' is not one")]
    [InlineData("--port 54331 --more-ports 54332,54331", "--more-ports: 54331 is given twice (counting --port)")]
    [InlineData("--port 70000", "--port must be 1-65535, not 70000")]
    [InlineData("--port -1", "--port must be 1-65535, not -1")]
    [InlineData("--host 10.0.0.1 --more-ports 54332", "not a loopback address")]
    [InlineData("--more-server-pids 11", "--more-server-pids adds to --server-pid")]
    [InlineData("--server-pid 0", "--server-pid must be a PID (more than 0), not 0")]
    [InlineData("--server-pid 10 --more-server-pids 11,0", "--more-server-pids takes a comma-separated list of PIDs (more than 0); '0' is not one")]
    [InlineData("--server-pid 10 --more-server-pids 11,-3", "'-3' is not one")]
    [InlineData("--server-pid 10 --more-server-pids 10", "--more-server-pids: 10 is given twice (counting --server-pid)")]
    public void Nonsense_is_refused_with_a_clear_message(string commandLine, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => TargetOf(commandLine));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_needs_a_server()
    {
        Assert.Throws<ArgumentException>(() => new Target { Protocol = new PlainProtocol(), Servers = [] });
    }

    private static Target TargetOf(string commandLine) => TargetOf(commandLine.Split(' '));

    private static Target TargetOf(string[] args)
    {
        var common = new CommonOptions();
        var command = new Command("fanout");
        common.AddTo(command);
        var parse = command.Parse(["--quiet", .. args]);
        Assert.Empty(parse.Errors);
        return common.ToTarget(parse, 4096);
    }
}
