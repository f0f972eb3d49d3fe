using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Infrastructure.DemoData;

/// <summary>
/// Credit control's cases for a newcomer (README: Demo sign-ins), in three companies of their own so the other demo
/// companies order freely: Northwind has used 85 % of its EUR 20,000 limit; Fabrikam has an invoice 45 days overdue,
/// so its account is on hold and (with the sample orders) an order of Fabrikam's waits in the accountant's queue;
/// Tailspin is on prepaid terms. The ERP's figures and invoices are written as CustomerSync and InvoiceSync write them.
/// </summary>
public sealed class DemoCreditSeeder(PortalDbContext db, CartService carts, PlaceOrder place)
{
    public const string NearLimitBuyer = "buyer@northwind.example";
    public const string OverdueBuyer = "buyer@fabrikam.example";
    public const string PrepaidBuyer = "buyer@tailspin.example";

    private static readonly (string Number, string Name, string Email, string Buyer, string Catalog)[] Companies =
    [
        ("C50000", "Northwind Traders Ltd", NearLimitBuyer, "Nora Northwind", "INDUSTRIAL"),
        ("C60000", "Fabrikam Supplies AG", OverdueBuyer, "Fabian Fabrikam", "FACILITIES"),
        ("C70000", "Tailspin Toys SARL", PrepaidBuyer, "Tara Tailspin", "CONSTRUCTION"),
    ];

    /// <summary>The companies, their buyers, the ERP's credit figures and open invoices (part of the demo set).</summary>
    public static async Task SeedAccountsAsync(PortalDbContext db, UserManager<PortalUser> users, string salesRepId, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var ids = new Dictionary<string, int>();
        foreach (var (number, name, email, buyer, catalog) in Companies)
        {
            var catalogId = await db.Catalogs.Where(c => c.Code == catalog).Select(c => c.Id).SingleAsync(ct);
            var company = DemoDataSeeder.Company(number, name, "Demo Street 1", "10115", "Berlin", "DE", catalogId, salesRepId, requiresPo: false);
            db.Companies.Add(company);
            await db.SaveChangesAsync(ct);
            ids[number] = company.Id;
            await DemoDataSeeder.CreateUserAsync(users, email, buyer, Roles.Buyer, company.Id, now);
        }

        Terms(db, ids["C50000"], 20_000m, "30 DAYS", "30D", now);
        Invoice(db, ids["C50000"], "DEMO-INV-5001", today.AddDays(-10), today.AddDays(20), 17_000m, now);

        Terms(db, ids["C60000"], 50_000m, "CM14", "CM+14D", now);
        Invoice(db, ids["C60000"], "DEMO-INV-6001", today.AddDays(-75), today.AddDays(-45), 4_200m, now);
        var held = new CreditAccount(ids["C60000"], "EUR", CreditPolicy.Soft, 5);
        held.Hold(Actor.System(CreditAccountWorkflow.ReviewActorName), now, CreditHoldReason.Overdue, $"An invoice due {today.AddDays(-45):yyyy-MM-dd} is unpaid beyond 5 grace days");
        db.CreditAccounts().Add(held);
        CreditLedger.Record(db, held);

        Terms(db, ids["C70000"], 0m, "PREPAID", "", now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>With the sample orders: Fabrikam's buyer orders, and the overdue invoice sends the order to the accountant's queue.</summary>
    public async Task SeedOrdersAsync(CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == OverdueBuyer, ct);
        var buyer = new Actor(user.Id, user.DisplayName, user.CompanyId, new HashSet<string> { Roles.Buyer });
        var skus = await db.Products.AsNoTracking().Where(p => p.IsActive && p.PackSize == 1).VisibleTo(db, user.CompanyId!.Value)
            .Where(p => !db.Set<Domain.Pricing.QuantityRuleEntry>().Any(r => r.ProductId == p.Id))
            .OrderBy(p => p.Id).Select(p => p.Sku).Take(2).ToListAsync(ct);
        foreach (var sku in skus)
        {
            await carts.AddAsync(buyer, sku, 5, ct);
        }

        await place.ExecuteAsync(buyer, new PlaceOrderCommand(null, "PO-FAB-7731", null, "Sample order held for the overdue invoice", null, null, null), ct);
    }

    private static void Terms(PortalDbContext db, int companyId, decimal limit, string code, string formula, DateTimeOffset now)
    {
        var terms = new CreditTerms(companyId);
        terms.ApplyErp(Money.Of(limit, "EUR"), Money.Zero("EUR"), code, formula, now);
        db.CreditTerms.Add(terms);
    }

    private static void Invoice(PortalDbContext db, int companyId, string number, DateOnly date, DateOnly due, decimal amount, DateTimeOffset now)
    {
        var invoice = new Invoice("demo-" + number, number, companyId);
        var money = Money.Of(amount, "EUR");
        invoice.ApplyErp(companyId, null, date, due, money, money, money, InvoiceStatus.Open, now);
        db.Invoices.Add(invoice);
    }
}
