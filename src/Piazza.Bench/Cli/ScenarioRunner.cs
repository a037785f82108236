using System.CommandLine;

using Piazza.Bench.Net;
using Piazza.Bench.Scenarios;

namespace Piazza.Bench.Cli;

/// <summary>Runs one scenario from the command line: limits, the time bound, and where the result goes.</summary>
internal static class ScenarioRunner
{
    public static async Task<int> RunAsync(
        ParseResult parse,
        CommonOptions common,
        int defaultReceiveBuffer,
        Func<Target, CancellationToken, Task<BenchResult>> scenario,
        CancellationToken cancel)
    {
        Target target;
        try
        {
            target = common.ToTarget(parse, defaultReceiveBuffer);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync("piazza-bench: " + ex.Message);
            return 2;
        }

        var files = FileLimit.RaiseToHard();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        bounded.CancelAfter(TimeSpan.FromSeconds(parse.GetValue(common.MaxSeconds)));
        target.Progress?.WriteLine($"piazza-bench: {parse.CommandResult.Command.Name} against {target.ServerLabel} ({target.Protocol.Name}) at {target.Endpoints}; open files up to {files}");

        BenchResult result;
        try
        {
            result = await scenario(target, bounded.Token);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested)
        {
            result = new BenchResult(parse.CommandResult.Command.Name, target)
                .Fail(cancel.IsCancellationRequested ? "interrupted" : $"stopped after --max-seconds {parse.GetValue(common.MaxSeconds)}");
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or Protocols.ProtocolException or IOException or TimeoutException)
        {
            result = new BenchResult(parse.CommandResult.Command.Name, target).Fail(ex.Message);
        }

        await Console.Out.WriteAsync(result.ToTable());
        var json = result.ToJsonLine();
        await Console.Out.WriteLineAsync(json);
        if (parse.GetValue(common.JsonOut) is { } file)
        {
            await File.AppendAllTextAsync(file.FullName, json + Environment.NewLine, CancellationToken.None);
        }

        return result.Succeeded ? 0 : 1;
    }
}
