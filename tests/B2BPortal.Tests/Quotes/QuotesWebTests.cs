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

    [Fact]
    public async Task The_rep_allows_partial_acceptance_and_the_buyer_orders_only_the_ticked_line()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var rep = await portal.SignedInAsync("rep@b2bportal.example");
        var skus = await SkusAsync("C10000", 2);
        var (url, number) = await RequestAsync(buyer, $"{skus[0]} 3\n{skus[1]} 5");

        var page = await ReviewAsync(rep, url);
        Assert.Contains("data-testid=\"allow-partial\"", page, StringComparison.Ordinal);
        var first = Hidden(page, "lines[0].LineNumber");
        var second = Hidden(page, "lines[1].LineNumber");
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(rep, url, "Revise", page, new()
        {
            ["headerDiscount"] = "0",
            ["lines[0].LineNumber"] = first, ["lines[0].Quantity"] = "3", ["lines[0].OfferedPrice"] = "991.11",
            ["lines[1].LineNumber"] = second, ["lines[1].Quantity"] = "5", ["lines[1].OfferedPrice"] = "992.22",
            ["allowPartial"] = "true",
        })).StatusCode);
        await SendAsync(rep, url);

        var buyerPage = await buyer.GetStringAsync(url);
        Assert.Contains("data-testid=\"partial-allowed\"", buyerPage, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(buyerPage, "data-testid=\"accept-line\""));
        var accepted = await PostAsync(buyer, url, "Accept", buyerPage, new() { ["versionNumber"] = "1", ["choose"] = "true", ["lines"] = second, ["purchaseOrderNumber"] = "PO-PARTIAL-WEB" });

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var order = await db.Orders().Include(o => o.Lines).SingleAsync(o => o.IdempotencyKey == ConvertQuote.Key(number));
        var line = Assert.Single(order.Lines);
        Assert.Equal((skus[1], 992.22m), (line.Sku, line.UnitPrice));
        Assert.Contains("(not accepted)", await buyer.GetStringAsync(url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buyer_and_rep_compare_any_two_versions_not_only_consecutive_ones()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var rep = await portal.SignedInAsync("rep@b2bportal.example");
        var (url, _) = await RequestAsync(buyer, $"{(await SkusAsync("C10000", 1))[0]} 4");

        // Version 1 at 999, version 2 at 998, version 3 at 997.50 (above the list price, so no margin-floor approval): each sent, the buyer asking for another in between.
        foreach (var (price, last) in new[] { ("999", false), ("998", false), ("997.50", true) })
        {
            var page = await ReviewAsync(rep, url);
            Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(rep, url, "Revise", page, new()
            {
                ["headerDiscount"] = "0", ["lines[0].LineNumber"] = Hidden(page, "lines[0].LineNumber"), ["lines[0].Quantity"] = "4", ["lines[0].OfferedPrice"] = price,
            })).StatusCode);
            await SendAsync(rep, url);
            if (!last)
            {
                Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(buyer, url, "Act", await buyer.GetStringAsync(url), new()
                {
                    ["trigger"] = nameof(QuoteTrigger.RequestRevision), ["reason"] = "Lower, please",
                })).StatusCode);
            }
        }

        foreach (var viewer in new[] { buyer, rep })
        {
            var byDefault = WebUtility.HtmlDecode(await viewer.GetStringAsync(url));
            Assert.Contains("Version 2 → version 3", byDefault, StringComparison.Ordinal);
            Assert.Contains("998.00 → 997.50", byDefault, StringComparison.Ordinal);
            var firstToLast = WebUtility.HtmlDecode(await viewer.GetStringAsync(url + "?from=1&to=3"));
            Assert.Contains("Version 1 → version 3", firstToLast, StringComparison.Ordinal);
            Assert.Contains("999.00 → 997.50", firstToLast, StringComparison.Ordinal);
            // Picked the other way round, it still reads older → newer.
            Assert.Contains("999.00 → 998.00", WebUtility.HtmlDecode(await viewer.GetStringAsync(url + "?from=2&to=1")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_price_trace_names_the_quote_whose_price_wins_over_the_lists()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var rep = await portal.SignedInAsync("rep@b2bportal.example");
        var sku = (await SkusAsync("C10000", 3))[2];
        var (url, number) = await RequestAsync(buyer, $"{sku} 4");
        var page = await ReviewAsync(rep, url);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(rep, url, "Revise", page, new()
        {
            ["headerDiscount"] = "0", ["lines[0].LineNumber"] = Hidden(page, "lines[0].LineNumber"), ["lines[0].Quantity"] = "4", ["lines[0].OfferedPrice"] = "993.21",
        })).StatusCode);
        var companyId = await CompanyIdAsync("C10000");
        var beforeSending = await rep.GetStringAsync($"/Pricing/Explain?customer={companyId}&sku={sku}&qty=4");
        Assert.DoesNotContain("data-testid=\"explain-quote\"", beforeSending, StringComparison.Ordinal);

        await SendAsync(rep, url);
        var trace = await rep.GetStringAsync($"/Pricing/Explain?customer={companyId}&sku={sku}&qty=4");

        Assert.Contains("A quote wins", trace, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"explain-quote\"", trace, StringComparison.Ordinal);
        Assert.Contains($"Quote {number} v1", trace, StringComparison.Ordinal);
        Assert.Contains("993.21", trace, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"explain-result\"", trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rep_s_inbox_shows_the_pipeline_for_a_period_and_a_backwards_period_is_explained()
    {
        var rep = await portal.SignedInAsync("rep@b2bportal.example");

        var inbox = await rep.GetStringAsync("/Quotes/Inbox");
        var backwards = await rep.GetAsync("/Quotes/Inbox?From=2026-12-01&To=2026-11-01");

        Assert.Contains("data-testid=\"pipeline-sent\"", inbox, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"pipeline-conversion\"", inbox, StringComparison.Ordinal);
        Assert.Contains("Average time to send", inbox, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, backwards.StatusCode);
        Assert.Contains("The period ends before it starts.", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<(string Url, string Number)> RequestAsync(HttpClient buyer, string lines)
    {
        var requested = await PortalFactory.PostFormAsync(buyer, "/Quotes/Request", new Dictionary<string, string> { ["Lines"] = lines, ["Notes"] = "Web test" });
        if (requested.StatusCode != HttpStatusCode.Redirect)
        {
            var body = WebUtility.HtmlDecode(await requested.Content.ReadAsStringAsync());
            Assert.Fail($"{requested.StatusCode} for \"{lines}\": {body[Math.Max(0, body.IndexOf("Nothing was requested", StringComparison.Ordinal))..][..Math.Min(600, body.Length - Math.Max(0, body.IndexOf("Nothing was requested", StringComparison.Ordinal)))]}");
        }
        var url = requested.Headers.Location!.ToString();
        return (url, url[(url.LastIndexOf('/') + 1)..]);
    }

    /// <summary>Starts the rep's review and returns the page with the edit form.</summary>
    private static async Task<string> ReviewAsync(HttpClient rep, string url)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(rep, url, "Act", await rep.GetStringAsync(url), new() { ["trigger"] = nameof(QuoteTrigger.StartReview) })).StatusCode);
        return await rep.GetStringAsync(url);
    }

    private static async Task SendAsync(HttpClient rep, string url) =>
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(rep, url, "Act", await rep.GetStringAsync(url), new()
        {
            ["trigger"] = nameof(QuoteTrigger.Send),
            ["validUntil"] = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd"),
        })).StatusCode);

    private async Task<IReadOnlyList<string>> SkusAsync(string erpCustomerNumber, int count)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var companyId = await db.Companies.Where(c => c.ErpCustomerNumber == erpCustomerNumber).Select(c => c.Id).SingleAsync();
        return await db.Products.VisibleTo(db, companyId).Where(p => p.IsActive && p.PackSize == 1 && !db.Set<global::B2BPortal.Domain.Pricing.QuantityRuleEntry>().Any(r => r.ProductId == p.Id))
            .OrderByDescending(p => p.Id).Skip(1).Select(p => p.Sku).Take(count).ToListAsync();
    }

    private async Task<int> CompanyIdAsync(string erpCustomerNumber)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Companies.Where(c => c.ErpCustomerNumber == erpCustomerNumber).Select(c => c.Id).SingleAsync();
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
