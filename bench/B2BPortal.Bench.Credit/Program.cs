using B2BPortal.Bench.Credit;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process, bounded iterations (a shared 2-core machine). SQLite by default; for PostgreSQL set
// B2BPORTAL_BENCH_PROVIDER=PostgreSQL and B2BPORTAL_BENCH_PG to a connection string of an empty database.
// Run: dotnet run -c Release --project bench/B2BPortal.Bench.Credit
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(20).WithLaunchCount(1))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkRunner.Run<CreditCheckBenchmarks>(config, args);
