using System.CommandLine;

using Piazza.Bench.Report;

using Piazza.Bench.Scenarios;

namespace Piazza.Bench.Cli;

/// <summary>The command line: one subcommand per scenario, plus report.</summary>
internal static class BenchCommands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("piazza-bench: measures Piazza and other chat servers (IRC, Redis pub/sub, the seed) the same way, on loopback.");
        root.Subcommands.Add(Fanout());
        root.Subcommands.Add(Rooms());
        root.Subcommands.Add(Saturate());
        root.Subcommands.Add(Conns());
        root.Subcommands.Add(Churn());
        root.Subcommands.Add(ReportCommand.Build());
        return root;
    }

    private static Command Fanout()
    {
        var command = new Command("fanout", "C clients in one room, S of them sending at a total rate R for T seconds: loss, order, latency, server CPU per delivery");
        var common = new CommonOptions();
        common.AddTo(command);
        var clients = Int(command, "--clients", "clients in the room", 100);
        var senders = Int(command, "--senders", "how many of them send", 10);
        var rate = Double(command, "--rate", "messages per second offered, all senders together", 1000);
        var duration = Double(command, "--duration", "seconds of sending, once everyone has joined", 10);
        var drain = Double(command, "--drain-limit", "most seconds to wait afterwards for deliveries on their way", 10);
        var warmup = Double(command, "--warmup", "seconds of unmeasured sending first (JIT, buffers)", 2);
        command.SetAction((parse, cancel) => ScenarioRunner.RunAsync(parse, common, 16 * 1024, (target, token) =>
            TrafficScenario.RunAsync("fanout", target, new TrafficSettings
            {
                Clients = parse.GetValue(clients),
                RoomSize = parse.GetValue(clients),
                SendersPerRoom = parse.GetValue(senders),
                Rate = parse.GetValue(rate),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                DrainLimit = TimeSpan.FromSeconds(parse.GetValue(drain)),
                Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
            }, token), cancel));
        return command;
    }

    private static Command Rooms()
    {
        var command = new Command("rooms", "many small rooms (e.g. 10,000 clients in 2,000 rooms), some members of each sending: the same figures as fanout");
        var common = new CommonOptions();
        common.AddTo(command);
        var clients = Int(command, "--clients", "clients in all", 10_000);
        var roomSize = Int(command, "--room-size", "members per room", 5);
        var senders = Int(command, "--senders-per-room", "senders in each room", 1);
        var rate = Double(command, "--rate", "messages per second offered, all senders together", 2000);
        var duration = Double(command, "--duration", "seconds of sending, once everyone has joined", 10);
        var drain = Double(command, "--drain-limit", "most seconds to wait afterwards for deliveries on their way", 10);
        var warmup = Double(command, "--warmup", "seconds of unmeasured sending first (JIT, buffers)", 2);
        command.SetAction((parse, cancel) => ScenarioRunner.RunAsync(parse, common, 4096, (target, token) =>
            TrafficScenario.RunAsync("rooms", target, new TrafficSettings
            {
                Clients = parse.GetValue(clients),
                RoomSize = parse.GetValue(roomSize),
                SendersPerRoom = parse.GetValue(senders),
                Rate = parse.GetValue(rate),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                DrainLimit = TimeSpan.FromSeconds(parse.GetValue(drain)),
                Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
            }, token), cancel));
        return command;
    }

    private static Command Saturate()
    {
        var command = new Command("saturate", "one room, the offered rate raised step by step until deliveries stop growing, loss appears or p99 passes a limit");
        var common = new CommonOptions();
        common.AddTo(command);
        var clients = Int(command, "--clients", "clients in the room", 100);
        var senders = Int(command, "--senders", "how many of them send", 10);
        var start = Double(command, "--start-rate", "messages per second offered in the first step", 2000);
        var factor = Double(command, "--step-factor", "each step offers this many times the last", 1.5);
        var step = Double(command, "--step-duration", "seconds of sending per step", 4);
        var steps = Int(command, "--max-steps", "the most steps", 10);
        var p99 = Double(command, "--max-p99-ms", "a step whose p99 passes this has broken", 100);
        var loss = Double(command, "--max-loss", "a step losing more than this share has broken", 0.001);
        command.SetAction((parse, cancel) => ScenarioRunner.RunAsync(parse, common, 16 * 1024, (target, token) =>
            SaturateScenario.RunAsync(target, new SaturateSettings
            {
                Clients = parse.GetValue(clients),
                Senders = parse.GetValue(senders),
                StartRate = parse.GetValue(start),
                StepFactor = Math.Max(1.01, parse.GetValue(factor)),
                StepDuration = TimeSpan.FromSeconds(parse.GetValue(step)),
                MaxSteps = Math.Clamp(parse.GetValue(steps), 1, 200),
                MaxP99Milliseconds = parse.GetValue(p99),
                MaxLoss = parse.GetValue(loss),
            }, token), cancel));
        return command;
    }

    private static Command Conns()
    {
        var command = new Command("conns", "K idle registered clients: connect rate, failures, server memory per connection, and the server's memory 2 s after they close and again --later seconds after");
        var common = new CommonOptions();
        common.AddTo(command);
        var clients = Int(command, "--clients", "idle clients to open", 10_000);
        var hold = Double(command, "--hold", "seconds to keep them open, measuring idle server CPU", 5);
        var later = Double(command, "--later", "seconds after the close to read the server's memory a second time (what it gave back on its own by then); 0: no second reading", 10);
        command.SetAction((parse, cancel) => ScenarioRunner.RunAsync(parse, common, 2048, (target, token) =>
            ConnsScenario.RunAsync(target, new ConnsSettings
            {
                Clients = parse.GetValue(clients),
                Hold = TimeSpan.FromSeconds(parse.GetValue(hold)),
                Later = TimeSpan.FromSeconds(parse.GetValue(later)),
            }, token), cancel));
        return command;
    }

    private static Command Churn()
    {
        var command = new Command("churn", "sessions that connect, register, join, say one line and quit: sessions per second and errors");
        var common = new CommonOptions();
        common.AddTo(command);
        var concurrency = Int(command, "--concurrency", "sessions under way at once", 50);
        var rate = Double(command, "--rate", "sessions started per second (0: as fast as the concurrency allows)", 0);
        var duration = Double(command, "--duration", "seconds to start new sessions for", 10);
        var sessions = Int(command, "--sessions", "the most sessions (0: only the duration limits)", 0);
        var warmup = Double(command, "--warmup", "seconds of unmeasured sessions first (a JIT server compiles its session code meanwhile); 0: none", 0);
        command.SetAction((parse, cancel) => ScenarioRunner.RunAsync(parse, common, 4096, (target, token) =>
            ChurnScenario.RunAsync(target, new ChurnSettings
            {
                Concurrency = Math.Max(1, parse.GetValue(concurrency)),
                Rate = parse.GetValue(rate),
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                Sessions = parse.GetValue(sessions),
                Warmup = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(warmup))),
            }, token), cancel));
        return command;
    }

    private static Option<int> Int(Command command, string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        command.Options.Add(option);
        return option;
    }

    private static Option<double> Double(Command command, string name, string description, double defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        command.Options.Add(option);
        return option;
    }
}
