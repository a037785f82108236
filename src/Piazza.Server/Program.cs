using Piazza.Server.Hosting;

// Subcommands first, one line each (ServerCommandLine.Help lists them).
if (args is [HashPasswordCommand.Verb])
{
    return HashPasswordCommand.Run();
}

if (args is [DevCertCommand.Verb, .. var devCertArgs])
{
    return DevCertCommand.Run(devCertArgs, Console.Out, Console.Error);
}

// --help, --version, or an argument that is not a setting: answered without starting anything.
if (ServerCommandLine.Handle(args, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

// The composition root lives in PiazzaApp so that tests start the very same server in-process.
try
{
    var app = PiazzaApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.Describe(ex) is { } failure)
{
    await Console.Error.WriteLineAsync("piazza-server: " + failure.Line);
    return failure.ExitCode;
}
