using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Quotes;

/// <summary>
/// Quotes through the real Portal over the demo data: a buyer asks by pasted lines, the demo rep reviews, prices and sends,
/// the buyer accepts and gets the order; cost is never on the buyer's page; another company's buyer gets 404 on every post.
/// </summary>
public abstract partial class QuotesWebTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    [Fact]
    public async Task A_buyer_requests_the_rep_offers_and_sends_and_accepting_places_the_order_at_the_quoted_price()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var rep = await portal.SignedInAsync("rep@b2bportal.example");
        var sku = await SkuAsync("C10000");

        var requested = await PortalFactory.PostFormAsync(buyer, "/Quotes/Request", new Dictionary<string, string> { ["Lines"] = $"{sku} 4", ["Notes"] = "Web journey" });
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var url = requested.Headers.Location!.ToString();
        var number = url[(url.LastIndexOf('/') + 1)..];

        var page = await rep.GetStringAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(rep, url, "Act", page, new() { ["trigger"] = nameof(QuoteTrigger.StartReview) })).StatusCode);
        page = await rep.GetStringAsync(url);
        Assert.Contains("data-testid=\"cost\"", page, StringComparison.Ordinal);
        var revised = await PostAsync(rep, url, "Revise", page, new()
        {
            ["headerDiscount"] = "0",
            ["lines[0].LineNumber"] = Hidden(page, "lines[0].LineNumber"),
            ["lines[0].Quantity"] = "4",
            ["lines[0].OfferedPrice"] = "987.65",
        });
        Assert.Equal(HttpStatusCode.Redirect, revised.StatusCode);
        page = await rep.GetStringAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(rep, url, "Act", page, new()
        {
            ["trigger"] = nameof(QuoteTrigger.Send),
            ["validUntil"] = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd"),
        })).StatusCode);

        var buyerPage = await buyer.GetStringAsync(url);
        Assert.Contains("987.65", buyerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"cost\"", buyerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Margin", buyerPage, StringComparison.Ordinal);
        var accepted = await PostAsync(buyer, url, "Accept", buyerPage, new() { ["versionNumber"] = "1", ["purchaseOrderNumber"] = "PO-QUOTE-WEB" });
        var again = await PostAsync(buyer, url, "Accept", buyerPage, new() { ["versionNumber"] = "1", ["purchaseOrderNumber"] = "PO-QUOTE-WEB" });

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(accepted.Headers.Location, again.Headers.Location);
        Assert.Contains("/Ordering/OrderDetail/", accepted.Headers.Location!.ToString(), StringComparison.Ordinal);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var order = await db.Orders().Include(o => o.Lines).SingleAsync(o => o.IdempotencyKey == ConvertQuote.Key(number));
        Assert.Equal(987.65m, order.Lines.Single().UnitPrice);
        Assert.Equal("PO-QUOTE-WEB", order.PurchaseOrderNumber);
    }

    [Fact]
    public async Task Another_company_s_buyer_gets_404_for_every_post_on_a_quote()
    {
        var number = (await QuotesAccessRulesQuoteAsync()).RouteValues["quoteNumber"];
        var acme = await portal.SignedInAsync("buyer@acme.example");
        var url = $"/Quotes/Detail/{number}";
        foreach (var handler in new[] { "Act", "Revise", "Accept" })
        {
            var response = await PortalFactory.PostFormAsync(acme, $"{url}?handler={handler}",
                new Dictionary<string, string> { ["trigger"] = nameof(QuoteTrigger.Cancel), ["seen"] = "1", ["versionNumber"] = "1" }, "/Quotes/Request");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_pasted_line_outside_the_catalog_is_named_and_nothing_is_requested()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var before = await db.Quotes().CountAsync();

        var response = await PortalFactory.PostFormAsync(buyer, "/Quotes/Request", new Dictionary<string, string> { ["Lines"] = "NO-SUCH-SKU-4711 2" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing was requested", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await db.Quotes().CountAsync());
    }

    private async Task<B2BPortal.Tests.Web.ForeignData> QuotesAccessRulesQuoteAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await QuotesAccessRules.BorealisQuoteAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    /// <summary>Posts a handler of the quote page with the page's anti-forgery token and the quote version it shows.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string handler, string page, Dictionary<string, string> fields)
    {
        if (!fields.ContainsKey("seen") && page.Contains("name=\"seen\"", StringComparison.Ordinal))
        {
            fields["seen"] = Hidden(page, "seen");
        }

        return await PortalFactory.PostFormAsync(client, $"{url}?handler={handler}", fields, url);
    }

    private async Task<string> SkuAsync(string erpCustomerNumber)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var companyId = await db.Companies.Where(c => c.ErpCustomerNumber == erpCustomerNumber).Select(c => c.Id).SingleAsync();
        return await db.Products.VisibleTo(db, companyId).Where(p => p.PackSize == 1).OrderByDescending(p => p.Id).Select(p => p.Sku).FirstAsync();
    }

    /// <summary>A hidden field as the quote page writes it: name first, then value.</summary>
    private static string Hidden(string html, string name) =>
        HiddenField().Matches(html).FirstOrDefault(m => m.Groups["name"].Value == name)?.Groups["value"].Value
            ?? throw new InvalidOperationException($"No field {name} in the page.");

    [GeneratedRegex("name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenField();
}

public sealed class QuotesWebTestsOnSqlite(SqlitePortal portal) : QuotesWebTests<SqlitePortal>(portal), IClassFixture<SqlitePortal>;

public sealed class QuotesWebTestsOnPostgres(PostgresPortal portal) : QuotesWebTests<PostgresPortal>(portal), IClassFixture<PostgresPortal>;
