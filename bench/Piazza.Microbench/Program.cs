using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process (no generated project to restore and build) and short: these machines are shared,
// so what matters is allocations and the order of magnitude, not the last nanosecond.
// Results go to the temp folder, never into the work tree.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "piazza-microbench"));
BenchmarkSwitcher.FromAssembly(typeof(Piazza.Microbench.LineParsing).Assembly).Run(args, config);
