using System.Globalization;
using System.Text;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Mail;
using B2BPortal.Integration.Ordering;
using B2BPortal.Integration.Pricing;
using B2BPortal.Integration.Persistence;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Bench.Ordering;

/// <summary>
/// Issue 4's speed targets on the perf data set (100,000 products, 500 companies; `dotnet run --project Portal -- seed-perf`):
/// placing a 1,000-line order end to end (re-pricing, quantity rules, approval rules with limits set, the credit check,
/// one SaveChanges with history, audit and outbox) and validating a 10,000-line CSV upload (read + check, no writes).
/// The services are registered as the Portal registers them (AddPortalDatabase, the foundation's ListPriceResolver,
/// AddPortalOrdering, the pickup-folder mailer).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OrderingBenchmarks
{
    private ServiceProvider _services = null!;
    private Actor _buyer = null!;
    private List<CartAddition> _thousandLines = [];
    private string _csv = string.Empty;

    internal IServiceProvider Services => _services;

    internal Actor Buyer => _buyer;

    internal string Csv => _csv;

    [GlobalSetup]
    public void Setup()
    {
        var source = Environment.GetEnvironmentVariable("B2BPORTAL_BENCH_DB") ?? "/tmp/b2bportal-bench/perf.db";
        if (!File.Exists(source))
        {
            throw new InvalidOperationException($"No perf database at {source}. Create it: Database__ConnectionString=\"Data Source={source}\" dotnet run --project Portal -- seed-perf");
        }

        // Work on a copy so orders placed by the benchmark never pile up in the seeded file.
        var work = Path.Combine(Path.GetDirectoryName(source)!, "perf-ordering-run.db");
        File.Copy(source, work, overwrite: true);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={work}",
            ["Mail:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "b2bportal-bench-mail"),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddPortalDatabase(configuration, Path.GetTempPath());
        services.AddPortalMail(configuration, Path.GetTempPath());
        services.AddPortalPricing();
        services.AddPortalOrdering();
        _services = services.BuildServiceProvider();

        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var user = db.Users.AsNoTracking().Single(u => u.Email == "buyer@acme.example");
        var companyId = user.CompanyId!.Value;
        _buyer = new Actor(user.Id, user.DisplayName, companyId, new HashSet<string> { "Buyer" });

        // Approval rules in place (high enough to pass), so their queries are part of the measured path.
        if (!db.SpendingLimits().Any(l => l.CompanyId == companyId))
        {
            db.SpendingLimits().Add(new SpendingLimit(companyId, user.Id, SpendingLimitKind.OrderLimit, Money.Of(100_000_000m, "EUR"), _buyer, DateTimeOffset.UtcNow));
            db.SpendingLimits().Add(new SpendingLimit(companyId, user.Id, SpendingLimitKind.MonthlyBudget, Money.Of(100_000_000_000m, "EUR"), _buyer, DateTimeOffset.UtcNow));
            db.SpendingLimits().Add(new SpendingLimit(companyId, null, SpendingLimitKind.MonthlyBudget, Money.Of(100_000_000_000m, "EUR"), _buyer, DateTimeOffset.UtcNow));
            db.SaveChanges();
        }

        var visible = db.Products.AsNoTracking().VisibleTo(db, companyId).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Sku, p.PackSize }).Take(10_000).ToList();
        _thousandLines = visible.Take(1000).Select(p => new CartAddition(p.Id, p.PackSize * 2)).ToList();

        // 10,000 lines as a buyer's spreadsheet export: mostly good rows, some duplicates, unknown SKUs,
        // pack-rule violations and bad quantities, so every outcome is exercised.
        var csv = new StringBuilder("SKU;Quantity\n");
        for (var i = 0; i < 10_000; i++)
        {
            var p = visible[i % visible.Count];
            var line = (i % 50) switch
            {
                0 => $"UNKNOWN-{i};1",
                1 => $"{p.Sku};abc",
                2 => $"{visible[0].Sku};{visible[0].PackSize.ToString(CultureInfo.InvariantCulture)}",
                3 when p.PackSize > 1 => $"{p.Sku};{(p.PackSize + 1).ToString(CultureInfo.InvariantCulture)}",
                _ => $"{p.Sku};{(p.PackSize * 3).ToString(CultureInfo.InvariantCulture)}",
            };
            csv.Append(line).Append('\n');
        }

        _csv = csv.ToString();
    }

    [IterationSetup(Target = nameof(PlaceThousandLineOrder))]
    public void FillCart()
    {
        using var scope = _services.CreateScope();
        var carts = scope.ServiceProvider.GetRequiredService<CartService>();
        carts.ClearAsync(_buyer, CancellationToken.None).GetAwaiter().GetResult();
        carts.AddManyAsync(_buyer, _thousandLines, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "Place a 1,000-line order")]
    [InvocationCount(1)]
    public async Task<string> PlaceThousandLineOrder()
    {
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PlaceOrder>()
            .ExecuteAsync(_buyer, new PlaceOrderCommand(null, "BENCH", null, null, null, null, null), CancellationToken.None);
        if (result.State != OrderState.Placed)
        {
            throw new InvalidOperationException($"Expected a placed order, got {result.State}: {result.Message}");
        }

        return result.OrderNumber;
    }

    [Benchmark(Description = "Validate a 10,000-line CSV upload")]
    public async Task<int> ValidateTenThousandLineCsv()
    {
        var bytes = Encoding.UTF8.GetBytes(_csv);
        var rows = OrderLineFileReader.ReadFile("order.csv", new MemoryStream(bytes), bytes.Length, new B2BPortal.Integration.Spreadsheets.SpreadsheetOptions());
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<OrderLineImport>()
            .ValidateAsync(_buyer.CompanyId!.Value, rows, false, CancellationToken.None);
        return result.Count(ImportOutcome.Added);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();
}
