using System.Diagnostics;
using System.Globalization;
using B2BPortal.Domain.Catalog;
using B2BPortal.Integration.Catalog;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Server time of CatalogSearch for a buyer, measured in-process with a Stopwatch: each call runs in its own
// DI scope (pooled context), as a page request would. Usage (bench/catalog-load.sh runs it):
//   dotnet B2BPortal.Bench.dll --provider Sqlite --connection "Data Source=perf.db" [--company C10000] [--iterations 200]
var options = Args.Parse(args);
var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = options.Provider,
        ["Database:ConnectionString"] = options.Connection,
    })
    .Build();

var services = new ServiceCollection();
services.AddLogging(logging =>
{
    // --show-sql 1 prints each command EF sends (run with --iterations 1 --warmup 0), to EXPLAIN them by hand.
    if (options.ShowSql)
    {
        logging.AddSimpleConsole().AddFilter((category, level) => category == DbLoggerCategory.Database.Command.Name && level >= LogLevel.Information);
    }
});
services.AddSingleton<IConfiguration>(configuration);
services.AddSingleton(TimeProvider.System);
services.AddPortalDatabase(configuration, Directory.GetCurrentDirectory());
// The catalog page prices its 50 products for the buyer's company in one batch, as in the portal.
services.AddPortalPricing();
// Server time of a search as a first visit pays it: the count is read every time (no count cache).
services.AddCatalogSearch();
services.Configure<CatalogSearchOptions>(o => o.CountCacheSeconds = 0);
await using var provider = services.BuildServiceProvider();

if (options.Explain is { } sqlFile)
{
    // --explain file.sql: the plan of one statement, then its median time, through the same provider library the portal uses
    // (the bundled SQLite is newer than the sqlite3 command-line tool and can plan differently).
    await using var scope = provider.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
    var prefix = db.Database.IsSqlite() ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ";
    await db.Database.OpenConnectionAsync();
    await using var command = db.Database.GetDbConnection().CreateCommand();
    var sql = await File.ReadAllTextAsync(sqlFile);
    command.CommandText = prefix + sql;
    await using (var reader = await command.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
        {
            Console.WriteLine(reader.GetValue(reader.FieldCount - 1));
        }
    }

    // Then the statement itself, timed: to compare two formulations of a query on this machine.
    command.CommandText = sql;
    var runs = new double[options.Iterations];
    for (var i = -options.Warmup; i < runs.Length; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
            }
        }

        if (i >= 0)
        {
            runs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }

    Array.Sort(runs);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{runs.Length} runs: median {Percentile(runs, 50):F2} ms, p95 {Percentile(runs, 95):F2} ms"));
    return;
}

int companyId;
int categoryId;
await using (var scope = provider.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
    companyId = await db.Companies.Where(c => c.ErpCustomerNumber == options.Company).Select(c => c.Id).SingleAsync();
    var visible = await db.VisibleCategoryIdsAsync(companyId, CancellationToken.None);
    categoryId = await db.Categories.Where(c => c.ParentId != null && visible.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    var sample = await db.Products.VisibleTo(db, companyId).OrderBy(p => p.Id).Select(p => p.Sku).Skip(1234).FirstAsync();
    options.Sku = sample;
}

var cases = new (string Name, CatalogSearchRequest Request)[]
{
    ("empty (name order)", new CatalogSearchRequest()),
    ("empty, page 40", new CatalogSearchRequest(Page: 40)),
    ($"SKU exact {options.Sku}", new CatalogSearchRequest(options.Sku)),
    ($"SKU prefix {options.Sku[..6]}", new CatalogSearchRequest(options.Sku[..6])),
    ("name word 'grinder'", new CatalogSearchRequest("grinder")),
    ("two words 'premium wrench'", new CatalogSearchRequest("premium wrench")),
    ("broad word 'premium'", new CatalogSearchRequest("premium")),
    ("category + in stock", new CatalogSearchRequest(CategoryId: categoryId, InStockOnly: true)),
    ("sorted by price", new CatalogSearchRequest(Sort: CatalogSort.PriceAscending)),
    ("word + price desc", new CatalogSearchRequest("stainless", Sort: CatalogSort.PriceDescending)),
    ("broad word + price asc 'premium'", new CatalogSearchRequest("premium", Sort: CatalogSort.PriceAscending)),
    // The forgiving search (docs/decisions/0012): a typo answered by its correction (two searches), a SKU typed
    // without separators, a British spelling, a demo synonym.
    ("typo 'grindr' (corrected)", new CatalogSearchRequest("grindr")),
    ($"SKU key {options.Sku.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()}", new CatalogSearchRequest(options.Sku.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant())),
    ("British 'galvanised'", new CatalogSearchRequest("galvanised")),
    ("synonym 'schraube'", new CatalogSearchRequest("schraube")),
};

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CatalogSearch server time, {options.Provider}, company {options.Company} (id {companyId}), {options.Iterations} runs each after {options.Warmup} warm-up runs"));
Console.WriteLine($"{"query",-34} {"results",9} {"median ms",10} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
var medians = new List<double>();
foreach (var (name, request) in cases)
{
    CatalogPage? last = null;
    for (var i = 0; i < options.Warmup; i++)
    {
        last = await RunAsync(request);
    }

    var times = new double[options.Iterations];
    for (var i = 0; i < options.Iterations; i++)
    {
        var started = Stopwatch.GetTimestamp();
        last = await RunAsync(request);
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Array.Sort(times);
    medians.Add(Percentile(times, 50));
    var results = last!.CountIsCapped ? $">{last.TotalCount}" : last.TotalCount.ToString(CultureInfo.InvariantCulture);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {results,9} {Percentile(times, 50),10:F2} {Percentile(times, 95),8:F2} {Percentile(times, 99),8:F2} {times[^1],8:F2}"));
}

medians.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median of the query medians: {medians[medians.Count / 2]:F2} ms; slowest query median: {medians[^1]:F2} ms"));

async Task<CatalogPage> RunAsync(CatalogSearchRequest request)
{
    await using var scope = provider.CreateAsyncScope();
    return await scope.ServiceProvider.GetRequiredService<CatalogSearch>().SearchAsync(companyId, request, CancellationToken.None);
}

static double Percentile(double[] sorted, int percent) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];

internal sealed class Args
{
    public string Provider { get; private set; } = "Sqlite";

    public string Connection { get; private set; } = "Data Source=perf.db";

    public string Company { get; private set; } = "C10000";

    public int Iterations { get; private set; } = 200;

    public int Warmup { get; private set; } = 20;

    public string Sku { get; set; } = string.Empty;

    public bool ShowSql { get; private set; }

    public string? Explain { get; private set; }

    public static Args Parse(string[] args)
    {
        var result = new Args();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--provider": result.Provider = value; break;
                case "--connection": result.Connection = value; break;
                case "--company": result.Company = value; break;
                case "--iterations": result.Iterations = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--explain": result.Explain = value; break;
                case "--show-sql": result.ShowSql = value is "1" or "true"; break;
                case "--warmup": result.Warmup = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Options: --provider, --connection, --company, --iterations, --warmup, --show-sql, --explain.");
            }
        }

        return result;
    }
}
