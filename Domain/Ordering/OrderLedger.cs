using System.Text.Json;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// What goes into the same SaveChanges as an order's transition: an audit entry per history entry; the first time the
/// order stands in Placed, the "order placed" outbox message for the ERP export; and when an order whose export was
/// queued is cancelled, the "order cancelled" message that takes it out of the ERP again.
/// </summary>
public static class OrderLedger
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Record(PortalDbContext db, Order order, CustomerCompany company, DateTimeOffset now)
    {
        foreach (var h in order.TakeUnaudited())
        {
            db.AuditEntries.Add(new AuditEntry(h.At, h.ActorId, h.ActorName, order.CompanyId, "Order", order.Number,
                $"Order.{h.Trigger}", h.From.ToString(), h.Reason is null ? h.To.ToString() : $"{h.To}: {h.Reason}"));
            if (h.To == OrderState.Cancelled && order.ExportQueuedAt is not null)
            {
                var cancelled = new OrderCancelledMessage(order.Number, order.ErpOrderId, order.ErpOrderNumber, h.At, h.ActorName, h.Reason);
                db.OutboxMessages.Add(new OutboxMessage(OrderCancelledMessage.Type, OrderCancelledMessage.IdempotencyKey(order.Number),
                    JsonSerializer.Serialize(cancelled, Json), now));
            }
        }

        if (order.State == OrderState.Placed && order.ExportQueuedAt is null)
        {
            var message = PlacedMessage(order, company);
            db.OutboxMessages.Add(new OutboxMessage(OrderPlacedMessage.Type, OrderPlacedMessage.IdempotencyKey(order.Number),
                JsonSerializer.Serialize(message, Json), now));
            order.MarkExportQueued(now);
        }
    }

    public static OrderPlacedMessage PlacedMessage(Order order, CustomerCompany company) => new(
        order.Number,
        order.CompanyId,
        company.ErpCustomerNumber,
        order.Total.Currency,
        order.PurchaseOrderNumber,
        order.RequestedDeliveryDate,
        new OrderPlacedAddress(order.ShipTo.Name, order.ShipTo.Line1, order.ShipTo.Line2, order.ShipTo.PostalCode, order.ShipTo.City, order.ShipTo.CountryCode),
        order.Lines.OrderBy(l => l.LineNumber).Select(l => new OrderPlacedLine(l.LineNumber, l.Sku, l.ErpItemNumber, l.UnitOfMeasure, l.Quantity, l.UnitPrice)).ToList(),
        order.History.Where(h => h.To == OrderState.Placed).MaxBy(h => h.At)?.At ?? order.CreatedAt);
}
