using B2BPortal.Bench.Ordering;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: the benchmark opens a copy of the seeded SQLite file; a bounded number of iterations keeps a run short
// on a shared 2-core machine. Run: dotnet run -c Release --project bench/B2BPortal.Bench.Ordering
if (args.Contains("profile"))
{
    var bench = new OrderingBenchmarks();
    bench.Setup();
    await Profile.RunAsync(bench, bench.Services, bench.Buyer, bench.Csv);
    return;
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(15).WithLaunchCount(1))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkRunner.Run<OrderingBenchmarks>(config, args);
