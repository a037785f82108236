using Piazza.Bench.Cli;

// piazza-bench SCENARIO [options]: see `piazza-bench --help` and docs/benchmarks.md.
return await BenchCommands.Build().Parse(args).InvokeAsync();
