using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Ordering;
using B2BPortal.Integration.Pricing;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace B2BPortal.Tests.Ordering;

/// <summary>
/// A small real database for ordering tests: two companies (A sees the "Tools" catalog, B the "Cleaning" one),
/// products with pack sizes and stock, buyers and buyer admins, and the ordering services wired as the Portal wires them
/// (the foundation's ListPriceResolver, the real CreditControl unless a test swaps it, a mailer that keeps what it sends).
/// </summary>
public sealed class OrderingWorld : IAsyncDisposable
{
    private OrderingWorld(TestDatabase database, ServiceProvider services, FakeTimeProvider clock, RecordingMailer mailer)
    {
        Database = database;
        Services = services;
        Clock = clock;
        Mailer = mailer;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    public RecordingMailer Mailer { get; }

    public int CompanyA { get; private set; }

    public int CompanyB { get; private set; }

    public int ShipToA { get; private set; }

    public Actor BuyerA { get; private set; } = null!;

    public Actor SecondBuyerA { get; private set; } = null!;

    public Actor AdminA { get; private set; } = null!;

    public Actor BuyerB { get; private set; } = null!;

    public static readonly Actor Accountant = new("staff-accountant", "Anna Accountant", null, new HashSet<string> { Roles.Accountant });

    public static readonly Actor SalesRep = new("staff-rep", "Sam Salesrep", null, new HashSet<string> { Roles.SalesRep });

    /// <summary>Bolts: pack of 12, 100 in stock, EUR 0.50.</summary>
    public const string Bolts = "BOLT-M8";

    /// <summary>Hammer: any quantity, 5 in stock, EUR 19.90.</summary>
    public const string Hammer = "HAMMER-500";

    /// <summary>Not in stock at all.</summary>
    public const string Drill = "DRILL-18V";

    /// <summary>Only in company B's catalog.</summary>
    public const string Mop = "MOP-01";

    public static async Task<OrderingWorld> CreateAsync(DatabaseProvider provider, Action<IServiceCollection>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        var mailer = new RecordingMailer();
        var services = database.CreateServices(s =>
        {
            s.AddPortalPricing();
            s.AddSingleton<IMailer>(mailer);
            configure?.Invoke(s);
            s.AddPortalOrdering();
        }, clock);
        var world = new OrderingWorld(database, services, clock, mailer);
        await world.SeedAsync();
        return world;
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider);
    }

    public async Task WithAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = Scope();
        await work(scope.ServiceProvider);
    }

    /// <summary>
    /// What InvoiceSync does when the ERP posts (or changes) an invoice naming the order: stores the ERP's view of it in
    /// the order's company, then tells the order. Without an amount the invoice bills what it billed before, or else the
    /// whole order; tax is 19 %.
    /// </summary>
    public async Task InvoiceAsync(string orderNumber, string invoiceNumber, decimal? totalExcludingTax = null, InvoiceStatus status = InvoiceStatus.Open, int minutesLater = 0)
    {
        await using (var db = Database.CreateContext())
        {
            var order = await db.Orders().AsNoTracking().SingleAsync(o => o.Number == orderNumber);
            var invoice = await db.Invoices.SingleOrDefaultAsync(i => i.Number == invoiceNumber);
            if (invoice is null)
            {
                invoice = new Invoice("erp-" + invoiceNumber, invoiceNumber, order.CompanyId);
                db.Invoices.Add(invoice);
            }

            var net = Money.Of(totalExcludingTax ?? (invoice.ErpModifiedAt == default ? order.Total : invoice.TotalExcludingTax).Amount, order.Total.Currency);
            var gross = (net * 1.19m).RoundToCents();
            var today = Clock.Today();
            invoice.ApplyErp(order.CompanyId, orderNumber, today, today.AddDays(30), net, gross, status == InvoiceStatus.Open ? gross : Money.Zero(gross.Currency), status,
                Clock.GetUtcNow().AddMinutes(minutesLater));
            await db.SaveChangesAsync();
        }

        await WithAsync(sp => sp.GetRequiredService<IOrderStatusUpdates>().InvoicesChangedAsync(orderNumber, Clock.GetUtcNow().AddMinutes(minutesLater), CancellationToken.None));
    }

    public async Task<int> ProductIdAsync(string sku)
    {
        await using var db = Database.CreateContext();
        return db.Products.Single(p => p.Sku == sku).Id;
    }

    private async Task SeedAsync()
    {
        await using var db = Database.CreateContext();
        var now = Clock.GetUtcNow();
        var tools = new Category("Tools", "tools");
        var cleaning = new Category("Cleaning", "cleaning");
        db.Categories.AddRange(tools, cleaning);
        await db.SaveChangesAsync();

        var toolsCatalog = new ProductCatalog("TOOLS", "Tools");
        toolsCatalog.Include(tools.Id);
        var cleaningCatalog = new ProductCatalog("CLEAN", "Cleaning");
        cleaningCatalog.Include(cleaning.Id);
        db.Catalogs.AddRange(toolsCatalog, cleaningCatalog);

        var bolts = new Product(Sku.Create(Bolts), "Hex bolt M8", tools.Id, "PCS", Money.Of(0.50m, "EUR"));
        bolts.SetPackSize(12);
        bolts.ReportStock("MAIN", 100, now);
        var hammer = new Product(Sku.Create(Hammer), "Claw hammer 500 g", tools.Id, "PCS", Money.Of(19.90m, "EUR"));
        hammer.ReportStock("MAIN", 5, now);
        var drill = new Product(Sku.Create(Drill), "Cordless drill 18 V", tools.Id, "PCS", Money.Of(149m, "EUR"));
        var mop = new Product(Sku.Create(Mop), "Flat mop", cleaning.Id, "PCS", Money.Of(9.5m, "EUR"));
        db.Products.AddRange(bolts, hammer, drill, mop);
        await db.SaveChangesAsync();

        var a = new CustomerCompany("C10000", "Acme", "EUR");
        a.AssignCatalog(toolsCatalog.Id);
        a.AddAddress(AddressKind.Shipping, "Warehouse", "Hafenstr. 1", null, "20457", "Hamburg", "DE", isDefault: true);
        var b = new CustomerCompany("C20000", "Borealis", "EUR");
        b.AssignCatalog(cleaningCatalog.Id);
        b.AddAddress(AddressKind.Shipping, "Depot", "Nordweg 2", null, "24103", "Kiel", "DE", isDefault: true);
        db.Companies.AddRange(a, b);
        await db.SaveChangesAsync();
        CompanyA = a.Id;
        CompanyB = b.Id;
        ShipToA = a.Addresses.Single().Id;

        foreach (var role in Roles.All)
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
        }

        await db.SaveChangesAsync();
        BuyerA = await UserAsync(db, "buyer@a.example", "Alice Buyer", Roles.Buyer, a.Id, now);
        SecondBuyerA = await UserAsync(db, "second@a.example", "Albert Buyer", Roles.Buyer, a.Id, now);
        AdminA = await UserAsync(db, "admin@a.example", "Arthur Admin", Roles.BuyerAdmin, a.Id, now);
        BuyerB = await UserAsync(db, "buyer@b.example", "Bianca Buyer", Roles.Buyer, b.Id, now);
    }

    private static async Task<Actor> UserAsync(PortalDbContext db, string email, string name, string role, int companyId, DateTimeOffset now)
    {
        var user = PortalUser.CreateBuyerSide(email, name, companyId, now);
        db.Users.Add(user);
        var roleId = db.Roles.Single(r => r.Name == role).Id;
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
        await db.SaveChangesAsync();
        return new Actor(user.Id, name, companyId, new HashSet<string> { role });
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>Keeps sent mail in memory so tests can read what the buyer and the approvers were told.</summary>
public sealed class RecordingMailer : IMailer
{
    private readonly List<OutgoingMail> _sent = [];

    public IReadOnlyList<OutgoingMail> Sent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToList();
            }
        }
    }

    public Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        lock (_sent)
        {
            _sent.Add(mail);
        }

        return Task.CompletedTask;
    }
}
