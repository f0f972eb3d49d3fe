using B2BPortal.Integration.Pricing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Pricing;

/// <summary>Prices through the real portal with the demo data: each company its own price, staff tools guarded.</summary>
public sealed partial class PricingWebTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task A_buyer_sees_their_contract_price_and_another_companys_buyer_never_does_on_page_or_API()
    {
        var (sku, contractPrice, contractName) = await AcmeContractTierAsync();
        var acme = await portal.SignedInAsync("buyer@acme.example");
        var contoso = await portal.SignedInAsync("buyer@contoso.example");
        var contractText = contractPrice.ToString("N2", System.Globalization.CultureInfo.InvariantCulture);

        var acmePage = await acme.GetStringAsync($"/Catalog/Product/{sku}");
        Assert.Contains($"EUR {contractText}", acmePage, StringComparison.Ordinal);
        Assert.Contains(contractName, acmePage, StringComparison.Ordinal);
        var acmeApi = await acme.GetFromJsonAsync<PriceDto>($"/api/v1/pricing/prices?sku={sku}&qty=1");
        Assert.Equal(contractPrice, acmeApi!.UnitPrice);

        // Contoso sees the same product (its catalog includes fasteners), at its own price, without a trace of Acme's contract.
        var contosoPage = await contoso.GetStringAsync($"/Catalog/Product/{sku}");
        Assert.DoesNotContain(contractName, contosoPage, StringComparison.Ordinal);
        Assert.DoesNotContain($"EUR {contractText}", contosoPage, StringComparison.Ordinal);
        var contosoApi = await contoso.GetFromJsonAsync<PriceDto>($"/api/v1/pricing/prices?sku={sku}&qty=1");
        Assert.NotEqual(contractPrice, contosoApi!.UnitPrice);
        Assert.DoesNotContain("Acme", contosoApi.Source, StringComparison.Ordinal);
        var contosoProduct = await contoso.GetStringAsync($"/api/v1/catalog/products/{sku}");
        Assert.DoesNotContain(contractName, contosoProduct, StringComparison.Ordinal);
        var contosoSearch = await contoso.GetStringAsync($"/api/v1/catalog/products?q={sku}");
        Assert.DoesNotContain(contractName, contosoSearch, StringComparison.Ordinal);

        // A buyer cannot name another customer, nor see a trace.
        Assert.Equal(HttpStatusCode.Forbidden, (await contoso.GetAsync($"/api/v1/pricing/prices?sku={sku}&qty=1&customer=C10000")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contoso.GetAsync($"/api/v1/pricing/explain?sku={sku}&qty=1&customer=C10000")).StatusCode);
    }

    [Fact]
    public async Task The_catalog_page_shows_each_company_its_own_price_for_the_same_product()
    {
        var (sku, contractPrice, _) = await AcmeContractTierAsync();
        var acme = await portal.SignedInAsync("buyer@acme.example");
        var contoso = await portal.SignedInAsync("buyer@contoso.example");

        var acmeItem = (await acme.GetFromJsonAsync<SearchDto>($"/api/v1/catalog/products?q={sku}"))!.Items.Single(i => i.Sku == sku);
        var contosoItem = (await contoso.GetFromJsonAsync<SearchDto>($"/api/v1/catalog/products?q={sku}"))!.Items.Single(i => i.Sku == sku);

        Assert.Equal(contractPrice, acmeItem.Price);
        Assert.StartsWith("Contract price", acmeItem.PriceSource, StringComparison.Ordinal);
        Assert.NotEqual(contractPrice, contosoItem.Price);
    }

    [Fact]
    public async Task Staff_preview_next_years_contract_price_through_the_API_and_the_trace_page()
    {
        var (sku, _, _) = await AcmeContractTierAsync();
        var nextYear = new DateOnly(DateTime.UtcNow.Year + 1, 1, 1);
        var rep = await portal.SignedInAsync("rep@b2bportal.example");
        decimal expected;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            expected = await (from e in db.Set<PriceListEntry>()
                              join l in db.Set<PriceList>() on e.PriceListId equals l.Id
                              join p in db.Products on e.ProductId equals p.Id
                              where l.Code == "ACME-" + nextYear.Year && p.Sku == sku && e.MinQuantity == 1
                              select e.UnitPrice).SingleAsync();
        }

        var price = await rep.GetFromJsonAsync<PriceDto>($"/api/v1/pricing/prices?sku={sku}&qty=1&customer=C10000&date={nextYear:yyyy-MM-dd}");
        Assert.Equal(expected, price!.UnitPrice);

        var page = await rep.GetStringAsync($"/Pricing/Explain?customer={await AcmeIdAsync()}&sku={sku}&qty=1&date={nextYear:yyyy-MM-dd}");
        Assert.Contains("(future: preview)", page, StringComparison.Ordinal);
        Assert.Contains($"ACME-{nextYear.Year}", page, StringComparison.Ordinal);
        Assert.Contains("NotValidOnDate", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buyers_cannot_open_pricing_maintenance_and_sales_reps_cannot_change_it()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var rep = await portal.SignedInAsync("rep@b2bportal.example");

        foreach (var url in new[] { "/Pricing", "/Pricing/Explain", "/Pricing/Groups", "/Pricing/Details/1" })
        {
            var response = await buyer.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync("/Pricing/Details/1")).StatusCode);
        Assert.Contains("AccessDenied", (await rep.GetAsync("/Pricing/Import/1")).Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("AccessDenied", (await rep.GetAsync("/Pricing/Edit")).Headers.Location!.ToString(), StringComparison.Ordinal);
        var tier = await PortalFactory.PostFormAsync(rep, "/Pricing/Details/1?handler=Tier", new Dictionary<string, string>
        {
            ["Tier.Sku"] = "ANC-000301", ["Tier.MinQuantity"] = "1", ["Tier.UnitPrice"] = "0.01",
        }, "/Pricing/Details/1");
        Assert.Equal(HttpStatusCode.Redirect, tier.StatusCode);
        Assert.Contains("AccessDenied", tier.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await AuditCountAsync("PriceListEntry", "BASE-EUR/ANC-000301/1"));
    }

    [Fact]
    public async Task An_administrators_tier_change_is_audited_with_old_and_new_price()
    {
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var listId = await ListIdAsync("GRP-RESELLER");

        var response = await PortalFactory.PostFormAsync(admin, $"/Pricing/Details/{listId}?handler=Tier", new Dictionary<string, string>
        {
            ["Tier.Sku"] = "ANC-000302", ["Tier.MinQuantity"] = "100", ["Tier.UnitPrice"] = "7.77",
        }, $"/Pricing/Details/{listId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var entry = await db.AuditEntries.Where(a => a.EntityType == "PriceListEntry" && a.EntityId == "GRP-RESELLER/ANC-000302/100").SingleAsync();
        Assert.Equal("Adam Administrator", entry.ActorName);
        Assert.EndsWith("EUR", entry.Before, StringComparison.Ordinal);
        Assert.Equal("7.77 EUR", entry.After);
    }

    [Fact]
    public async Task A_tier_with_a_negative_price_is_refused_with_a_message_not_an_error()
    {
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var listId = await ListIdAsync("GRP-RESELLER");

        var response = await PortalFactory.PostFormAsync(admin, $"/Pricing/Details/{listId}?handler=Tier", new Dictionary<string, string>
        {
            ["Tier.Sku"] = "ANC-000302", ["Tier.MinQuantity"] = "1", ["Tier.UnitPrice"] = "-5",
        }, $"/Pricing/Details/{listId}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("A unit price is greater than zero (got -5).", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_all_or_nothing_through_the_page_reports_rows_and_writes_nothing()
    {
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var listId = await ListIdAsync("CUST-C30000");
        var before = await TierCountAsync(listId);
        var csv = "Sku,MinQuantity,UnitPrice\nANC-000301,500,1.23\nANC-000302,500,0\nNOPE,1,1\n";

        var response = await UploadAsync(admin, listId, "contoso.csv", Encoding.UTF8.GetBytes(csv), "AllOrNothing");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing imported: 2 of 3 rows have errors", html, StringComparison.Ordinal);
        Assert.Matches(@"<td class=""text-end"">3</td><td>UnitPrice</td><td>The unit price must be greater than zero", html);
        Assert.Matches(@"<td class=""text-end"">4</td><td>Sku</td><td>Unknown SKU &#x27;NOPE&#x27;", html);
        Assert.Equal(before, await TierCountAsync(listId));

        var upload = await UploadAsync(admin, listId, "notes.pdf", "%PDF-1.4"u8.ToArray(), "ValidRows");
        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("is not a CSV or XLSX file", await upload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_request_limit_gets_a_page_that_names_the_limit_and_leads_back_to_the_form()
    {
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var listId = await ListIdAsync("BASE-EUR");
        var before = await TierCountAsync(listId);

        var response = await UploadAsync(admin, listId, "huge.csv", new byte[(2 * PriceListFiles.MaxFileBytes) + 1024], "ValidRows");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The upload is too large", html, StringComparison.Ordinal);
        Assert.Contains("Price-list files may be up to 20 MB", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Pricing/Import/{listId}\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await TierCountAsync(listId));
    }

    [Fact]
    public async Task Assignments_that_would_tie_or_never_apply_are_refused_with_a_message()
    {
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        int contoso, acme;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            contoso = await db.Companies.Where(c => c.ErpCustomerNumber == "C30000").Select(c => c.Id).SingleAsync();
            acme = await db.Companies.Where(c => c.ErpCustomerNumber == "C10000").Select(c => c.Id).SingleAsync();
        }

        async Task<int> CreateAsync(string code, string level, string currency)
        {
            var created = await PortalFactory.PostFormAsync(admin, "/Pricing/Edit", new Dictionary<string, string>
            {
                ["Input.Code"] = code, ["Input.Name"] = code, ["Input.Currency"] = currency, ["Input.Level"] = level, ["Input.Priority"] = "10",
            });
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            return await ListIdAsync(code);
        }

        var tie = await CreateAsync("TIE-C30000", "Customer", "EUR");
        var sameDays = await PortalFactory.PostFormAsync(admin, $"/Pricing/Details/{tie}?handler=Assign", new Dictionary<string, string>
        {
            ["Assign.CompanyId"] = contoso.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, $"/Pricing/Details/{tie}");
        Assert.Equal(HttpStatusCode.BadRequest, sameDays.StatusCode);
        Assert.Contains("Overlapping validity: CUST-C30000 (Customer, priority 10)", WebUtility.HtmlDecode(await sameDays.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var usd = await CreateAsync("USD-ACME", "Contract", "USD");
        var otherCurrency = await PortalFactory.PostFormAsync(admin, $"/Pricing/Details/{usd}?handler=Assign", new Dictionary<string, string>
        {
            ["Assign.CompanyId"] = acme.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, $"/Pricing/Details/{usd}");
        Assert.Equal(HttpStatusCode.BadRequest, otherCurrency.StatusCode);
        Assert.Contains("USD-ACME is in USD, but the customer buys in EUR", await otherCurrency.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await AuditCountAsync("PriceList", "USD-ACME"));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int listId, string name, byte[] content, string mode)
    {
        var page = await client.GetStringAsync($"/Pricing/Import/{listId}");
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(mode), "Mode" },
            { new ByteArrayContent(content), "Upload", name },
        };
        return await client.PostAsync($"/Pricing/Import/{listId}", form);
    }

    private async Task<(string Sku, decimal Price, string ListName)> AcmeContractTierAsync()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var code = "ACME-" + DateTime.UtcNow.Year;
        var tier = await (from e in db.Set<PriceListEntry>()
                          join l in db.Set<PriceList>() on e.PriceListId equals l.Id
                          join p in db.Products on e.ProductId equals p.Id
                          where l.Code == code && e.MinQuantity == 1
                          orderby p.Sku
                          select new { p.Sku, e.UnitPrice, l.Name }).FirstAsync();
        return (tier.Sku, tier.UnitPrice, tier.Name);
    }

    private async Task<int> AcmeIdAsync()
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Companies.Where(c => c.ErpCustomerNumber == "C10000").Select(c => c.Id).SingleAsync();
    }

    private async Task<int> ListIdAsync(string code)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<PriceList>().Where(l => l.Code == code).Select(l => l.Id).SingleAsync();
    }

    private async Task<int> TierCountAsync(int listId)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<PriceListEntry>().CountAsync(e => e.PriceListId == listId);
    }

    private async Task<int> AuditCountAsync(string type, string id)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.CountAsync(a => a.EntityType == type && a.EntityId == id);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private sealed record PriceDto(string Sku, decimal UnitPrice, string Currency, string Source);

    private sealed record SearchDto(List<ItemDto> Items);

    private sealed record ItemDto(string Sku, decimal? Price, string? PriceSource);
}
