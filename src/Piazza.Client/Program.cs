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

var exitCode = await parsed.InvokeAsync();
if (!Console.IsOutputRedirected)
{
    // .NET's console switches the terminal's cursor keys and keypad to application mode when it
    // starts and never switches them back (dotnet/corefx#32805), whichever mode ran (even
    // --help); shells that expect normal mode would then misread the arrow keys.
    Console.Out.Write("\u001b[?1l\u001b>");
    Console.Out.Flush();
}

return exitCode;

static Task<int> RunAsync(ClientSettings settings, CancellationToken cancellationToken)
{
    var terminal = !Console.IsInputRedirected && !Console.IsOutputRedirected;
    return terminal && !settings.ForceLineMode
        ? FullScreenClient.RunAsync(settings, cancellationToken)
        : LineModeClient.RunAsync(settings, Console.In, Console.Out, Console.Error, cancellationToken);
}
