using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Quotes;

/// <summary>
/// /api/v1/quotes as a procurement system uses it, with an Acme buyer's API token over the demo data, on SQLite and
/// PostgreSQL: request by SKU with target prices, list, read the versions, accept (twice: one order); a superseded version
/// and an expired offer are refused with problem+json and nothing is placed; Borealis's quote answers 404.
/// </summary>
public abstract class QuotesApiTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_procurement_system_requests_reads_the_sent_offer_and_accepting_twice_makes_one_order()
    {
        var api = await ApiAsync("buyer@acme.example");
        var sku = await SkuAsync();

        var requested = await api.PostAsJsonAsync("/api/v1/quotes", new { lines = new[] { new { sku, quantity = 4, targetPrice = 1.23m } }, notes = "From our ERP" });
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var quote = await requested.Content.ReadFromJsonAsync<JsonElement>(Json);
        var number = quote.GetProperty("number").GetString()!;
        Assert.Equal("Submitted", quote.GetProperty("status").GetString());
        Assert.Equal(1.23m, quote.GetProperty("versions")[0].GetProperty("lines")[0].GetProperty("targetPrice").GetDecimal());
        Assert.Equal($"/api/v1/quotes/{number}", requested.Headers.Location!.ToString());

        var offered = await SendAsync(number, first: true);

        var read = await api.GetStringAsync($"/api/v1/quotes/{number}");
        using (var doc = JsonDocument.Parse(read))
        {
            Assert.Equal("Sent", doc.RootElement.GetProperty("status").GetString());
            Assert.Equal(offered, doc.RootElement.GetProperty("versions")[0].GetProperty("lines")[0].GetProperty("netUnitPrice").GetDecimal());
            Assert.Contains("Accept", doc.RootElement.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        }

        Assert.DoesNotContain("cost", read, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("margin", read, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(number, await api.GetStringAsync("/api/v1/quotes"), StringComparison.Ordinal);

        var accepted = await api.PostAsJsonAsync($"/api/v1/quotes/{number}/accept", new { version = 1, purchaseOrderNumber = "PO-API-QUOTE" });
        var again = await api.PostAsJsonAsync($"/api/v1/quotes/{number}/accept", new { version = 1, purchaseOrderNumber = "PO-API-QUOTE" });

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var first = await accepted.Content.ReadFromJsonAsync<JsonElement>(Json);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal(first.GetProperty("orderNumber").GetString(), second.GetProperty("orderNumber").GetString());
        Assert.True(second.GetProperty("alreadyOrdered").GetBoolean());
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var order = await db.Orders().Include(o => o.Lines).SingleAsync(o => o.IdempotencyKey == ConvertQuote.Key(number));
        Assert.Equal(offered, order.Lines.Single().UnitPrice);
        Assert.Equal("PO-API-QUOTE", order.PurchaseOrderNumber);
    }

    [Fact]
    public async Task Accepting_a_superseded_version_or_an_expired_offer_is_refused_with_a_problem_and_places_nothing()
    {
        var api = await ApiAsync("buyer@acme.example");
        var superseded = await RequestedAsync(api);
        await SendAsync(superseded, first: true);
        await ReviseAndSendAgainAsync(superseded);
        var expired = await RequestedAsync(api);
        await SendAsync(expired, first: true);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // The offer's valid-until passes (as it would with time; the hourly job has not expired it yet).
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Quotes().Where(q => q.Number == expired)
                .ExecuteUpdateAsync(s => s.SetProperty(q => q.ValidUntil, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        var old = await api.PostAsJsonAsync($"/api/v1/quotes/{superseded}/accept", new { version = 1, purchaseOrderNumber = "PO-OLD" });
        var late = await api.PostAsJsonAsync($"/api/v1/quotes/{expired}/accept", new { version = 1, purchaseOrderNumber = "PO-LATE" });

        Assert.Equal(HttpStatusCode.Conflict, old.StatusCode);
        Assert.Equal("application/problem+json", old.Content.Headers.ContentType?.MediaType);
        Assert.Contains("version 2 is the current one", (await old.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
        Assert.Contains("cannot be ordered", (await late.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var check = portal.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.False(await db.Orders().AnyAsync(o => o.IdempotencyKey == ConvertQuote.Key(superseded) || o.IdempotencyKey == ConvertQuote.Key(expired)));
        Assert.Equal(QuoteState.Sent, await db.Quotes().Where(q => q.Number == superseded).Select(q => q.State).SingleAsync());
    }

    [Fact]
    public async Task Another_company_s_quote_is_not_found_for_reading_or_accepting_and_a_bad_line_requests_nothing()
    {
        string borealis;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            borealis = (await QuotesAccessRules.BorealisQuoteAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>())).RouteValues["quoteNumber"];
        }

        var api = await ApiAsync("buyer@acme.example");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/quotes/{borealis}")).StatusCode);
        var accept = await api.PostAsJsonAsync($"/api/v1/quotes/{borealis}/accept", new { version = 1 });
        Assert.Equal(HttpStatusCode.NotFound, accept.StatusCode);
        Assert.DoesNotContain(borealis, await api.GetStringAsync("/api/v1/quotes"), StringComparison.Ordinal);

        await using var check = portal.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<PortalDbContext>();
        var before = await db.Quotes().CountAsync();
        var bad = await api.PostAsJsonAsync("/api/v1/quotes", new { lines = new object[] { new { sku = await SkuAsync(), quantity = 1 }, new { sku = "NO-SUCH-4711", quantity = 2 } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Line 2: no product NO-SUCH-4711", (await bad.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var negative = await api.PostAsJsonAsync("/api/v1/quotes", new { lines = new[] { new { sku = await SkuAsync(), quantity = 1, targetPrice = -5m } } });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(before, await db.Quotes().CountAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_quote_endpoints()
    {
        var openApi = await portal.Anonymous().GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/v1/quotes\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/quotes/{number}\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/quotes/{number}/accept\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"AcceptQuote\"", openApi, StringComparison.Ordinal);
    }

    private async Task<HttpClient> ApiAsync(string email)
    {
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await portal.IssueApiTokenAsync(email));
        return client;
    }

    private async Task<string> RequestedAsync(HttpClient api)
    {
        var response = await api.PostAsJsonAsync("/api/v1/quotes", new { lines = new[] { new { sku = await SkuAsync(), quantity = 4 } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("number").GetString()!;
    }

    /// <summary>The demo rep reviews and sends the quote at twice the list price (well above any margin floor); the offered price.</summary>
    private async Task<decimal> SendAsync(string number, bool first)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var rep = await RepAsync(sp.GetRequiredService<PortalDbContext>());
        var service = sp.GetRequiredService<QuoteService>();
        var quote = await sp.GetRequiredService<PortalDbContext>().QuoteForAsync(rep, number, tracking: false, CancellationToken.None);
        var line = quote!.Current.Lines.Single();
        var offered = decimal.Round(line.ListPrice * 2 + 1, 2);
        var seen = first ? (await service.ActAsync(rep, number, quote.Version, QuoteTrigger.StartReview, null, null, CancellationToken.None)).Version : quote.Version;
        seen = (await service.ReviseAsync(rep, number, seen, 0, [new QuoteLineTerms(line.LineNumber, line.Quantity, null, offered, null, [])], [], CancellationToken.None)).Version;
        await service.ActAsync(rep, number, seen, QuoteTrigger.Send, null, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)), CancellationToken.None);
        return offered;
    }

    /// <summary>The buyer asks for a revision, the rep reviews, re-prices and sends version 2.</summary>
    private async Task ReviseAndSendAgainAsync(string number)
    {
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var buyerUser = await db.Users.SingleAsync(u => u.Email == "buyer@acme.example");
            var buyer = Actor.User(buyerUser.Id, buyerUser.DisplayName, buyerUser.CompanyId, new HashSet<string> { Roles.Buyer });
            var service = scope.ServiceProvider.GetRequiredService<QuoteService>();
            var quote = await db.QuoteForAsync(buyer, number, tracking: false, CancellationToken.None);
            var revision = await service.ActAsync(buyer, number, quote!.Version, QuoteTrigger.RequestRevision, "Cheaper, please", null, CancellationToken.None);
            await service.ActAsync(await RepAsync(db), number, revision.Version, QuoteTrigger.StartReview, null, null, CancellationToken.None);
        }

        await SendAsync(number, first: false);
    }

    private static async Task<Actor> RepAsync(PortalDbContext db)
    {
        var user = await db.Users.SingleAsync(u => u.Email == "rep@b2bportal.example");
        return Actor.User(user.Id, user.DisplayName, null, new HashSet<string> { Roles.SalesRep });
    }

    private async Task<string> SkuAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var companyId = await db.Companies.Where(c => c.ErpCustomerNumber == "C10000").Select(c => c.Id).SingleAsync();
        return await db.Products.VisibleTo(db, companyId).Where(p => p.PackSize == 1).OrderByDescending(p => p.Id).Select(p => p.Sku).FirstAsync();
    }
}

public sealed class QuotesApiTestsOnSqlite(SqlitePortal portal) : QuotesApiTests<SqlitePortal>(portal), IClassFixture<SqlitePortal>;

public sealed class QuotesApiTestsOnPostgres(PostgresPortal portal) : QuotesApiTests<PostgresPortal>(portal), IClassFixture<PostgresPortal>;
