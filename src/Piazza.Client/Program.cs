using Piazza.Client.Cli;
using Piazza.Client.LineMode;
using Piazza.Client.Tui;

// piazza [--host H] [--port P] [--nick N] [--join ROOM...]: see `piazza --help` and README.
var parsed = new ClientOptions().Build(RunAsync).Parse(args);
if (parsed.Action is System.CommandLine.Invocation.ParseErrorAction onError)
{
    // A mistyped option gets its one-line error on stderr, not the whole help on stdout.
    onError.ShowHelp = false;
}

return await parsed.InvokeAsync();

static Task<int> RunAsync(ClientSettings settings, CancellationToken cancellationToken)
{
    var terminal = !Console.IsInputRedirected && !Console.IsOutputRedirected;
    return terminal && !settings.ForceLineMode
        ? FullScreenClient.RunAsync(settings, cancellationToken)
        : LineModeClient.RunAsync(settings, Console.In, Console.Out, Console.Error, cancellationToken);
}
