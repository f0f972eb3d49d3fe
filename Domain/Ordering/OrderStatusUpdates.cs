using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Shipping;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// The ERP and courier sync's way into the order workflow (the <see cref="IOrderStatusUpdates"/> port). Every call
/// is idempotent: a retried sync, a repeated webhook or an out-of-order notice changes nothing it should not.
/// </summary>
public sealed class OrderStatusUpdates(PortalDbContext db, OrderMails mails, TimeProvider clock, ILogger<OrderStatusUpdates> logger) : IOrderStatusUpdates
{
    private static readonly Actor Erp = Actor.System("ERP sync");
    private static readonly Actor Courier = Actor.System("shipment tracking");

    public Task SubmittedToErpAsync(string orderNumber, string erpOrderId, string erpOrderNumber, DateTimeOffset at, CancellationToken ct) =>
        UpdateAsync(orderNumber, (o, shipments) =>
        {
            if (!o.AcceptedByErp(erpOrderId, erpOrderNumber, at, Erp, shipments))
            {
                logger.LogInformation("ERP acceptance of {Order} ignored: the order is {State}", orderNumber, o.State);
            }
        }, ct);

    /// <summary>
    /// The shipment named by the notice is the order's <see cref="Shipment"/> (ShipmentSync and ShipmentTracking pass the
    /// one they hold, so the notice changes nothing on it); a shipment nobody recorded yet is recorded from the notice.
    /// Then the order follows all its shipments.
    /// </summary>
    public Task ShipmentChangedAsync(string orderNumber, ShipmentNotice notice, CancellationToken ct) =>
        UpdateAsync(orderNumber, (o, shipments) =>
        {
            if (o.ShipmentChanged(shipments, notice, Courier, clock.GetUtcNow()) is { } recorded)
            {
                db.Shipments.Add(recorded);
            }
        }, ct);

    public async Task InvoicesChangedAsync(string orderNumber, DateTimeOffset at, CancellationToken ct)
    {
        var invoices = await db.InvoicesOfAsync(orderNumber, ct);
        await UpdateAsync(orderNumber, (o, _) => o.FollowInvoices(invoices, Erp, at), ct);
    }

    private async Task UpdateAsync(string orderNumber, Action<Order, List<Shipment>> change, CancellationToken ct)
    {
        var order = await db.Orders().Include(o => o.Lines).Include(o => o.History)
            .AsSplitQuery().SingleOrDefaultAsync(o => o.Number == orderNumber, ct)
            ?? throw new OrderNotFoundException(orderNumber);

        // Shipments ShipmentSync added in this unit of work are not in the database yet: they count all the same.
        var shipments = await db.Shipments.Where(s => s.OrderNumber == orderNumber).ToListAsync(ct);
        shipments.AddRange(db.Shipments.Local.Where(s => s.OrderNumber == orderNumber && !shipments.Contains(s)).ToList());
        var before = order.State;
        change(order, shipments);
        var company = await db.Companies.SingleAsync(c => c.Id == order.CompanyId, ct);
        OrderLedger.Record(db, order, company, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await mails.AfterTransitionAsync(order, before, ct);
    }
}
