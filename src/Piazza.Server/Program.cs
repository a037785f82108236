using Piazza.Server.Hosting;

// The composition root lives in PiazzaApp so that tests start the very same server in-process.
var app = PiazzaApp.Build(args);
await app.RunAsync();
return 0;
