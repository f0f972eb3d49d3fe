using System.Data.Common;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace B2BPortal.Tests.Pricing;

/// <summary>
/// A small pricing world in a real database: one category, products P-1…P-n (list price 100 EUR), customers C1 (EUR),
/// C2 (EUR) and CH (CHF), a group G with C1. Tests add the lists they talk about.
/// </summary>
public sealed class PricingWorld : IAsyncDisposable
{
    private PricingWorld(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public CommandCounter Commands { get; } = new();

    public Dictionary<string, int> Products { get; } = [];

    public int C1 { get; private set; }

    public int C2 { get; private set; }

    public int Chf { get; private set; }

    public int GroupG { get; private set; }

    public static async Task<PricingWorld> CreateAsync(DatabaseProvider provider, int products = 5)
    {
        var world = new PricingWorld(await TestDatabase.CreateAsync(provider));
        await using var db = world.Context();
        var category = new Category("Things", "things");
        db.Categories.Add(category);
        await db.SaveChangesAsync();
        for (var i = 1; i <= products; i++)
        {
            db.Products.Add(new Product(Sku.Create($"P-{i}"), $"Product {i}", category.Id, "PCS", Money.Of(100m, "EUR")));
        }

        var c1 = new CustomerCompany("C1", "Customer One", "EUR");
        var c2 = new CustomerCompany("C2", "Customer Two", "EUR");
        var chf = new CustomerCompany("CH", "Swiss Customer", "CHF");
        db.Companies.AddRange(c1, c2, chf);
        await db.SaveChangesAsync();
        var group = new CustomerGroup("G", "Group G");
        group.Add(c1.Id);
        db.Add(group);
        await db.SaveChangesAsync();
        world.C1 = c1.Id;
        world.C2 = c2.Id;
        world.Chf = chf.Id;
        world.GroupG = group.Id;
        foreach (var p in await db.Products.Select(p => new { p.Id, p.Sku }).ToListAsync())
        {
            world.Products[p.Sku] = p.Id;
        }

        return world;
    }

    /// <summary>A context over the test database that counts the SQL commands it sends.</summary>
    public HostedPortalDbContext Context() => Database.Provider switch
    {
        DatabaseProvider.Sqlite => new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(Database.ConnectionString).AddInterceptors(Commands).Options),
        DatabaseProvider.SqlServer => new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>().UseSqlServer(Database.ConnectionString).AddInterceptors(Commands).Options),
        _ => new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(Database.ConnectionString).AddInterceptors(Commands).Options),
    };

    /// <summary>Adds a list with tiers (SKU, from quantity, price) and assigns it to a company or group when given.</summary>
    public async Task<int> ListAsync(string code, PriceListLevel level, int priority, string currency, (string Sku, decimal Min, decimal Price)[] tiers,
        int? company = null, int? group = null, DateOnly? from = null, DateOnly? to = null, DateOnly? assignedFrom = null, DateOnly? assignedTo = null)
    {
        await using var db = Context();
        var list = new PriceList(code, code + " list", currency, level, priority, from, to);
        foreach (var (sku, min, price) in tiers)
        {
            list.SetTier(Products[sku], min, price, null);
        }

        db.Add(list);
        await db.SaveChangesAsync();
        if (company is not null || group is not null)
        {
            db.Add(PriceListAssignment.Create(list, company, group, assignedFrom, assignedTo, []));
            await db.SaveChangesAsync();
        }

        return list.Id;
    }

    public async Task<IReadOnlyDictionary<int, ResolvedPrice>> ResolveAsync(int company, DateOnly date, params (string Sku, decimal Qty)[] lines)
    {
        await using var db = Context();
        return await new TieredPriceResolver(db).ResolveAsync(company, lines.Select(l => new PriceRequest(Products[l.Sku], l.Qty)).ToList(), date, CancellationToken.None);
    }

    /// <summary>One unit of each product, as a catalog page prices it: with the list price and unit it has just read.</summary>
    public async Task<IReadOnlyDictionary<int, ResolvedPrice>> ResolveListedAsync(int company, DateOnly date, params string[] skus)
    {
        await using var db = Context();
        var listed = await db.Products.Where(p => skus.Contains(p.Sku))
            .Select(p => new ListedProduct(p.Id, p.Sku, new Money(p.ListPrice.Amount, p.ListPrice.Currency), p.UnitOfMeasure))
            .ToListAsync();
        Commands.Reset();
        return await new TieredPriceResolver(db).ResolveListedAsync(company, listed, date, CancellationToken.None);
    }

    public async Task<ResolvedPrice?> PriceAsync(int company, string sku, decimal qty, DateOnly date) =>
        (await ResolveAsync(company, date, (sku, qty))).GetValueOrDefault(Products[sku]);

    public ValueTask DisposeAsync() => Database.DisposeAsync();

    public sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => _count;

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
