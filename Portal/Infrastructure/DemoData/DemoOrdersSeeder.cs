using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Infrastructure.DemoData;

/// <summary>
/// A few orders in the states a newcomer wants to see, made through the real use cases (cart, checkout, approval, the
/// ERP and courier status port) so they are exactly what the portal itself would have recorded:
/// Acme has one delivered (tracked by DHL) and invoiced, so closed, one partly shipped (the ERP's own van), one waiting for
/// the ERP, and one invoiced before it shipped (the distributor bills at confirmation);
/// Borealis has one waiting for its BuyerAdmin's approval; Contoso has one shipped, for its buyer to confirm delivery, and
/// one the demo sales rep placed on its buyer's behalf (through the rep's on-behalf cart), waiting for the ERP.
/// </summary>
public sealed class DemoOrdersSeeder(PortalDbContext db, CartService carts, PlaceOrder place, OrderingOnBehalf onBehalf, IOrderStatusUpdates updates, TimeProvider clock,
    DemoCreditSeeder credit)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var alice = await ActorAsync("buyer@acme.example", Roles.Buyer, ct);
        var bianca = await ActorAsync("buyer@borealis.example", Roles.Buyer, ct);
        var bruno = await ActorAsync("admin@borealis.example", Roles.BuyerAdmin, ct);
        var carla = await ActorAsync("buyer@contoso.example", Roles.Buyer, ct);

        var delivered = await PlaceAsync(alice, "PO-DEMO-1001", skip: 0, lines: 3, ct);
        await InErpAsync(delivered, "101001", ct);
        await updates.ShipmentChangedAsync(delivered, new ShipmentNotice("DHL", "00340434161094042557", ShipmentState.InTransit, clock.GetUtcNow(), true,
            "https://www.dhl.com/global-en/home/tracking.html?tracking-id=00340434161094042557", "S-SHP-DEMO-1"), ct);
        await updates.ShipmentChangedAsync(delivered, new ShipmentNotice("DHL", "00340434161094042557", ShipmentState.Delivered, clock.GetUtcNow().AddSeconds(1), true, null, "S-SHP-DEMO-1"), ct);
        await InvoicedAsync(delivered, "PS-INV-DEMO-1", ct);

        var partly = await PlaceAsync(alice, "PO-DEMO-1002", skip: 3, lines: 4, ct);
        await InErpAsync(partly, "101002", ct);
        await updates.ShipmentChangedAsync(partly, new ShipmentNotice("OWNFLEET", "", ShipmentState.PreTransit, clock.GetUtcNow(), false, null, "S-SHP-DEMO-2"), ct);

        await PlaceAsync(alice, "PO-DEMO-1003", skip: 7, lines: 2, ct);

        var billed = await PlaceAsync(alice, "PO-DEMO-1004", skip: 9, lines: 2, ct);
        await InErpAsync(billed, "101004", ct);
        await InvoicedAsync(billed, "PS-INV-DEMO-2", ct);

        db.Add(new SpendingLimit(bianca.CompanyId!.Value, bianca.UserId, SpendingLimitKind.OrderLimit, Money.Of(100m, "EUR"), bruno, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await PlaceAsync(bianca, null, skip: 0, lines: 3, ct, minimumValue: 150m);

        var shipped = await PlaceAsync(carla, null, skip: 0, lines: 2, ct);
        await InErpAsync(shipped, "101003", ct);
        await updates.ShipmentChangedAsync(shipped, new ShipmentNotice("OWNFLEET", "", ShipmentState.PreTransit, clock.GetUtcNow(), true, null, "S-SHP-DEMO-3"), ct);

        var rep = await ActorAsync("rep@b2bportal.example", Roles.SalesRep, ct);
        await PlaceOnBehalfAsync(rep, carla, "PO-DEMO-REP-1", skip: 2, lines: 2, ct);
        await credit.SeedOrdersAsync(ct);
    }

    private async Task<Actor> ActorAsync(string email, string role, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email, ct);
        return new Actor(user.Id, user.DisplayName, user.CompanyId, new HashSet<string> { role });
    }

    /// <summary>Orders products of the buyer's catalog that have no special quantity rule, two packs each.</summary>
    private async Task<string> PlaceAsync(Actor buyer, string? po, int skip, int lines, CancellationToken ct, decimal minimumValue = 0m)
    {
        var companyId = buyer.CompanyId!.Value;
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive).VisibleTo(db, companyId)
            .Where(p => !db.Set<QuantityRuleEntry>().Any(r => r.ProductId == p.Id))
            .OrderBy(p => p.Id).Skip(skip).Take(lines)
            .Select(p => new { p.Sku, p.PackSize, Price = p.ListPrice.Amount })
            .ToListAsync(ct);
        foreach (var p in products)
        {
            // Enough packs to pass the approval limit where the sample needs it.
            var packs = Math.Max(2m, Math.Ceiling(minimumValue / Math.Max(0.01m, p.Price * p.PackSize * lines)));
            await carts.AddAsync(buyer, p.Sku, p.PackSize * packs, ct);
        }

        var result = await place.ExecuteAsync(buyer, new PlaceOrderCommand(null, po, null, "Sample order from the demo data", null, null, null), ct);
        return result.OrderNumber;
    }

    /// <summary>The rep's on-behalf cart for <paramref name="buyer"/>, filled with two packs of each product and placed as the buyer's order.</summary>
    private async Task<string> PlaceOnBehalfAsync(Actor rep, Actor buyer, string po, int skip, int lines, CancellationToken ct)
    {
        var session = await onBehalf.StartAsync(rep, buyer.CompanyId!.Value, buyer.UserId, ct);
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive).VisibleTo(db, session.CompanyId)
            .Where(p => !db.Set<QuantityRuleEntry>().Any(r => r.ProductId == p.Id))
            .OrderBy(p => p.Id).Skip(skip).Take(lines)
            .Select(p => new { p.Sku, p.PackSize })
            .ToListAsync(ct);
        foreach (var p in products)
        {
            await carts.AddAsync(session.CartActor, p.Sku, p.PackSize * 2, ct);
        }

        var result = await place.ExecuteOnBehalfAsync(session, new PlaceOrderCommand(null, po, null, "Ordered by phone, placed by the sales rep", null, null, null), ct);
        return result.OrderNumber;
    }

    /// <summary>What InvoiceSync records when the ERP posts an invoice for the whole order (19 % tax): the invoice, then the order told.</summary>
    private async Task InvoicedAsync(string orderNumber, string invoiceNumber, CancellationToken ct)
    {
        var order = await db.Orders().AsNoTracking().SingleAsync(o => o.Number == orderNumber, ct);
        var now = clock.GetUtcNow().AddSeconds(2);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var gross = (order.Total * 1.19m).RoundToCents();
        var invoice = new Invoice(Guid.NewGuid().ToString(), invoiceNumber, order.CompanyId);
        invoice.ApplyErp(order.CompanyId, orderNumber, today, today.AddDays(30), order.Total, gross, gross, InvoiceStatus.Open, now);
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync(ct);
        await updates.InvoicesChangedAsync(orderNumber, now, ct);
    }

    /// <summary>What OrderExport records when the ERP accepts an order: the link, the settled outbox message, the transition.</summary>
    private async Task InErpAsync(string orderNumber, string erpNumber, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var erpId = Guid.NewGuid().ToString();
        db.ErpOrderLinks.Add(new ErpOrderLink(orderNumber, erpId, erpNumber, now, foundExisting: false));
        var key = OrderPlacedMessage.IdempotencyKey(orderNumber);
        (await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == key, ct)).Succeeded(now);
        await db.SaveChangesAsync(ct);
        await updates.SubmittedToErpAsync(orderNumber, erpId, erpNumber, now, ct);
    }
}
