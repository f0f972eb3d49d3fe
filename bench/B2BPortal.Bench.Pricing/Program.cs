using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/B2BPortal.Bench.Pricing -- --filter '*'   (run.sh loads the perf data first)
BenchmarkSwitcher.FromAssembly(typeof(B2BPortal.Bench.Pricing.PricingBenchmarks).Assembly).Run(args);
