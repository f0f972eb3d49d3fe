using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace B2BPortal.Bench.Quotes;

/// <summary>
/// Issue 18's speed target: a 500-line quote opens, diffs against its previous version and converts to an order in under
/// 1 s each. In-process, bounded iterations (a shared 2-core machine). SQLite by default; for PostgreSQL set
/// B2BPORTAL_BENCH_PROVIDER=PostgreSQL and B2BPORTAL_BENCH_POSTGRES to an admin connection string (a throwaway database is
/// created and dropped). Run: dotnet run -c Release --project bench/B2BPortal.Bench.Quotes
/// </summary>
internal static class QuotesBench
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(10).WithLaunchCount(1))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkRunner.Run<QuoteBenchmarks>(config, args);
    }
}
