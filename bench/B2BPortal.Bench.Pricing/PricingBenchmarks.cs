using System.Globalization;
using System.Text;
using B2BPortal.Domain.Catalog;
using B2BPortal.Integration.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Pricing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Bench.Pricing;

/// <summary>
/// The pricing targets on the perf data set (100,000 products, 500 companies, 1,000 price lists; C10000 has five
/// lists that apply): a 1,000-line cart, a catalog page of 50 priced products, and a 100,000-row CSV import.
/// The database is the file named by B2BPORTAL_BENCH_DB (default /tmp/b2bportal-perf.db), loaded with
/// <c>dotnet run --project Portal -- seed-perf</c> (see run.sh).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PricingBenchmarks
{
    private ServiceProvider _services = null!;
    private int _companyId;
    private List<PriceRequest> _cart = null!;
    private List<PriceRequest> _page = null!;
    private DateOnly _today;

    public static string DatabasePath => Environment.GetEnvironmentVariable("B2BPORTAL_BENCH_DB") ?? "/tmp/b2bportal-perf.db";

    [GlobalSetup]
    public void Setup()
    {
        _services = Services.Create(DatabasePath);
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        _companyId = db.Companies.Where(c => c.ErpCustomerNumber == "C10000").Select(c => c.Id).Single();
        _today = DateOnly.FromDateTime(DateTime.UtcNow);

        // A cart of 1,000 products the company has lists for (its contract, customer list and group lists overlap there),
        // with quantities across the tiers.
        var ids = db.Products.OrderBy(p => p.Id).Select(p => p.Id).Take(1000).ToList();
        _cart = ids.Select((id, i) => new PriceRequest(id, 1 + (i % 7) * 13)).ToList();
        _page = ids.Take(50).Select(id => new PriceRequest(id, 1)).ToList();
        var applicable = db.Set<PriceList>().Count(l => l.Level == PriceListLevel.Base && l.Currency == "EUR")
            + db.Set<PriceListAssignment>().Count(a => a.CompanyId == _companyId && db.Set<PriceList>().Any(l => l.Id == a.PriceListId && (l.ValidFrom == null || l.ValidFrom <= _today) && (l.ValidTo == null || l.ValidTo >= _today)))
            + db.Set<PriceListAssignment>().Count(a => a.GroupId != null && db.Set<CustomerGroupMember>().Any(m => m.GroupId == a.GroupId && m.CompanyId == _companyId));
        Console.WriteLine($"// perf set: {db.Products.Count():N0} products, {db.Set<PriceList>().Count():N0} price lists, {db.Set<PriceListEntry>().Count():N0} tiers; C10000 has {applicable} applicable lists");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "Price a 1,000-line cart (C10000, 5 lists)")]
    public async Task<int> PriceCart()
    {
        await using var scope = _services.CreateAsyncScope();
        var prices = await scope.ServiceProvider.GetRequiredService<IPriceResolver>().ResolveAsync(_companyId, _cart, _today, CancellationToken.None);
        return prices.Count;
    }

    [Benchmark(Description = "Price the 50 lines of a catalog page")]
    public async Task<int> PricePage()
    {
        await using var scope = _services.CreateAsyncScope();
        var prices = await scope.ServiceProvider.GetRequiredService<IPriceResolver>().ResolveAsync(_companyId, _page, _today, CancellationToken.None);
        return prices.Count;
    }

    [Benchmark(Description = "Catalog page of 50 priced products (search + prices + count)")]
    public async Task<int> CatalogPage()
    {
        await using var scope = _services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<CatalogSearch>()
            .SearchAsync(_companyId, new CatalogSearchRequest(Sort: CatalogSort.Name, Page: 3, PageSize: 50), CancellationToken.None);
        return page.Items.Count;
    }
}

/// <summary>Importing a 100,000-row CSV into a new list: a cold, one-shot job per iteration (each run imports into an empty list).</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
[MedianColumn]
public class PriceImportBenchmark
{
    private ServiceProvider _services = null!;
    private byte[] _csv = [];
    private int _listId;

    [GlobalSetup]
    public void Setup()
    {
        _services = Services.Create(PricingBenchmarks.DatabasePath);
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var skus = db.Products.OrderBy(p => p.Id).Select(p => new { p.Sku, Price = p.ListPrice.Amount }).Take(100_000).ToList();
        var csv = new StringBuilder("Sku,MinQuantity,UnitPrice,Currency\n");
        foreach (var p in skus)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{p.Sku},1,{Math.Max(0.01m, decimal.Round(p.Price * 0.93m, 2))},EUR\n");
        }

        _csv = Encoding.UTF8.GetBytes(csv.ToString());
        Console.WriteLine($"// import file: {skus.Count:N0} rows, {_csv.Length / 1024.0 / 1024.0:0.0} MB");
    }

    [IterationSetup]
    public void NewList()
    {
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var list = new PriceList("BENCH-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), "Import benchmark", "EUR", PriceListLevel.Base, 0, new DateOnly(2000, 1, 1), new DateOnly(2000, 1, 1));
        db.Add(list);
        db.SaveChanges();
        _listId = list.Id;
    }

    [IterationCleanup]
    public void DropList()
    {
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.Set<PriceList>().Where(l => l.Id == _listId).ExecuteDelete();
    }

    [Benchmark(Description = "Import a 100,000-row CSV (all or nothing)")]
    public async Task<int> Import()
    {
        await using var scope = _services.CreateAsyncScope();
        using var content = new MemoryStream(_csv);
        var report = await scope.ServiceProvider.GetRequiredService<PriceListImporter>()
            .ImportAsync(_listId, "bench.csv", content, _csv.Length, ImportMode.AllOrNothing, Actor.System("bench"), CancellationToken.None);
        return report.Applied ? report.Added : throw new InvalidOperationException(report.Summary);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();
}

public static class Services
{
    public static ServiceProvider Create(string databasePath, LogLevel level = LogLevel.Warning)
    {
        if (!File.Exists(databasePath))
        {
            throw new InvalidOperationException($"No perf database at {databasePath}: run bench/B2BPortal.Bench.Pricing/run.sh (it loads it with `dotnet run --project Portal -- seed-perf`).");
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={databasePath}",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(level).AddSimpleConsole());
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddPortalDatabase(configuration, Path.GetTempPath());
        services.AddPortalPricing();
        services.AddCatalogSearch();
        return services.BuildServiceProvider();
    }
}
