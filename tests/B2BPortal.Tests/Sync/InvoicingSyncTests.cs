using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Sync;

/// <summary>
/// Invoices from the ERP (WireMock in Business Central's shapes) move the order's invoicing track whenever they arrive,
/// and the order closes once delivered and invoiced in full, whichever came last.
/// </summary>
public sealed class InvoicingSyncTests
{
    private const string DhlParcel = "00340434161094042557";

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_invoice_before_the_shipment_marks_the_confirmed_order_invoiced_and_the_delivery_then_closes_it(DatabaseProvider provider)
    {
        await using var w = await ErpWorld.CreateAsync(provider);
        var order = await w.PlaceAndExportAsync("101001", (OrderingWorld.Hammer, 2));

        // "Ship and invoice" posted at once, the invoice synced before the shipment.
        w.GivenInvoices(ErpWorld.Invoice("103001", order, "101001", 39.80m, "Open", "2026-11-27T09:00:00Z"));
        Assert.Equal(SyncRunStatus.Succeeded, (await w.InvoiceSyncAsync()).Status);
        Assert.Equal((OrderState.Confirmed, InvoicingState.Invoiced), await w.TracksAsync(order));

        w.GivenShipments(ErpWorld.ShipmentPage([
            ErpWorld.Shipment("102001", "C10000", order, "101001", "2026-11-27", "2026-11-27T18:00:00Z", "DHL", DhlParcel, (OrderingWorld.Hammer, 2)),
        ]));
        await w.ShipmentSyncAsync();
        Assert.Equal((OrderState.Shipped, InvoicingState.Invoiced), await w.TracksAsync(order));
        w.GivenDhlDelivered(DhlParcel, "2026-11-28T10:12:00");
        await w.TrackAsync();

        Assert.Equal((OrderState.Closed, InvoicingState.Invoiced), await w.TracksAsync(order));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_delivered_order_closes_when_its_invoice_arrives(DatabaseProvider provider)
    {
        await using var w = await ErpWorld.CreateAsync(provider);
        var order = await w.PlaceAndExportAsync("101001", (OrderingWorld.Hammer, 2));
        w.GivenShipments(ErpWorld.ShipmentPage([
            ErpWorld.Shipment("102001", "C10000", order, "101001", "2026-11-27", "2026-11-27T18:00:00Z", "DHL", DhlParcel, (OrderingWorld.Hammer, 2)),
        ]));
        await w.ShipmentSyncAsync();
        w.GivenDhlDelivered(DhlParcel, "2026-11-28T10:12:00");
        await w.TrackAsync();
        Assert.Equal((OrderState.Delivered, InvoicingState.NotInvoiced), await w.TracksAsync(order));

        w.GivenInvoices(ErpWorld.Invoice("103001", order, "101001", 39.80m, "Open", "2026-11-30T09:00:00Z"));
        await w.InvoiceSyncAsync();

        Assert.Equal((OrderState.Closed, InvoicingState.Invoiced), await w.TracksAsync(order));
        await using var db = w.World.Database.CreateContext();
        var actions = await db.AuditEntries.Where(a => a.EntityId == order).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["Order.Invoice", "Order.Close"], actions.TakeLast(2));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_partial_invoice_counts_in_part_and_a_cancelled_or_corrective_one_not_at_all(DatabaseProvider provider)
    {
        await using var w = await ErpWorld.CreateAsync(provider);
        var order = await w.PlaceAndExportAsync("101001", (OrderingWorld.Hammer, 2));

        w.GivenInvoices(
            ErpWorld.Invoice("103001", order, "101001", 19.90m, "Open", "2026-11-27T09:00:00Z"),
            ErpWorld.Invoice("103002", order, "101001", 39.80m, "Corrective", "2026-11-27T09:05:00Z"));
        await w.InvoiceSyncAsync();
        Assert.Equal((OrderState.Confirmed, InvoicingState.PartlyInvoiced), await w.TracksAsync(order));

        // The ERP cancels the partial invoice (a corrective credit memo): the order is not invoiced any more.
        w.GivenInvoices(ErpWorld.Invoice("103001", order, "101001", 19.90m, "Canceled", "2026-11-28T09:00:00Z"));
        await w.InvoiceSyncAsync();
        Assert.Equal((OrderState.Confirmed, InvoicingState.NotInvoiced), await w.TracksAsync(order));

        w.GivenInvoices(ErpWorld.Invoice("103003", order, "101001", 39.80m, "Paid", "2026-11-29T09:00:00Z"));
        await w.InvoiceSyncAsync();
        Assert.Equal((OrderState.Confirmed, InvoicingState.Invoiced), await w.TracksAsync(order));
        await using var db = w.World.Database.CreateContext();
        Assert.Equal(39.80m, await db.Orders().Where(o => o.Number == order).Select(o => o.InvoicedAmount).SingleAsync());
    }
}
