using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace B2BPortal.Tests.Sync;

public sealed partial class ErpWorld : IAsyncDisposable
{
    private int _priority = 50;

    private ErpWorld(OrderingWorld world, FakeErp erp)
    {
        World = world;
        Erp = erp;
    }

    public OrderingWorld World { get; }

    public FakeErp Erp { get; }

    public static async Task<ErpWorld> CreateAsync(DatabaseProvider provider, Action<Dictionary<string, string?>>? tweak = null)
    {
        var erp = new FakeErp();
        var settings = new Dictionary<string, string?>(erp.PortalSettings())
        {
            ["Couriers:Dhl:BaseUrl"] = erp.Url + "/track",
            ["Couriers:Dhl:ApiKey"] = FakeErp.DhlKey,
        };
        tweak?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var world = await OrderingWorld.CreateAsync(provider, s => s.AddPartnerSync(configuration));
        return new ErpWorld(world, erp);
    }

    /// <summary>Buyer A orders; OrderExport sends it to the ERP, which answers with its own order number.</summary>
    public async Task<string> PlaceAndExportAsync(string erpOrderNumber, params (string Sku, decimal Quantity)[] lines)
    {
        var order = await PlaceAsync(lines);
        GivenSalesOrderCreated(order, erpOrderNumber);
        var export = await ExportAsync();
        Assert.Equal(SyncRunStatus.Succeeded, export.Status);
        Assert.Equal(OrderState.Confirmed, await StateAsync(order));
        return order;
    }

    /// <summary>Buyer A (company C10000) places an order of these lines; returns its number.</summary>
    public async Task<string> PlaceAsync(params (string Sku, decimal Quantity)[] lines)
    {
        await PlaceOrderTests.AddAsync(World, World.BuyerA, lines);
        var placed = await PlaceOrderTests.PlaceAsync(World, World.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        return placed.OrderNumber;
    }

    /// <summary>The ERP has no such order yet, and creates it (answering with its own number) when the export posts it.</summary>
    public void GivenSalesOrderCreated(string orderNumber, string erpOrderNumber)
    {
        Erp.GivenPage("salesOrders", FakeErp.Page([]));
        Erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders")).UsingPost().WithBody(new WildcardMatcher($"*\"{orderNumber}\"*")))
            .RespondWith(FakeErp.Json($$"""{"id":"{{StableId(erpOrderNumber)}}","number":"{{erpOrderNumber}}","externalDocumentNumber":"{{orderNumber}}","customerNumber":"C10000","status":"Open"}""", 201));
    }

    /// <summary>The ERP deletes its sales order when asked (204).</summary>
    public void GivenSalesOrderDeletable(string erpOrderNumber) =>
        Erp.Server.Given(Request.Create().WithPath(FakeErp.Path($"salesOrders({StableId(erpOrderNumber)})")).UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(204));

    public Task<SyncRun> ExportAsync() =>
        World.WithAsync(sp => sp.GetRequiredService<OrderExporter>().RunAsync(100, 5, CancellationToken.None));

    public Task<SyncRun> TrackAsync() =>
        World.WithAsync(sp => sp.GetRequiredService<ShipmentTracker>().RunAsync(10, TimeSpan.FromHours(2), CancellationToken.None));

    public int Requests(string method, string entityPrefix) =>
        Erp.Server.LogEntries.Count(e => e.RequestMessage!.Method == method && e.RequestMessage!.Path.StartsWith(FakeErp.Path(entityPrefix), StringComparison.Ordinal));

    /// <summary>The first page of salesShipments from now on (each call takes precedence over the previous one).</summary>
    public void GivenShipments(string body) =>
        Erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesShipments")).WithParam("$expand", "salesShipmentLines").UsingGet())
            .AtPriority(--_priority)
            .RespondWith(FakeErp.Json(body));

    public void GivenDhlDelivered(string trackingNumber, string deliveredAt) =>
        Erp.Server.Given(Request.Create().WithPath("/track/shipments").WithParam("trackingNumber", trackingNumber).WithHeader("DHL-API-Key", FakeErp.DhlKey).UsingGet())
            .RespondWith(FakeErp.Json($$$"""
                {"shipments":[{"id":"{{{trackingNumber}}}","service":"parcel-de",
                  "serviceUrl":"https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode={{{trackingNumber}}}",
                  "origin":{"address":{"countryCode":"DE","addressLocality":"Hamburg"}},"destination":{"address":{"countryCode":"DE"}},
                  "status":{"timestamp":"{{{deliveredAt}}}","location":{"address":{"addressLocality":"Hamburg","postalCode":"20457","countryCode":"DE"}},"statusCode":"delivered","status":"Delivered","description":"The shipment has been delivered."},
                  "details":{"product":{"productName":"DHL PAKET"},"totalNumberOfPieces":1,"pieceIds":["{{{trackingNumber}}}"]},
                  "events":[
                    {"timestamp":"{{{deliveredAt}}}","location":{"address":{"addressLocality":"Hamburg","postalCode":"20457","countryCode":"DE"}},"statusCode":"delivered","status":"Delivered","description":"The shipment has been delivered."},
                    {"timestamp":"2026-11-26T07:02:00","statusCode":"transit","status":"Out for delivery","description":"The shipment has been loaded onto the delivery vehicle."},
                    {"timestamp":"2026-11-25T18:20:00","statusCode":"pre-transit","status":"Announced","description":"The shipment has been electronically announced."}]}]}
                """));

    public Task<SyncRun> ShipmentSyncAsync() =>
        World.WithAsync(sp => sp.GetRequiredService<ShipmentSync>().RunAsync(false, CancellationToken.None));

    public async Task<OrderState> StateAsync(string orderNumber)
    {
        await using var db = World.Database.CreateContext();
        return await db.Orders().Where(o => o.Number == orderNumber).Select(o => o.State).SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await World.DisposeAsync();
        Erp.Dispose();
    }

    /// <summary>A posted sales shipment as Business Central v2.0 returns it, plus the two fields an extension adds; null leaves a field out.</summary>
    public static string Shipment(string number, string? customer, string? externalDocument, string? erpOrder, string postingDate, string modified,
        string? agent, string? tracking, params (string Item, decimal Quantity)[] lines)
    {
        var id = StableId(number);
        var fields = new List<string>
        {
            "\"@odata.etag\": \"W/\\\"JzE5OzE0NTQ1NzQ2MzYwNzYzOTg2NzQxOzAwOyc=\\\"\"",
            $"\"id\": \"{id}\"",
            $"\"number\": \"{number}\"",
            $"\"externalDocumentNumber\": \"{externalDocument}\"",
            $"\"invoiceDate\": \"{postingDate}\"",
            $"\"postingDate\": \"{postingDate}\"",
            $"\"dueDate\": \"{postingDate}\"",
            "\"customerPurchaseOrderReference\": \"\"",
            "\"customerId\": \"1b7bd4a1-44e3-ea11-bb43-000d3a2feca1\"",
            "\"customerName\": \"Acme\"",
            "\"shipToName\": \"Warehouse\"",
            "\"shipToAddressLine1\": \"Hafenstr. 1\"",
            "\"shipToCity\": \"Hamburg\"",
            "\"shipToCountry\": \"DE\"",
            "\"shipToPostCode\": \"20457\"",
            "\"currencyCode\": \"\"",
            $"\"orderNumber\": \"{erpOrder}\"",
            "\"paymentTermsCode\": \"14 DAYS\"",
            "\"shipmentMethodCode\": \"\"",
            "\"salesperson\": \"PS\"",
            "\"pricesIncludeTax\": false",
            $"\"lastModifiedDateTime\": \"{modified}\"",
        };
        if (customer is not null)
        {
            fields.Add($"\"customerNumber\": \"{customer}\"");
        }

        if (agent is not null)
        {
            fields.Add($"\"shippingAgentCode\": \"{agent}\"");
        }

        if (tracking is not null)
        {
            fields.Add($"\"packageTrackingNo\": \"{tracking}\"");
        }

        var lineJson = lines.Select((l, i) => $$"""
            {"@odata.etag":"W/\"JzE5Ozg2\"","id":"{{StableId(number + "/" + i)}}","documentId":"{{id}}","documentNo":"{{number}}","sequence":{{(i + 1) * 10000}},
             "lineType":"Item","lineObjectNumber":"{{l.Item}}","description":"{{l.Item}}","description2":"","unitOfMeasureCode":"PCS","unitPrice":19.9,
             "quantity":{{l.Quantity.ToString(CultureInfo.InvariantCulture)}},"discountPercent":0,"taxPercent":19,"shipmentDate":"{{postingDate}}"}
            """).Append($$"""
            {"@odata.etag":"W/\"JzE5Ozg3\"","id":"{{StableId(number + "/comment")}}","documentId":"{{id}}","documentNo":"{{number}}","sequence":90000,
             "lineType":"Comment","lineObjectNumber":"","description":"Delivery between 8 and 16 h","description2":"","unitOfMeasureCode":"","unitPrice":0,
             "quantity":0,"discountPercent":0,"taxPercent":0,"shipmentDate":"{{postingDate}}"}
            """);
        fields.Add($"\"salesShipmentLines\": [{string.Join(",", lineJson)}]");
        return "{" + string.Join(", ", fields) + "}";
    }

    public static string ShipmentPage(IEnumerable<string> values, string? nextLink = null) => FakeErp.Page(values, nextLink)
        .Replace("/items\"", "/salesShipments(salesShipmentLines())\"", StringComparison.Ordinal);

    public static Guid StableId(string seed) => new(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16));

    /// <summary>An <see cref="OrderingWorld"/> (real ordering use cases and status updates) with the partner sync pointed at WireMock.</summary>
}
