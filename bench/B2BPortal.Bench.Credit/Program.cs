using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace B2BPortal.Bench.Credit;

/// <summary>
/// The credit check (default): in-process, bounded iterations (a shared 2-core machine). SQLite by default; for
/// PostgreSQL set B2BPORTAL_BENCH_PROVIDER=PostgreSQL and B2BPORTAL_BENCH_PG to a connection string of an empty database.
/// Run: dotnet run -c Release --project bench/B2BPortal.Bench.Credit
/// The AR ageing bench (page and exports through the real Portal): … -- ageing [sqlite|postgres|both] (AgeingBench.cs).
/// An explicit class, not top-level statements: AgeingBench hosts the Portal, whose Program must stay the only one.
/// </summary>
internal static class CreditBench
{
    public static async Task Main(string[] args)
    {
        if (args.FirstOrDefault() == "ageing")
        {
            await AgeingBench.RunAsync(args[1..]);
            return;
        }

        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(20).WithLaunchCount(1))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkRunner.Run<CreditCheckBenchmarks>(config, args);
    }
}
