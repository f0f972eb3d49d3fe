using System.Globalization;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Credit;

/// <summary>A customer company of its own in a running Portal (Acme's catalog), with a buyer, the ERP's credit figures and invoices.</summary>
public sealed record CreditCompany(int Id, string Name, string BuyerEmail, Actor Buyer, string AdminEmail);

/// <summary>
/// Credit data for page tests on the shared portals: every test makes its own company, so the demo companies (and the
/// tests that order for them) never see a credit limit or an overdue invoice.
/// </summary>
internal static class CreditPortalData
{
    public static async Task<CreditCompany> CompanyAsync(PortalFactory portal, decimal limit, string? termsCode = "30 DAYS", string? formula = "30D", CreditPolicy policy = CreditPolicy.Soft)
    {
        var key = Guid.NewGuid().ToString("N")[..8];
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var catalogId = await db.Catalogs.Where(c => c.Code == "INDUSTRIAL").Select(c => c.Id).SingleAsync();
        var company = new CustomerCompany("T" + key, $"Credit Test {key} GmbH", "EUR");
        company.AddAddress(AddressKind.Shipping, "Warehouse", "Lagerweg 1", null, "70565", "Stuttgart", "DE", isDefault: true);
        company.AssignCatalog(catalogId);
        db.Companies.Add(company);
        await db.SaveChangesAsync();

        var terms = new CreditTerms(company.Id);
        terms.ApplyErp(Money.Of(limit, "EUR"), Money.Zero("EUR"), termsCode, formula, DateTimeOffset.UtcNow);
        db.CreditTerms.Add(terms);
        await db.SaveChangesAsync();
        if (policy != CreditPolicy.Soft)
        {
            await scope.ServiceProvider.GetRequiredService<CreditAccountActions>().SetPolicyAsync(Accountant, company.Id, policy, 5, "test set-up", CancellationToken.None);
        }

        var email = $"buyer.{key}@credit.example";
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await DemoDataSeeder.CreateUserAsync(users, email, $"Buyer {key}", Roles.Buyer, company.Id, DateTimeOffset.UtcNow);
        var admin = $"admin.{key}@credit.example";
        await DemoDataSeeder.CreateUserAsync(users, admin, $"Admin {key}", Roles.BuyerAdmin, company.Id, DateTimeOffset.UtcNow);
        return new CreditCompany(company.Id, company.Name, email, new Actor(user.Id, user.DisplayName, company.Id, new HashSet<string> { Roles.Buyer }), admin);
    }

    /// <summary>The accountant of the demo set, as an actor for use cases.</summary>
    public static Actor Accountant { get; } = new("credit-tests-accountant", "Anna Accountant", null, new HashSet<string> { Roles.Accountant });

    public static async Task LimitAsync(PortalFactory portal, int companyId, decimal limit)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var terms = await db.CreditTerms.SingleAsync(t => t.CompanyId == companyId);
        terms.ApplyErp(Money.Of(limit, "EUR"), terms.BalanceDue, terms.PaymentTermsCode, terms.DueDateCalculation, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    public static async Task<string> InvoiceAsync(PortalFactory portal, int companyId, DateOnly dueDate, decimal remaining)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var number = "INV-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var invoice = new Invoice("erp-" + number, number, companyId);
        var amount = Money.Of(remaining, "EUR");
        invoice.ApplyErp(companyId, null, dueDate.AddDays(-30), dueDate, amount, amount, amount, InvoiceStatus.Open, DateTimeOffset.UtcNow);
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        return number;
    }

    /// <summary>Puts one product of the catalog (no pack size, no quantity rule) into the buyer's cart, enough of it for about <paramref name="value"/>; returns the cart's total.</summary>
    public static async Task<Money> CartAsync(PortalFactory portal, CreditCompany company, decimal value)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var product = await db.Products.AsNoTracking().Where(p => p.IsActive && p.PackSize == 1).VisibleTo(db, company.Id)
            .Where(p => !db.Set<QuantityRuleEntry>().Any(r => r.ProductId == p.Id))
            .OrderBy(p => p.Id).Select(p => new { p.Sku }).FirstAsync();
        var carts = scope.ServiceProvider.GetRequiredService<CartService>();
        await carts.AddAsync(company.Buyer, product.Sku, 1, CancellationToken.None);
        var cart = await carts.FindAsync(company.Buyer, CancellationToken.None);
        var unit = (await scope.ServiceProvider.GetRequiredService<CartReviewer>().ReviewAsync(cart!, CancellationToken.None)).Total!.Value;
        var quantity = Math.Max(1m, Math.Floor(value / unit.Amount));
        if (quantity > 1)
        {
            await carts.AddAsync(company.Buyer, product.Sku, quantity - 1, CancellationToken.None);
        }

        cart = await carts.FindAsync(company.Buyer, CancellationToken.None);
        return (await scope.ServiceProvider.GetRequiredService<CartReviewer>().ReviewAsync(cart!, CancellationToken.None)).Total!.Value;
    }

    /// <summary>Places the buyer's cart through the real use case, as checkout does.</summary>
    public static async Task<PlaceOrderResult> PlaceAsync(PortalFactory portal, CreditCompany company, decimal value)
    {
        await CartAsync(portal, company, value);
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlaceOrder>().ExecuteAsync(company.Buyer, new PlaceOrderCommand(null, null, null, null, null, null, null), CancellationToken.None);
    }

    public static string Amount(decimal amount) => Money.Of(amount, "EUR").ToString();

    public static string Today(int days = 0) => DateTime.UtcNow.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
