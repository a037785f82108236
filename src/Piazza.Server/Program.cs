using Piazza.Server.Hosting;

if (args is [HashPasswordCommand.Verb])
{
    return HashPasswordCommand.Run();
}

// The composition root lives in PiazzaApp so that tests start the very same server in-process.
try
{
    var app = PiazzaApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.Describe(ex) is { } reason)
{
    await Console.Error.WriteLineAsync("piazza-server: " + reason);
    return 1;
}
