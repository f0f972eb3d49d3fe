using System.Globalization;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;

namespace B2BPortal.Tests.Sync;

/// <summary>The ERP's posted sales invoices, as salesInvoice.get.json shows them, and InvoiceSync over them.</summary>
public sealed partial class ErpWorld
{
    /// <summary>The first page of salesInvoices from now on (each call takes precedence over the previous one).</summary>
    public void GivenInvoices(params string[] invoices) =>
        Erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesInvoices")).UsingGet())
            .AtPriority(--_priority)
            .RespondWith(FakeErp.Json(FakeErp.Page(invoices)));

    public Task<SyncRun> InvoiceSyncAsync() =>
        World.WithAsync(sp => sp.GetRequiredService<InvoiceSync>().RunAsync(false, CancellationToken.None));

    public async Task<(OrderState State, InvoicingState Invoicing)> TracksAsync(string orderNumber)
    {
        await using var db = World.Database.CreateContext();
        var order = await db.Orders().AsNoTracking().SingleAsync(o => o.Number == orderNumber);
        return (order.State, order.Invoicing);
    }

    /// <summary>A posted sales invoice of customer C10000 in the local currency naming the portal order and the ERP's order; 19 % tax.</summary>
    public static string Invoice(string number, string orderNumber, string erpOrderNumber, decimal net, string status, string modified)
    {
        var gross = decimal.Round(net * 1.19m, 2);
        var remaining = status == "Open" ? gross : 0m;
        string N(decimal d) => d.ToString(CultureInfo.InvariantCulture);
        return $$"""
            {"id":"{{StableId("invoice/" + number)}}","number":"{{number}}","externalDocumentNumber":"{{orderNumber}}","invoiceDate":"{{modified[..10]}}",
             "postingDate":"{{modified[..10]}}","dueDate":"2026-12-31","customerPurchaseOrderReference":"","customerNumber":"C10000","customerName":"Acme",
             "currencyCode":"","orderNumber":"{{erpOrderNumber}}","pricesIncludeTax":false,"remainingAmount":{{N(remaining)}},"discountAmount":0,
             "totalAmountExcludingTax":{{N(net)}},"totalTaxAmount":{{N(gross - net)}},"totalAmountIncludingTax":{{N(gross)}},"status":"{{status}}",
             "lastModifiedDateTime":"{{modified}}"}
            """;
    }
}
