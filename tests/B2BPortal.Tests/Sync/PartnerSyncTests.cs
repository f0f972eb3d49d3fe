using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Shipping;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using Shipment = B2BPortal.Domain.Shipping.Shipment;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace B2BPortal.Tests.Sync;

public sealed class PartnerSyncTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Customers_bring_status_credit_limit_and_terms_and_unknown_currencies_are_dead_lettered(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(async db =>
        {
            db.Companies.Add(new CustomerCompany("10000", "Adatum (old)", "USD"));
            await db.SaveChangesAsync();
        });
        erp.GivenPage("customers", FakeErp.Page(
        [
            FakeErp.Customer("10000", "Adatum Corporation", "USD", 50000, " ", "2020-08-21T07:38:44.293Z"),
            FakeErp.Customer("20000", "Trey Research", "", 0, "Ship", "2024-11-05T13:20:31.52Z"),
            FakeErp.Customer("30000", "Alpine Ski House GmbH", "EUR", 15000, "Invoice", "2025-02-14T08:05:00Z"),
            FakeErp.Customer("40000", "Zloty Partners", "XTS", 100, " ", "2025-02-15T08:05:00Z"),
        ]));

        var run = await sp.RunAsync(s => s.GetRequiredService<CustomerSync>().RunAsync(false, CancellationToken.None));

        Assert.Equal((4, 2, 1, 1), (run.Read, run.Created, run.Updated, run.Failed));
        Assert.Contains("$expand=paymentTerm", erp.Queries("customers").First(), StringComparison.Ordinal);
        await sp.WithDbAsync(async db =>
        {
            var companies = await db.Companies.AsNoTracking().OrderBy(c => c.ErpCustomerNumber).ToListAsync();
            Assert.Equal(
                [("10000", "Adatum Corporation", CustomerStatus.Active), ("20000", "Trey Research", CustomerStatus.OnHold), ("30000", "Alpine Ski House GmbH", CustomerStatus.Blocked)],
                companies.Select(c => (c.ErpCustomerNumber, c.Name, c.Status)));
            var adatum = await db.CreditTerms.AsNoTracking().SingleAsync(t => t.CompanyId == companies[0].Id);
            Assert.Equal((50000m, "USD", "30 DAYS", "30D"), (adatum.CreditLimit.Amount, adatum.CreditLimit.Currency, adatum.PaymentTermsCode, adatum.DueDateCalculation));
            Assert.Equal("EUR", (await db.CreditTerms.AsNoTracking().SingleAsync(t => t.CompanyId == companies[2].Id)).CreditLimit.Currency);
            Assert.Contains("Unknown currency 'XTS'", (await db.DeadLetters.SingleAsync()).Reason, StringComparison.Ordinal);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ErpCreditLimitChanged" && a.CompanyId == companies[0].Id));
        });
    }

    [Fact]
    public async Task Invoices_are_stored_and_an_invoice_of_an_exported_order_tells_the_order_when_it_changes()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        var orders = new RecordingOrderStatusUpdates();
        await using var sp = SyncServices.Create(database, erp, orders);
        await sp.WithDbAsync(async db =>
        {
            db.Companies.Add(new CustomerCompany("20000", "Trey Research", "USD"));
            db.ErpOrderLinks.Add(new ErpOrderLink("SO-7", "id-7", "101007", DateTimeOffset.UtcNow, false));
            await db.SaveChangesAsync();
        });
        static string Invoice(string number, string customer, string external, string orderNumber, decimal remaining, string status) => $$"""
            {"id":"{{Guid.NewGuid()}}","number":"{{number}}","externalDocumentNumber":"{{external}}","invoiceDate":"2026-11-01","postingDate":"2026-11-01",
             "dueDate":"2026-12-01","customerNumber":"{{customer}}","currencyCode":"","orderNumber":"{{orderNumber}}","totalAmountExcludingTax":164.7,
             "totalTaxAmount":8.24,"totalAmountIncludingTax":172.94,"remainingAmount":{{remaining}},"status":"{{status}}","lastModifiedDateTime":"2026-11-01T10:00:00Z"}
            """;
        erp.GivenPage("salesInvoices", FakeErp.Page(
        [
            Invoice("PS-INV103001", "20000", "", "101007", 172.94m, "Open"),
            Invoice("PS-INV103002", "20000", "", "", 0, "Paid"),
            Invoice("PS-INV103003", "99999", "", "", 0, "Paid"),
        ]));

        var run = await sp.RunAsync(s => s.GetRequiredService<InvoiceSync>().RunAsync(false, CancellationToken.None));
        var again = await sp.RunAsync(s => s.GetRequiredService<InvoiceSync>().RunAsync(false, CancellationToken.None));

        Assert.Equal((3, 2, 1), (run.Read, run.Created, run.Failed));
        Assert.Equal((0, 0), (again.Created, again.Updated));
        Assert.Equal(["invoices SO-7"], orders.Calls);
        Assert.Contains("status ne 'Draft'", erp.Queries("salesInvoices").First(), StringComparison.Ordinal);
        await sp.WithDbAsync(async db =>
        {
            var invoice = await db.Invoices.AsNoTracking().SingleAsync(i => i.Number == "PS-INV103001");
            Assert.Equal(("SO-7", InvoiceStatus.Open, 172.94m, "USD"), (invoice.OrderNumber, invoice.Status, invoice.Remaining.Amount, invoice.Remaining.Currency));
            Assert.Contains("Unknown customer number 99999", (await db.DeadLetters.SingleAsync()).Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Payments_are_stored_against_their_company()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(async db =>
        {
            db.Companies.Add(new CustomerCompany("10400", "Cannon Group", "USD"));
            await db.SaveChangesAsync();
        });
        erp.GivenPage("customerPayments", FakeErp.Page(
        [
            """{"id":"17cce948-c6a5-4861-8ff5-30428ed83207","lineNumber":10000,"customerNumber":"10400","postingDate":"2026-11-20","documentNumber":"1234","externalDocumentNumber":"","amount":1500,"appliesToInvoiceNumber":"100000","description":"","comment":"","lastModifiedDateTime":"2026-11-20T19:02:22.043Z"}""",
            """{"id":"27cce948-c6a5-4861-8ff5-30428ed83207","lineNumber":20000,"postingDate":"2026-11-20","amount":10,"lastModifiedDateTime":"2026-11-20T19:02:23Z"}""",
        ]));

        var run = await sp.RunAsync(s => s.GetRequiredService<PaymentSync>().RunAsync(false, CancellationToken.None));

        Assert.Equal((2, 1, 1), (run.Read, run.Created, run.Failed));
        await sp.WithDbAsync(async db =>
        {
            var payment = await db.CustomerPayments.AsNoTracking().SingleAsync();
            Assert.Equal((1500m, "USD", "100000"), (payment.Amount.Amount, payment.Amount.Currency, payment.AppliesToInvoiceNumber));
            Assert.Contains("Missing required field: customerNumber", (await db.DeadLetters.SingleAsync()).Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Courier_events_are_stored_and_a_delivery_reaches_the_order()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        var orders = new RecordingOrderStatusUpdates();
        await using var sp = SyncServices.Create(database, erp, orders);
        await sp.WithDbAsync(async db =>
        {
            db.Shipments.Add(new Shipment("SO-9", "DHL", "470800204932", true, DateTimeOffset.UtcNow.AddHours(-1)));
            db.Shipments.Add(new Shipment("SO-10", "DHL", "00340434292135100179", false, DateTimeOffset.UtcNow.AddHours(-1)));
            await db.SaveChangesAsync();
        });
        erp.Server.Given(Request.Create().WithPath("/track/shipments").WithParam("trackingNumber", "470800204932").WithHeader("DHL-API-Key", FakeErp.DhlKey).UsingGet())
            .RespondWith(FakeErp.Json("""
                {"shipments":[{"serviceUrl":"https://www.dhl.de/de/privatkunden.html?piececode=470800204932","id":"470800204932","service":"parcel-de",
                  "origin":{"address":{"countryCode":"DE"}},"destination":{"address":{"countryCode":"DE"}},
                  "status":{"timestamp":"2023-03-13T09:50:00","location":{"address":{"addressLocality":"Deutschland"}},"statusCode":"delivered","status":"Die Sendung wurde zugestellt.","description":"Die Sendung wurde zugestellt."},
                  "details":{"product":{"productName":"DHL PAKET"},"proofOfDeliverySignedAvailable":false,"totalNumberOfPieces":1,"pieceIds":["47080020493"]},
                  "events":[
                    {"timestamp":"2023-03-13T09:50:00","location":{"address":{"addressLocality":"Deutschland"}},"statusCode":"delivered","status":"Die Sendung wurde zugestellt.","description":"Die Sendung wurde zugestellt."},
                    {"timestamp":"2023-03-13T08:36:00","statusCode":"transit","status":"In Zustellung.","description":"In Zustellung."},
                    {"timestamp":"2023-03-08T14:43:00","statusCode":"pre-transit","status":"Elektronisch angekündigt.","description":"Elektronisch angekündigt."}]}],
                 "possibleAdditionalShipmentsUrl":["/track/shipments?trackingNumber=470800204932&service=express"]}
                """));
        erp.Server.Given(Request.Create().WithPath("/track/shipments").WithParam("trackingNumber", "00340434292135100179").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"No result found","status":404,"detail":"No shipment with given tracking number found."}"""));

        var run = await sp.RunAsync(s => s.GetRequiredService<ShipmentTracker>().RunAsync(10, TimeSpan.FromHours(2), CancellationToken.None));

        Assert.Equal((SyncRunStatus.Succeeded, 2, 3, 1), (run.Status, run.Read, run.Created, run.Updated));
        Assert.Equal(["shipment SO-9 470800204932 Delivered"], orders.Calls);
        await sp.WithDbAsync(async db =>
        {
            var delivered = await db.Shipments.Include(s => s.Events).AsNoTracking().SingleAsync(s => s.OrderNumber == "SO-9");
            Assert.Equal((ShipmentState.Delivered, 3), (delivered.State, delivered.Events.Count));
            var waiting = await db.Shipments.AsNoTracking().SingleAsync(s => s.OrderNumber == "SO-10");
            Assert.Equal(ShipmentState.PreTransit, waiting.State);
            Assert.True(waiting.NextPollAt > DateTimeOffset.UtcNow.AddHours(1));
        });
    }

    [Fact]
    public async Task The_couriers_quota_stops_the_run_and_leaves_the_rest_for_later()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(async db =>
        {
            db.Shipments.Add(new Shipment("SO-1", "DHL", "111", false, DateTimeOffset.UtcNow.AddHours(-2)));
            db.Shipments.Add(new Shipment("SO-2", "DHL", "222", false, DateTimeOffset.UtcNow.AddHours(-1)));
            await db.SaveChangesAsync();
        });
        erp.Server.Given(Request.Create().WithPath("/track/shipments").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429)
                .WithBody("""{"status":429,"title":"Too Many Requests","detail":"Too many requests within defined time period, please try again later."}"""));

        var run = await sp.RunAsync(s => s.GetRequiredService<ShipmentTracker>().RunAsync(10, TimeSpan.FromHours(2), CancellationToken.None));

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("429", run.Error, StringComparison.Ordinal);
        Assert.Single(erp.Server.LogEntries, e => e.RequestMessage!.Path == "/track/shipments");
    }
}
