using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Integration.Credit;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Credit;

/// <summary>An ordering world with the credit capability wired as the Portal wires it, and the ERP's credit figures and invoices written as the syncs write them.</summary>
public static class CreditTestData
{
    public static Task<OrderingWorld> WorldAsync(DatabaseProvider provider, params (string Key, string Value)[] settings) =>
        OrderingWorld.CreateAsync(provider, s => s.AddPortalCredit(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(p => new KeyValuePair<string, string?>("Credit:" + p.Key, p.Value))).Build()));

    public static async Task ErpTermsAsync(OrderingWorld world, int companyId, decimal limit, string? code = "30 DAYS", string? formula = "30D")
    {
        await using var db = world.Database.CreateContext();
        var terms = await db.CreditTerms.SingleOrDefaultAsync(t => t.CompanyId == companyId);
        if (terms is null)
        {
            terms = new CreditTerms(companyId);
            db.CreditTerms.Add(terms);
        }

        terms.ApplyErp(Money.Of(limit, "EUR"), Money.Of(0, "EUR"), code, formula, world.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    public static async Task PolicyAsync(OrderingWorld world, int companyId, CreditPolicy policy, int graceDays = 5) =>
        await world.WithAsync(sp => sp.GetRequiredService<CreditAccountActions>().SetPolicyAsync(OrderingWorld.Accountant, companyId, policy, graceDays, "test set-up", CancellationToken.None));

    /// <summary>Stores an invoice as InvoiceSync does, and, when it names an order, tells the order as InvoiceSync does.</summary>
    public static async Task InvoiceAsync(OrderingWorld world, int companyId, string number, DateOnly dueDate, decimal remaining, string? orderNumber = null, decimal? total = null)
    {
        await using (var db = world.Database.CreateContext())
        {
            var invoice = new Invoice("erp-" + number, number, companyId);
            var amount = Money.Of(total ?? remaining, "EUR");
            invoice.ApplyErp(companyId, orderNumber, dueDate.AddDays(-30), dueDate, amount, amount, Money.Of(remaining, "EUR"),
                remaining > 0 ? InvoiceStatus.Open : InvoiceStatus.Paid, world.Clock.GetUtcNow());
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync();
        }

        if (orderNumber is not null)
        {
            await world.WithAsync(sp => sp.GetRequiredService<IOrderStatusUpdates>().InvoicesChangedAsync(orderNumber, world.Clock.GetUtcNow(), CancellationToken.None));
        }
    }

    public static async Task PayAsync(OrderingWorld world, string number)
    {
        await using var db = world.Database.CreateContext();
        var invoice = await db.Invoices.SingleAsync(i => i.Number == number);
        invoice.ApplyErp(invoice.CompanyId, invoice.OrderNumber, invoice.InvoiceDate, invoice.DueDate, invoice.TotalExcludingTax, invoice.Total,
            Money.Zero("EUR"), InvoiceStatus.Paid, world.Clock.GetUtcNow().AddMinutes(1));
        await db.SaveChangesAsync();
    }

    public static async Task<PlaceOrderResult> PlaceAsync(OrderingWorld world, Actor buyer, params (string Sku, decimal Quantity)[] lines)
    {
        await PlaceOrderTests.AddAsync(world, buyer, lines);
        return await PlaceOrderTests.PlaceAsync(world, buyer, new PlaceOrderCommand(null, null, null, null, null, null, null));
    }

    public static async Task<CreditStanding> StandingAsync(OrderingWorld world, int companyId) =>
        await world.WithAsync(sp => sp.GetRequiredService<B2BPortal.Domain.Persistence.PortalDbContext>()
            .StandingAsync(companyId, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CreditOptions>>().Value, world.Clock.Today(), CancellationToken.None));

    public static async Task<(OrderState State, string? Reason)> LastAsync(OrderingWorld world, string orderNumber)
    {
        await using var db = world.Database.CreateContext();
        var order = await db.Orders().Include(o => o.History).SingleAsync(o => o.Number == orderNumber);
        return (order.State, order.History.OrderBy(h => h.Id).Last().Reason);
    }
}
