using System.Globalization;
using System.Text.Json;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Settlements;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Settlements;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Ordering;
using B2BPortal.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;

namespace B2BPortal.Tests.Settlements;

/// <summary>
/// Settlement matching (on the world's fake clock) beside the real ERP client, PaymentExport, PaymentSync and InvoiceSync
/// (on real time: timeouts and retries) pointed at a <see cref="FakeErp"/>, on one database. Acme (C10000) owes invoice
/// INV-9001 of 1,190.00; the ERP's PORTAL payment journal exists.
/// </summary>
public sealed class ErpPaymentWorld : IAsyncDisposable
{
    public const string Journal = "dc1b6a90-44e3-ea11-bb43-000d3a2feca1";
    public const string Line = "17cce948-c6a5-4861-8ff5-30428ed83207";
    public const string InvoiceId = "5d115c9c-44e3-ea11-bb43-000d3a2feca1";

    private int _priority = 50;

    public required OrderingWorld World { get; init; }

    public required FakeErp Erp { get; init; }

    public required ServiceProvider Sync { get; init; }

    public static async Task<ErpPaymentWorld> CreateAsync(DatabaseProvider provider, Action<Dictionary<string, string?>>? tweak = null)
    {
        var world = await SettlementMatchingTests.WorldAsync(provider);
        var erp = new FakeErp();
        var sync = SyncServices.Create(world.Database, erp, new RecordingOrderStatusUpdates(), s =>
        {
            s["Erp:LocalCurrency"] = "EUR";
            tweak?.Invoke(s);
        });
        return new ErpPaymentWorld { World = world, Erp = erp, Sync = sync };
    }

    /// <summary>The ERP's posted invoice INV-9001 of Acme (C10000): 1,190.00 with this much still open.</summary>
    public async Task GivenInvoiceAsync(decimal remaining, string modified)
    {
        var status = remaining == 0m ? "Paid" : "Open";
        Erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesInvoices")).UsingGet()).AtPriority(--_priority).RespondWith(FakeErp.Json(FakeErp.Page([
            $$"""
            {"id":"{{InvoiceId}}","number":"INV-9001","externalDocumentNumber":"","invoiceDate":"2026-11-01","postingDate":"2026-11-01","dueDate":"2026-12-31",
             "customerNumber":"C10000","customerName":"Acme","currencyCode":"","orderNumber":"","pricesIncludeTax":false,"remainingAmount":{{N(remaining)}},
             "discountAmount":0,"totalAmountExcludingTax":1000,"totalTaxAmount":190,"totalAmountIncludingTax":1190,"status":"{{status}}","lastModifiedDateTime":"{{modified}}"}
            """])));
        var run = await Sync.RunAsync(s => s.GetRequiredService<InvoiceSync>().RunAsync(false, CancellationToken.None));
        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
    }

    /// <summary>The bank statement pays this much of INV-9001, naming it; matching applies it at once.</summary>
    public async Task<PaymentMatch> PayAsync(decimal amount)
    {
        var result = await SettlementMatchingTests.ImportAsync(World, "S-PAY", new CamtDraftEntry(amount, PayerName: "Acme Purchasing", PayerAccount: SettlementMatchingTests.Alpha, Text: "Invoice INV-9001"));
        Assert.Equal(1, Assert.Single(result.Matching).Matched);
        await using var db = World.Database.CreateContext();
        return await db.Set<PaymentMatch>().Include(m => m.Allocations).SingleAsync();
    }

    /// <summary>The PORTAL journal exists; its line for a reference is absent until created.</summary>
    public void GivenJournal()
    {
        Erp.Server.Given(Request.Create().WithPath(FakeErp.Path("customerPaymentJournals")).UsingGet())
            .RespondWith(FakeErp.Json(FakeErp.Page([$$"""{"@odata.etag":"W/\"x\"","id":"{{Journal}}","code":"PORTAL","displayName":"Portal payments","balancingAccountNumber":"10100"}"""])));
    }

    public static string Lines => FakeErp.Path($"customerPaymentJournals({Journal})/customerPayments");

    public Task<SyncRun> ExportAsync() =>
        Sync.RunAsync(s => s.GetRequiredService<PaymentExporter>().RunAsync(100, 5, TimeSpan.FromMinutes(3), CancellationToken.None));

    public Task<SyncRun> PaymentSyncAsync() =>
        Sync.RunAsync(s => s.GetRequiredService<PaymentSync>().RunAsync(false, CancellationToken.None));

    public IReadOnlyList<JsonElement> Posts() => [.. Erp.Server.LogEntries
        .Where(e => e.RequestMessage!.Method == "POST" && e.RequestMessage!.Path == Lines)
        .Select(e => JsonDocument.Parse(e.RequestMessage!.Body!).RootElement.Clone())];

    public async Task<Invoice> InvoiceAsync()
    {
        await using var db = World.Database.CreateContext();
        return await db.Invoices.AsNoTracking().SingleAsync(i => i.Number == "INV-9001");
    }

    public async Task<ErpPaymentLink> LinkAsync()
    {
        await using var db = World.Database.CreateContext();
        return await db.Set<ErpPaymentLink>().AsNoTracking().SingleAsync();
    }

    public async Task RetryAllAsync()
    {
        await using var db = World.Database.CreateContext();
        foreach (var m in await db.OutboxMessages.Where(m => m.Status != OutboxStatus.Done).ToListAsync())
        {
            m.Retry(DateTimeOffset.UtcNow);
        }

        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Sync.DisposeAsync();
        Erp.Dispose();
        await World.DisposeAsync();
    }

    private static string N(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    public static string ErpLine(string reference, decimal amount, string modified, string id = Line) =>
        $$"""
        {"@odata.etag":"W/\"x\"","id":"{{id}}","journalId":"{{Journal}}","journalDisplayName":"PORTAL","lineNumber":10000,"customerId":"00000000-0000-0000-0000-000000000001",
         "customerNumber":"C10000","postingDate":"2026-11-25","documentNumber":"","externalDocumentNumber":"{{reference}}","amount":{{N(amount)}},
         "appliesToInvoiceId":"{{InvoiceId}}","appliesToInvoiceNumber":"INV-9001","description":"Portal match","comment":"","lastModifiedDateTime":"{{modified}}"}
        """;
}
