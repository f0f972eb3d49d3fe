using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using B2BPortal.Integration.Mail;
using B2BPortal.Integration.Ordering;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Pricing;
using B2BPortal.Integration.Quotes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Bench.Quotes;

/// <summary>
/// A 500-line quote in its second version (the rep changed the price of every other line and added none), through the
/// services the Portal registers (AddPortalDatabase, AddPortalPricing, AddPortalOrdering, AddPortalQuotes, the pickup-folder
/// mailer): open it as the quote page does (load with versions, lines and breaks; the staff's margin floors; totals),
/// diff its two versions, and convert a fresh sent copy to an order (accept → placement with approval rules and the
/// credit check → one SaveChanges with history, audit and outbox). The database is seeded here: 1,000 products in one
/// catalog, one customer company, its buyer.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class QuoteBenchmarks
{
    private const int Lines = 500;

    private static readonly Actor Rep = new("bench-rep", "Bench Rep", null, new HashSet<string> { Roles.SalesRep });

    private ServiceProvider _services = null!;
    private Func<Task> _drop = null!;
    private Actor _buyer = null!;
    private List<int> _productIds = [];
    private string _opened = string.Empty;
    private Quote _loaded = null!;
    private string _toConvert = string.Empty;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark(Description = "Open a 500-line quote (load, floors, totals)")]
    public async Task<decimal> Open()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var quote = await db.QuoteForAsync(Rep, _opened, tracking: false, CancellationToken.None) ?? throw new InvalidOperationException("No quote.");
        var floors = await scope.ServiceProvider.GetRequiredService<MarginFloors>().ForAsync(quote.OwnerRepUserId, quote.Current.Lines.Select(l => l.ProductId).ToList(), CancellationToken.None);
        var version = quote.Current;
        var below = version.Lines.Count(l => l.IsBelowFloor(version.HeaderDiscountPercent, floors.GetValueOrDefault(l.ProductId)));
        return version.Total + below;
    }

    [Benchmark(Description = "Diff a 500-line quote against its previous version")]
    public int Diff() => QuoteDiff.Between(_loaded.Previous!, _loaded.Current).Count(d => d.Change != LineChange.Same);

    [IterationSetup(Target = nameof(Convert))]
    public void PrepareConversion() => _toConvert = SentQuoteAsync(revise: false).GetAwaiter().GetResult();

    [Benchmark(Description = "Convert a 500-line quote to an order")]
    [InvocationCount(1)]
    public async Task<string> Convert()
    {
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ConvertQuote>()
            .AcceptAsync(_buyer, _toConvert, 1, new PlaceOrderCommand(null, "BENCH", null, null, null, null, null), CancellationToken.None);
        return result.OrderState == OrderState.Placed ? result.OrderNumber
            : throw new InvalidOperationException($"Expected a placed order, got {result.OrderState}: {result.Message}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _drop().GetAwaiter().GetResult();
    }

    private async Task SetupAsync()
    {
        var provider = Environment.GetEnvironmentVariable("B2BPORTAL_BENCH_PROVIDER") == "PostgreSQL" ? "PostgreSQL" : "Sqlite";
        var (connectionString, drop) = await BenchDatabase.CreateAsync(provider);
        _drop = drop;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
            ["Mail:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "b2bportal-bench-mail"),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddPortalDatabase(configuration, Path.GetTempPath());
        services.AddPortalMail(configuration, Path.GetTempPath());
        services.AddPortalPricing();
        services.AddPortalQuotes(configuration);
        services.AddPortalOrdering();
        _services = services.BuildServiceProvider();

        await SeedAsync();
        _opened = await SentQuoteAsync(revise: true);
        await using var scope = _services.CreateAsyncScope();
        _loaded = (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().QuoteForAsync(Rep, _opened, tracking: false, CancellationToken.None))!;
        if (_loaded.Versions.Count != 2 || _loaded.Current.Lines.Count != Lines)
        {
            throw new InvalidOperationException("The opened quote should have two versions of 500 lines.");
        }
    }

    private async Task SeedAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = DateTimeOffset.UtcNow;
        var category = new Category("Bench", "bench");
        db.Categories.Add(category);
        await db.SaveChangesAsync();
        var catalog = new ProductCatalog("BENCH", "Bench");
        catalog.Include(category.Id);
        db.Catalogs.Add(catalog);
        for (var i = 0; i < 1000; i++)
        {
            var product = new Product(Sku.Create($"QB-{i:D5}"), $"Bench product {i}", category.Id, "PCS", Money.Of(10m + (i % 90), "EUR"));
            // Cost at half the list price, as the demo data has it: every offer below stays above the default 15 % floor.
            product.SetUnitCost((10m + (i % 90)) / 2m);
            product.ReportStock("MAIN", 100_000, now);
            db.Products.Add(product);
        }

        await db.SaveChangesAsync();
        var company = new CustomerCompany("QB0001", "Bench Quotes Ltd", "EUR");
        company.AssignCatalog(catalog.Id);
        company.AddAddress(AddressKind.Shipping, "Warehouse", "Benchstr. 1", null, "10115", "Berlin", "DE", isDefault: true);
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        var user = PortalUser.CreateBuyerSide("buyer@bench.example", "Bench Buyer", company.Id, now);
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = await db.Roles.Where(r => r.Name == Roles.Buyer).Select(r => r.Id).SingleAsync() });
        await db.SaveChangesAsync();
        _buyer = new Actor(user.Id, user.DisplayName, company.Id, new HashSet<string> { Roles.Buyer });
        _productIds = await db.Products.Where(p => p.Sku.StartsWith("QB-")).OrderBy(p => p.Id).Select(p => p.Id).Take(Lines).ToListAsync();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().RefreshStatisticsAsync(CancellationToken.None);
    }

    /// <summary>
    /// A 500-line quote requested by the buyer, priced by the rep at list price (above every floor) and sent; with
    /// <paramref name="revise"/>, sent back for a revision and sent again with every other line 2 % cheaper (version 2).
    /// </summary>
    private async Task<string> SentQuoteAsync(bool revise)
    {
        async Task<T> With<T>(Func<QuoteService, PortalDbContext, Task<T>> work)
        {
            await using var scope = _services.CreateAsyncScope();
            return await work(scope.ServiceProvider.GetRequiredService<QuoteService>(), scope.ServiceProvider.GetRequiredService<PortalDbContext>());
        }

        var until = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        var number = await With((q, _) => q.RequestAsync(_buyer, _productIds.Select(id => new RequestedLine(id, 10, null)).ToList(), "bench", CancellationToken.None));
        await Offer(number, 0m);
        if (revise)
        {
            await With(async (q, db) => await q.ActAsync(_buyer, number, await VersionAsync(db, number), QuoteTrigger.RequestRevision, "bench", null, CancellationToken.None));
            await Offer(number, 2m);
        }

        return number;

        async Task Offer(string n, decimal everyOtherDiscount)
        {
            await With(async (q, db) => await q.ActAsync(Rep, n, await VersionAsync(db, n), QuoteTrigger.StartReview, null, null, CancellationToken.None));
            await With(async (q, db) =>
            {
                var quote = (await db.QuoteForAsync(Rep, n, tracking: false, CancellationToken.None))!;
                var terms = quote.Current.Lines.Select((l, i) => new QuoteLineTerms(l.LineNumber, l.Quantity, null, l.ListPrice * (i % 2 == 0 ? 1 - everyOtherDiscount / 100m : 1m) + 1m, null, [])).ToList();
                return await q.ReviseAsync(Rep, n, quote.Version, 0m, terms, [], CancellationToken.None);
            });
            await With(async (q, db) => await q.ActAsync(Rep, n, await VersionAsync(db, n), QuoteTrigger.Send, null, until, CancellationToken.None));
        }
    }

    private static Task<int> VersionAsync(PortalDbContext db, string number) =>
        db.Quotes().AsNoTracking().Where(q => q.Number == number).Select(q => q.Version).SingleAsync();
}
