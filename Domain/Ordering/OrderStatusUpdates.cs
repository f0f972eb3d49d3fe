using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
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
        UpdateAsync(orderNumber, o =>
        {
            if (!o.AcceptedByErp(erpOrderId, erpOrderNumber, at, Erp))
            {
                logger.LogInformation("ERP acceptance of {Order} ignored: the order is {State}", orderNumber, o.State);
            }
        }, ct);

    public Task ShipmentChangedAsync(string orderNumber, ShipmentNotice notice, CancellationToken ct) =>
        UpdateAsync(orderNumber, o => o.ShipmentChanged(notice, Courier), ct);

    public Task InvoicedAsync(string orderNumber, string invoiceNumber, DateTimeOffset at, CancellationToken ct) =>
        UpdateAsync(orderNumber, o => o.Invoiced(invoiceNumber, at, Erp), ct);

    private async Task UpdateAsync(string orderNumber, Action<Order> change, CancellationToken ct)
    {
        var order = await db.Orders().Include(o => o.Lines).Include(o => o.History).Include(o => o.Shipments).Include(o => o.Invoices)
            .AsSplitQuery().SingleOrDefaultAsync(o => o.Number == orderNumber, ct)
            ?? throw new OrderNotFoundException(orderNumber);
        var before = order.State;
        change(order);
        var company = await db.Companies.SingleAsync(c => c.Id == order.CompanyId, ct);
        OrderLedger.Record(db, order, company, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await mails.AfterTransitionAsync(order, before, ct);
    }
}
