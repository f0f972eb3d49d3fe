using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Ordering;

/// <summary>
/// The order page as a buyer's document, over orders made the way the demo seeder makes them (cart, checkout, the ERP
/// and courier status port, an invoice from InvoiceSync): lines numbered from 1, shipped and invoiced quantities
/// per line, events and shipment states in words, the ERP's reference as "ERP order 101001" (never its GUID), money in
/// one format and times in the viewer's own time zone.
/// </summary>
public abstract partial class BuyerDocumentWebTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    [Fact]
    public async Task A_delivered_and_invoiced_order_numbers_its_lines_from_one_and_shows_them_shipped_and_invoiced()
    {
        var (buyer, order) = await OrderAsync("delivered", delivered: true);

        var page = await buyer.GetStringAsync($"/Ordering/OrderDetail/{order.Number}");

        Assert.Equal(Enumerable.Range(1, order.Lines.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), LineNumbers().Matches(page).Select(m => m.Groups[1].Value));
        var lines = order.Lines.OrderBy(l => l.LineNumber).ToList();
        Assert.Equal(lines.Select(l => l.Quantity.ToString("#,##0.###", System.Globalization.CultureInfo.InvariantCulture)), Shipped().Matches(page).Select(m => m.Groups[1].Value));
        Assert.Equal(lines.Select(l => l.Quantity.ToString("#,##0.###", System.Globalization.CultureInfo.InvariantCulture)), Invoiced().Matches(page).Select(m => m.Groups[1].Value));
        Assert.Contains($"data-testid=\"erp-reference\">ERP order {order.ErpOrderNumber}</span>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(order.ErpOrderId!, page, StringComparison.Ordinal);
        Assert.DoesNotContain(">10000<", page, StringComparison.Ordinal);
        Assert.Matches($"data-testid=\"invoice-link\"[^>]*>Invoice {InvoiceNumber(order)}</a>", page);
        Assert.Contains("<strong>Order placed</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>Delivered</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\((place|submit to the ERP|ship|deliver|invoice|close)\)", page);
        Assert.DoesNotContain("PreTransit", page, StringComparison.Ordinal);
        Assert.DoesNotContain("InTransit", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unit_prices_and_totals_are_written_the_same_way()
    {
        var (buyer, order) = await OrderAsync("prices", delivered: true);

        var page = await buyer.GetStringAsync($"/Ordering/OrderDetail/{order.Number}");

        var first = order.Lines.OrderBy(l => l.LineNumber).First();
        Assert.Contains($">{Money.Format(first.UnitPrice, "EUR")}</td>", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"order-total\">{order.Total}</th>", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d EUR<", page);
        Assert.Equal("EUR 31,456.00", Money.Of(31456m, "EUR").ToString());
        Assert.Equal("EUR 0.0125", Money.Format(0.0125m, "EUR"));
    }

    [Fact]
    public async Task A_partly_shipped_order_says_where_it_cannot_tell_per_line_and_names_the_shipment_state_in_words()
    {
        var (buyer, order) = await OrderAsync("partly", delivered: false);

        var page = await buyer.GetStringAsync($"/Ordering/OrderDetail/{order.Number}");

        Assert.Equal(order.Lines.Count, ShippedInPart().Count(page));
        Assert.All(Invoiced().Matches(page), m => Assert.Equal("0", m.Groups[1].Value));
        Assert.Contains("data-testid=\"shipment-state\">Being prepared for dispatch</span>", page, StringComparison.Ordinal);
        Assert.Contains($"ERP order {order.ErpOrderNumber}", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_show_in_the_zone_the_buyer_picks_and_the_browsers_zone_never_overrides_it()
    {
        var (buyer, order) = await OrderAsync("zone", delivered: false);
        var email = Email("zone");

        var before = await buyer.GetStringAsync($"/Ordering/OrderDetail/{order.Number}");
        Assert.Contains("id=\"timezone-detect\"", before, StringComparison.Ordinal);
        Assert.Contains("Times in UTC until your browser&#x27;s zone is known", before, StringComparison.Ordinal);

        var detected = await PortalFactory.PostFormAsync(buyer, "/Account/Profile?handler=Detected", new Dictionary<string, string> { ["TimeZone"] = "Asia/Tokyo" }, "/Account/Profile");
        Assert.Equal(HttpStatusCode.OK, detected.StatusCode);
        var chosen = await PortalFactory.PostFormAsync(buyer, "/Account/Profile", new Dictionary<string, string> { ["TimeZone"] = "America/New_York" }, "/Account/Profile");
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        await PortalFactory.PostFormAsync(buyer, "/Account/Profile?handler=Detected", new Dictionary<string, string> { ["TimeZone"] = "Asia/Tokyo" }, "/Account/Profile");
        var bogus = await PortalFactory.PostFormAsync(buyer, "/Account/Profile", new Dictionary<string, string> { ["TimeZone"] = "Mars/Olympus" }, "/Account/Profile");

        var after = await buyer.GetStringAsync($"/Ordering/OrderDetail/{order.Number}");
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var placed = TimeZoneInfo.ConvertTime(order.CreatedAt, newYork).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"data-testid=\"placed-at\">{placed}</time>", after, StringComparison.Ordinal);
        Assert.Contains("Times in America/New_York (UTC-0", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"timezone-detect\"", after, StringComparison.Ordinal);
        Assert.Contains("is not a time zone this portal knows", await bogus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("America/New_York", await StoredZoneAsync(email));
    }

    [Fact]
    public async Task The_order_downloads_as_XLSX_and_CSV_with_the_pages_lines_and_no_other_company_gets_it()
    {
        var (buyer, order) = await OrderAsync("export", delivered: true);
        var borealis = await portal.SignedInAsync("buyer@borealis.example");

        var xlsx = await buyer.GetAsync($"/Ordering/OrderDetail/{order.Number}?handler=Export&format=xlsx");
        var csv = await buyer.GetStringAsync($"/Ordering/OrderDetail/{order.Number}?handler=Export&format=csv");
        var foreign = await borealis.GetAsync($"/Ordering/OrderDetail/{order.Number}?handler=Export&format=xlsx");
        var unknown = await buyer.GetAsync($"/Ordering/OrderDetail/{order.Number}?handler=Export&format=pdf");

        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"order-{order.Number}.xlsx", xlsx.Content.Headers.ContentDisposition!.FileNameStar ?? xlsx.Content.Headers.ContentDisposition.FileName);
        var cells = Cells(await xlsx.Content.ReadAsByteArrayAsync());
        var lines = order.Lines.OrderBy(l => l.LineNumber).ToList();
        Assert.Equal(["Line", "SKU", "Product", "Ordered", "Unit", "Shipped", "Invoiced", "Unit price", "Line total", "Currency"], cells[0]);
        Assert.Equal(lines.Count + 1, cells.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal([(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), lines[i].Sku, lines[i].Name], cells[i + 1].Take(3));
            Assert.Equal(lines[i].Quantity, decimal.Parse(cells[i + 1][5], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(lines[i].LineTotal.Amount, decimal.Parse(cells[i + 1][8], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.StartsWith("Line,SKU,Product,Ordered,Unit,Shipped,Invoiced,Unit price,Line total,Currency", csv, StringComparison.Ordinal);
        Assert.Contains($"1,{lines[0].Sku},", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task Order_history_cart_and_a_saved_list_download_and_the_list_shows_todays_prices()
    {
        var (buyer, order) = await OrderAsync("history", delivered: false);
        var sku = (await OrderableSkus.FindAsync(portal, "C10000", 1))[0];
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(buyer, "/Ordering/Cart?handler=Add",
            new Dictionary<string, string> { ["sku"] = sku, ["quantity"] = "3" }, "/Ordering/Cart")).StatusCode);
        var created = await PortalFactory.PostFormAsync(buyer, "/Ordering/Lists?handler=Create", new Dictionary<string, string> { ["Name"] = "=HYPERLINK(\"x\")", ["Shared"] = "false" }, "/Ordering/Lists");
        var listUrl = created.Headers.Location!.OriginalString;
        var id = listUrl[(listUrl.IndexOf("id=", StringComparison.Ordinal) + 3)..];
        await PortalFactory.PostFormAsync(buyer, $"/Ordering/Lists?handler=SetLine&id={id}", new Dictionary<string, string> { ["sku"] = sku, ["quantity"] = "4" }, listUrl);

        var history = Cells(await buyer.GetByteArrayAsync($"/Ordering/Orders?handler=Export&format=xlsx&Po=PO-history"));
        var cart = await buyer.GetStringAsync("/Ordering/Cart?handler=Export&format=csv");
        var listPage = await buyer.GetStringAsync($"/Ordering/Lists?id={id}");
        var list = await buyer.GetStringAsync($"/Ordering/Lists?handler=Export&id={id}&format=csv");

        Assert.Equal(order.Number, history[1][0]);
        Assert.Equal(2, history.Count);
        Assert.StartsWith("SKU,Product,Quantity,Unit,Unit price,Line total,Currency,Availability,Problem", cart, StringComparison.Ordinal);
        Assert.Contains($"{sku},", cart, StringComparison.Ordinal);
        var unitPrice = Regex.Match(listPage, "data-testid=\"list-unit-price\">EUR ([0-9,.]+)</td>");
        Assert.True(unitPrice.Success, "the list shows today's unit price");
        Assert.Contains("data-testid=\"list-total\">EUR ", listPage, StringComparison.Ordinal);
        Assert.StartsWith("SKU,Product,Quantity,Unit price today,Line total,Currency,Note", list, StringComparison.Ordinal);
        Assert.Contains($"{sku},", list, StringComparison.Ordinal);
        Assert.Contains($",4,{unitPrice.Groups[1].Value.Replace(",", "", StringComparison.Ordinal)},", list, StringComparison.Ordinal);
    }

    /// <summary>Every cell of the first sheet as text, row by row.</summary>
    private static List<List<string>> Cells(byte[] xlsx)
    {
        B2BPortal.Integration.Spreadsheets.SpreadsheetLicence.EnsureSet();
        using var package = new OfficeOpenXml.ExcelPackage(new MemoryStream(xlsx));
        var sheet = package.Workbook.Worksheets[0];
        var end = sheet.Dimension.End;
        return Enumerable.Range(1, end.Row)
            .Select(r => Enumerable.Range(1, end.Column).Select(c => Convert.ToString(sheet.Cells[r, c].Value, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList())
            .ToList();
    }

    private static string Provider => typeof(TPortal).Name.Replace("Portal", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string Email(string name) => $"doc-{name}-{Provider}@acme.example";

    private static string InvoiceNumber(Order order) => $"INV-{order.Number}";

    /// <summary>
    /// A new Acme buyer's order of three lines, accepted by the ERP; delivered (DHL) and invoiced in full, or with a first
    /// shipment of the ERP's own van that carries no item lines and no invoice.
    /// </summary>
    private async Task<(HttpClient Buyer, Order Order)> OrderAsync(string name, bool delivered)
    {
        var email = Email(name);
        await TestUsers.CreateAsync(portal, email, Roles.Buyer, "C10000");
        var skus = await OrderableSkus.FindAsync(portal, "C10000", 3);
        string number;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<PortalDbContext>();
            var updates = services.GetRequiredService<IOrderStatusUpdates>();
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
            var actor = Actor.User(user.Id, user.DisplayName, user.CompanyId, new HashSet<string> { Roles.Buyer });
            foreach (var sku in skus)
            {
                await services.GetRequiredService<CartService>().AddAsync(actor, sku, 2m, CancellationToken.None);
            }

            number = (await services.GetRequiredService<PlaceOrder>().ExecuteAsync(actor, new PlaceOrderCommand(null, $"PO-{name}", null, null, null, null, null), CancellationToken.None)).OrderNumber;
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(1);
            var erpId = Guid.NewGuid().ToString();
            var erpNumber = $"9{Math.Abs(number.GetHashCode(StringComparison.Ordinal)) % 100000:D5}";
            db.ErpOrderLinks.Add(new ErpOrderLink(number, erpId, erpNumber, now, foundExisting: false));
            var key = OrderPlacedMessage.IdempotencyKey(number);
            (await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == key)).Succeeded(now);
            await db.SaveChangesAsync();
            await updates.SubmittedToErpAsync(number, erpId, erpNumber, now, CancellationToken.None);
            if (delivered)
            {
                var tracking = $"JJD{Math.Abs(number.GetHashCode(StringComparison.Ordinal)):D12}";
                await updates.ShipmentChangedAsync(number, new ShipmentNotice("DHL", tracking, ShipmentState.InTransit, now.AddSeconds(1), true, null, $"S-{number}"), CancellationToken.None);
                await updates.ShipmentChangedAsync(number, new ShipmentNotice("DHL", tracking, ShipmentState.Delivered, now.AddSeconds(2), true, null, $"S-{number}"), CancellationToken.None);
                var order = await db.Orders().AsNoTracking().SingleAsync(o => o.Number == number);
                var today = DateOnly.FromDateTime(now.UtcDateTime);
                var gross = (order.Total * 1.19m).RoundToCents();
                var invoice = new Invoice(Guid.NewGuid().ToString(), InvoiceNumber(order), order.CompanyId);
                invoice.ApplyErp(order.CompanyId, number, today, today.AddDays(30), order.Total, gross, gross, InvoiceStatus.Open, now.AddSeconds(3));
                db.Invoices.Add(invoice);
                await db.SaveChangesAsync();
                await updates.InvoicesChangedAsync(number, now.AddSeconds(3), CancellationToken.None);
            }
            else
            {
                await updates.ShipmentChangedAsync(number, new ShipmentNotice("OWNFLEET", "", ShipmentState.PreTransit, now.AddSeconds(1), false, null, $"S-{number}"), CancellationToken.None);
            }
        }

        await using var read = portal.Services.CreateAsyncScope();
        var placed = await read.ServiceProvider.GetRequiredService<PortalDbContext>().Orders().AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Number == number);
        return (await portal.SignedInAsync(email), placed);
    }

    private async Task<string?> StoredZoneAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Users.Where(u => u.Email == email).Select(u => u.TimeZone).SingleAsync();
    }

    [GeneratedRegex("data-testid=\"line-number\">(\\d+)</td>")]
    private static partial Regex LineNumbers();

    [GeneratedRegex("data-testid=\"line-shipped\">([0-9.,]+)</td>")]
    private static partial Regex Shipped();

    [GeneratedRegex("data-testid=\"line-shipped\">\\s*<a href=\"#shipments\"")]
    private static partial Regex ShippedInPart();

    [GeneratedRegex("data-testid=\"line-invoiced\">([0-9.,]+)</td>")]
    private static partial Regex Invoiced();
}

[Collection(SharedSqlitePortal.Name)]
public sealed class BuyerDocumentWebTestsOnSqlite(SqlitePortal portal) : BuyerDocumentWebTests<SqlitePortal>(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class BuyerDocumentWebTestsOnPostgres(PostgresPortal portal) : BuyerDocumentWebTests<PostgresPortal>(portal);
