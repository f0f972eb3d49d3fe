using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Shipping;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Shipment = B2BPortal.Domain.Shipping.Shipment;

namespace B2BPortal.Tests.Sync;

/// <summary>
/// ShipmentSync against Business Central's posted sales shipments (WireMock, v2.0 shapes with the two extension fields),
/// with real portal orders placed and exported through the ordering use cases, and DHL for the last leg.
/// </summary>
public sealed class ShipmentSyncTests
{
    private const string DhlParcel1 = "00340434161094042557";
    private const string DhlParcel2 = "00340434161094042558";

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_shipment_the_ERP_posts_after_the_parcel_was_delivered_delivers_the_order(DatabaseProvider provider)
    {
        await using var w = await ErpWorld.CreateAsync(provider);
        var order = await w.PlaceAndExportAsync("101001", (OrderingWorld.Hammer, 2));

        // Posted in the day's-end batch on the 27th; DHL delivered it on the 26th, so every courier event is older than the posting.
        w.GivenShipments(ErpWorld.ShipmentPage([
            ErpWorld.Shipment("102001", "C10000", order, "101001", "2026-11-27", "2026-11-27T18:00:00Z", "DHL", DhlParcel1, (OrderingWorld.Hammer, 2)),
        ]));
        await w.ShipmentSyncAsync();
        Assert.Equal(OrderState.Shipped, await w.StateAsync(order));
        w.GivenDhlDelivered(DhlParcel1, "2026-11-26T10:12:00");

        var tracking = await w.World.WithAsync(sp => sp.GetRequiredService<ShipmentTracker>().RunAsync(10, TimeSpan.FromHours(2), CancellationToken.None));

        Assert.Equal((SyncRunStatus.Succeeded, 1), (tracking.Status, tracking.Read));
        Assert.Equal(OrderState.Delivered, await w.StateAsync(order));
        await using var db = w.World.Database.CreateContext();
        var shipment = Assert.Single(await db.ShipmentsOfAsync(order, CancellationToken.None));
        Assert.Equal(ShipmentState.Delivered, shipment.State);

        // The courier's time is what the order page shows beside the state; the order's history does not run backwards.
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 12, 0, TimeSpan.Zero), shipment.LastNewsAt);
        var history = (await db.Orders().AsNoTracking().Include(o => o.History).SingleAsync(o => o.Number == order)).History;
        Assert.True(history.Single(h => h.To == OrderState.Delivered).At >= history.Single(h => h.To == OrderState.Shipped).At);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_portal_order_shipped_in_two_parts_is_partially_shipped_then_shipped_then_delivered_by_the_courier(DatabaseProvider provider)
    {
        await using var w = await ErpWorld.CreateAsync(provider);
        var order = await w.PlaceAndExportAsync("101001", (OrderingWorld.Bolts, 24), (OrderingWorld.Hammer, 2));

        w.GivenShipments(ErpWorld.ShipmentPage([
            ErpWorld.Shipment("102001", "C10000", order, "101001", "2026-11-25", "2026-11-25T14:05:00Z", "DHL", DhlParcel1, (OrderingWorld.Bolts, 12), (OrderingWorld.Hammer, 2)),
        ]));
        var first = await w.ShipmentSyncAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1, 0), (first.Status, first.Read, first.Created, first.Failed));
        Assert.Equal(OrderState.PartiallyShipped, await w.StateAsync(order));

        // The next delta overlaps the first: 102001 comes again with the rest of the bolts in 102002.
        w.GivenShipments(ErpWorld.ShipmentPage([
            ErpWorld.Shipment("102001", "C10000", order, "101001", "2026-11-25", "2026-11-25T14:05:00Z", "DHL", DhlParcel1, (OrderingWorld.Bolts, 12), (OrderingWorld.Hammer, 2)),
            ErpWorld.Shipment("102002", "C10000", order, "101001", "2026-11-25", "2026-11-25T16:30:00Z", "DHL", DhlParcel2, (OrderingWorld.Bolts, 12)),
        ]));
        var second = await w.ShipmentSyncAsync();

        Assert.Equal((2, 1, 0, 0), (second.Read, second.Created, second.Updated, second.Failed));
        Assert.Equal(OrderState.Shipped, await w.StateAsync(order));
        Assert.Contains("lastModifiedDateTime ge 2026-11-25T14:05:00.000Z", w.Erp.Queries("salesShipments").Last(), StringComparison.Ordinal);
        await using (var db = w.World.Database.CreateContext())
        {
            var shipments = await db.Shipments.AsNoTracking().OrderBy(s => s.ErpShipmentNumber).ToListAsync();
            Assert.Equal([("102001", "DHL", DhlParcel1, false), ("102002", "DHL", DhlParcel2, true)],
                shipments.Select(s => (s.ErpShipmentNumber!, s.Carrier, s.TrackingNumber!, s.CompletesOrder)));
            Assert.Equal([(DhlParcel1, ShipmentState.PreTransit), (DhlParcel2, ShipmentState.PreTransit)],
                (await db.ShipmentsOfAsync(order, CancellationToken.None)).OrderBy(s => s.TrackingNumber).Select(s => (s.TrackingNumber, s.State)));
        }

        w.GivenDhlDelivered(DhlParcel1, "2026-11-26T10:12:00");
        w.GivenDhlDelivered(DhlParcel2, "2026-11-26T11:40:00");
        var tracking = await w.World.WithAsync(sp => sp.GetRequiredService<ShipmentTracker>().RunAsync(10, TimeSpan.FromHours(2), CancellationToken.None));

        Assert.Equal((SyncRunStatus.Succeeded, 2), (tracking.Status, tracking.Read));
        await using (var db = w.World.Database.CreateContext())
        {
            var delivered = await db.Orders().AsNoTracking().Include(o => o.History).SingleAsync(o => o.Number == order);
            var shipments = await db.ShipmentsOfAsync(order, CancellationToken.None);
            Assert.Equal(OrderState.Delivered, delivered.State);
            Assert.Equal(
                [OrderState.Placed, OrderState.SubmittedToErp, OrderState.Confirmed, OrderState.PartiallyShipped, OrderState.Shipped, OrderState.Delivered],
                delivered.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.To));
            Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 5, 0, TimeSpan.Zero), delivered.History.Single(h => h.To == OrderState.PartiallyShipped).At);
            Assert.All(shipments, s => Assert.Equal(ShipmentState.Delivered, s.State));
            Assert.All(shipments, s => Assert.StartsWith("https://www.dhl.de/", s.TrackingUrl, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Pages_are_followed_repeats_change_nothing_and_bad_records_are_dead_lettered_while_the_rest_applies()
    {
        await using var w = await ErpWorld.CreateAsync(DatabaseProvider.Sqlite);
        var order = await w.PlaceAndExportAsync("101001", (OrderingWorld.Hammer, 2));
        w.GivenShipments(ErpWorld.ShipmentPage(
            [
                // Found through the ERP order the export created (no external document number on this one).
                ErpWorld.Shipment("102001", "C10000", null, "101001", "2026-11-25", "2026-11-25T10:00:00Z", "DHL", DhlParcel1, (OrderingWorld.Hammer, 2)),
                ErpWorld.Shipment("102002", null, null, "100998", "2026-11-25", "2026-11-25T10:01:00Z", null, null, ("1896-S", 1)),
                ErpWorld.Shipment("102003", "C10000", "PO-4711", "100999", "2026-11-25", "2026-11-25T10:02:00Z", "DHL", "00340434161094049999", ("1896-S", 5)),
            ],
            w.Erp.NextLink("salesShipments", "page2")));
        w.Erp.GivenNextPage("salesShipments", "page2", ErpWorld.ShipmentPage(
        [
            ErpWorld.Shipment("102004", "C99999", order, "101001", "2026-11-25", "2026-11-25T10:03:00Z", "DHL", DhlParcel2, (OrderingWorld.Hammer, 2)),
            ErpWorld.Shipment("102001", "C10000", null, "101001", "2026-11-25", "2026-11-25T10:00:00Z", "DHL", DhlParcel1, (OrderingWorld.Hammer, 2)),
            ErpWorld.Shipment("102001", "C10000", null, "101001", "2026-11-25", "2026-11-25T10:04:00Z", "DHL", DhlParcel1, (OrderingWorld.Hammer, 2)),
        ]));

        var run = await w.ShipmentSyncAsync();

        Assert.Equal((SyncRunStatus.CompletedWithErrors, 6, 1, 0, 2), (run.Status, run.Read, run.Created, run.Updated, run.Failed));
        Assert.Equal(OrderState.Shipped, await w.StateAsync(order));
        var firstQuery = w.Erp.Queries("salesShipments").First();
        Assert.Contains("$expand=salesShipmentLines", firstQuery, StringComparison.Ordinal);
        Assert.Contains("$orderby=lastModifiedDateTime asc", firstQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("$filter", firstQuery, StringComparison.Ordinal);
        await using (var db = w.World.Database.CreateContext())
        {
            var shipment = await db.Shipments.AsNoTracking().Include(s => s.Lines).SingleAsync();
            Assert.Equal(("102001", order, true), (shipment.ErpShipmentNumber, shipment.OrderNumber, shipment.CompletesOrder));
            Assert.Equal([(OrderingWorld.Hammer, 2m, "PCS")], shipment.Lines.Select(l => (l.ItemNumber, l.Quantity, l.UnitOfMeasure!)));
            var letters = await db.DeadLetters.AsNoTracking().OrderBy(d => d.RecordKey).ToListAsync();
            Assert.Equal(["102002", "102004"], letters.Select(d => d.RecordKey));
            Assert.Contains("Missing required field: customerNumber", letters[0].Reason, StringComparison.Ordinal);
            Assert.Contains("Unknown customer number C99999", letters[1].Reason, StringComparison.Ordinal);
            Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 4, 0, TimeSpan.Zero), (await db.SyncJobStates.SingleAsync(s => s.JobName == ShipmentSync.Name)).Watermark);
        }

        // The next delta: 102001's tracking number was corrected in the ERP, and 102002 got its customer.
        w.Erp.Server.ResetMappings();
        w.Erp.GivenToken("token-2");
        w.GivenShipments(ErpWorld.ShipmentPage(
        [
            ErpWorld.Shipment("102001", "C10000", null, "101001", "2026-11-25", "2026-11-25T11:00:00Z", "DHL", DhlParcel2, (OrderingWorld.Hammer, 2)),
            ErpWorld.Shipment("102002", "C10000", null, "100998", "2026-11-25", "2026-11-25T11:01:00Z", null, null, ("1896-S", 1)),
        ]));

        var again = await w.ShipmentSyncAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 2, 0, 1, 0), (again.Status, again.Read, again.Created, again.Updated, again.Failed));
        Assert.Contains("lastModifiedDateTime ge 2026-11-25T10:04:00.000Z", w.Erp.Queries("salesShipments").Last(), StringComparison.Ordinal);
        await using (var db = w.World.Database.CreateContext())
        {
            Assert.Equal(DhlParcel2, (await db.Shipments.AsNoTracking().SingleAsync()).TrackingNumber);
            var o = await db.Orders().AsNoTracking().Include(x => x.History).SingleAsync(x => x.Number == order);
            var summary = Assert.Single(await db.ShipmentsOfAsync(order, CancellationToken.None));
            Assert.Equal(("DHL", DhlParcel2, "102001"), (summary.Carrier, summary.TrackingNumber, summary.ErpShipmentNumber));
            Assert.Single(o.History, h => h.To == OrderState.Shipped);
            Assert.Equal(DeadLetterStatus.Resolved, (await db.DeadLetters.AsNoTracking().SingleAsync(d => d.RecordKey == "102002")).Status);
            var letter = await db.DeadLetters.SingleAsync(d => d.RecordKey == "102004");
            Assert.Equal(DeadLetterStatus.Open, letter.Status);

            // The ERP's customer number was corrected; an administrator asks for another try.
            letter.RequestRetry();
            await db.SaveChangesAsync();
        }

        w.GivenShipments(ErpWorld.ShipmentPage(
        [
            ErpWorld.Shipment("102004", "C10000", order, "101001", "2026-11-25", "2026-11-25T10:03:00Z", "DHL", DhlParcel1, (OrderingWorld.Hammer, 2)),
        ]));

        var retried = await w.ShipmentSyncAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 1, 0), (retried.Status, retried.Created, retried.Failed));
        Assert.Contains(w.Erp.Queries("salesShipments"), q => q.Contains("(number eq '102004')", StringComparison.Ordinal));
        await using (var db = w.World.Database.CreateContext())
        {
            Assert.Equal(DeadLetterStatus.Resolved, (await db.DeadLetters.AsNoTracking().SingleAsync(d => d.RecordKey == "102004")).Status);
            Assert.Equal(["102001", "102004"], await db.Shipments.OrderBy(s => s.ErpShipmentNumber).Select(s => s.ErpShipmentNumber!).ToListAsync());
        }
    }

    [Fact]
    public async Task A_shipment_without_tracking_or_with_an_agent_no_courier_handles_ships_the_order_but_is_never_polled()
    {
        await using var w = await ErpWorld.CreateAsync(DatabaseProvider.Sqlite, s => s["Erp:ShippingAgents:DHLPAKET"] = "DHL");
        var order = await w.PlaceAndExportAsync("101001", (OrderingWorld.Hammer, 4));
        w.GivenShipments(ErpWorld.ShipmentPage(
        [
            // The standard v2.0 entity: neither agent nor tracking number.
            ErpWorld.Shipment("103000", "C10000", order, "101001", "2026-11-25", "2026-11-25T11:59:00Z", null, null, (OrderingWorld.Hammer, 1)),

            // A courier the portal tracks, but nobody entered the tracking number.
            ErpWorld.Shipment("103001", "C10000", order, "101001", "2026-11-25", "2026-11-25T12:00:00Z", "DHL", null, (OrderingWorld.Hammer, 1)),
            ErpWorld.Shipment("103002", "C10000", order, "101001", "2026-11-25", "2026-11-25T12:01:00Z", "OWNFLEET", "OF-555", (OrderingWorld.Hammer, 1)),
            ErpWorld.Shipment("103003", "C10000", order, "101001", "2026-11-25", "2026-11-25T12:02:00Z", "DHLPAKET", DhlParcel1, (OrderingWorld.Hammer, 1)),
        ]));

        var run = await w.ShipmentSyncAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 4), (run.Status, run.Created));
        Assert.Equal(OrderState.Shipped, await w.StateAsync(order));
        await using (var db = w.World.Database.CreateContext())
        {
            var shipments = await db.Shipments.AsNoTracking().OrderBy(s => s.ErpShipmentNumber).ToListAsync();
            Assert.Equal([("", null), ("DHL", null), ("OWNFLEET", "OF-555"), ("DHL", DhlParcel1)], shipments.Select(s => (s.Carrier, s.TrackingNumber)));
            Assert.All(shipments, s => Assert.Null(s.TrackingUrl));
        }

        w.Erp.Server.Given(Request.Create().WithPath("/track/shipments").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"No result found","status":404,"detail":"No shipment with given tracking number found."}"""));
        var tracking = await w.World.WithAsync(sp => sp.GetRequiredService<ShipmentTracker>().RunAsync(10, TimeSpan.FromHours(2), CancellationToken.None));

        Assert.Equal(1, tracking.Read);
        var asked = Assert.Single(w.Erp.Server.LogEntries, e => e.RequestMessage!.Path == "/track/shipments");
        Assert.Contains(DhlParcel1, asked.RequestMessage!.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_or_slow_erp_fails_the_run_and_leaves_the_watermark_where_it_was()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        using var erp = new FakeErp();
        const string customRoot = "/v2.0/production/api/contoso/logistics/v1.0";
        var path = $"{customRoot}/companies({FakeErp.CompanyId})/postedShipments";
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates(), s =>
        {
            s["Erp:ShipmentsApiRoot"] = erp.Url + customRoot;
            s["Erp:ShipmentsResource"] = "postedShipments";
            s["Erp:AttemptTimeoutSeconds"] = "1";
            s["Erp:TotalTimeoutSeconds"] = "3";
        });
        await sp.WithDbAsync(async db =>
        {
            db.Companies.Add(new B2BPortal.Domain.Customers.CustomerCompany("C10000", "Acme", "USD"));
            await db.SaveChangesAsync();
        });
        erp.Server.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(10).RespondWith(FakeErp.Json(ErpWorld.ShipmentPage(
        [
            ErpWorld.Shipment("104001", "C10000", "PO-1", "100001", "2026-11-20", "2026-11-20T08:00:00Z", "DHL", DhlParcel1, ("1896-S", 1)),
        ])));
        Task<SyncRun> Run() => sp.RunAsync(s => s.GetRequiredService<ShipmentSync>().RunAsync(false, CancellationToken.None));
        async Task<DateTimeOffset?> Watermark()
        {
            DateTimeOffset? at = null;
            await sp.WithDbAsync(async db => at = (await db.SyncJobStates.AsNoTracking().SingleAsync(s => s.JobName == ShipmentSync.Name)).Watermark);
            return at;
        }

        var ok = await Run();

        // A shipment of an order the portal did not place: read, skipped, no dead letter; the watermark moves past it.
        Assert.Equal((SyncRunStatus.Succeeded, 1, 0, 0), (ok.Status, ok.Read, ok.Created, ok.Failed));
        var watermark = await Watermark();
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), watermark);

        erp.Server.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(5)
            .RespondWith(FakeErp.Json("""{"error":{"code":"Internal_ServerUnavailable","message":"The service is temporarily unavailable."}}""", 503));
        var down = await Run();

        Assert.Equal(SyncRunStatus.Failed, down.Status);
        Assert.Contains("503", down.Error, StringComparison.Ordinal);
        Assert.Equal(watermark, await Watermark());

        erp.Server.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(1)
            .RespondWith(FakeErp.Json(ErpWorld.ShipmentPage([])).WithDelay(TimeSpan.FromSeconds(5)));
        var slow = await Run();

        Assert.Equal(SyncRunStatus.Failed, slow.Status);
        Assert.Equal(watermark, await Watermark());
        await sp.WithDbAsync(async db =>
        {
            Assert.Empty(await db.DeadLetters.ToListAsync());
            Assert.Empty(await db.Shipments.ToListAsync());
        });
    }

    [Fact]
    public void Completeness_sums_every_shipment_per_item_and_ignores_the_case_of_item_numbers()
    {
        var ordered = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { ["BOLT-M8"] = 24, ["HAMMER-500"] = 2 };

        Assert.False(ShipmentSync.Covers(ordered, [new ShipmentLine("BOLT-M8", 12, "PCS"), new ShipmentLine("HAMMER-500", 2, "PCS")]));
        Assert.True(ShipmentSync.Covers(ordered, [new ShipmentLine("bolt-m8", 12, "PCS"), new ShipmentLine("HAMMER-500", 2, "PCS"), new ShipmentLine("BOLT-M8", 12, "PCS")]));

        // An undone shipment (negative correction line) takes its quantity back.
        Assert.False(ShipmentSync.Covers(ordered, [new ShipmentLine("BOLT-M8", 24, null), new ShipmentLine("HAMMER-500", 2, null), new ShipmentLine("HAMMER-500", -1, null)]));
    }
}
