using System.Diagnostics;
using B2BPortal.Bench.Pricing;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/B2BPortal.Bench.Pricing -- --filter '*'   (run.sh loads the perf data first)
// `-- quick [n]` runs each pricing benchmark n times (default 40) and prints the median wall time and the mean CPU time
// of the process per operation: on a shared machine the CPU time shows the work, the wall time also the waiting.
if (args is ["quick", ..])
{
    var n = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40;
    var bench = new PricingBenchmarks();
    bench.Setup();
    foreach (var (name, run) in new (string, Func<Task<int>>)[]
    {
        ("1,000-line cart", bench.PriceCart),
        ("50-line catalog page prices", bench.PricePage),
        ("catalog page of 50 (search + prices + count)", bench.CatalogPage),
    })
    {
        for (var i = 0; i < 5; i++)
        {
            await run();
        }

        var walls = new List<double>();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        for (var i = 0; i < n; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            walls.Add(watch.Elapsed.TotalMilliseconds);
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / n;
        walls.Sort();
        Console.WriteLine($"{name}: median {walls[n / 2]:0.0} ms wall, min {walls[0]:0.0} ms, CPU {cpu:0.0} ms/op (n={n})");
    }

    bench.Cleanup();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(PricingBenchmarks).Assembly).Run(args);
