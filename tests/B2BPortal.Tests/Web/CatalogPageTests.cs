using System.Net;
using System.Net.Http.Json;
using B2BPortal.Domain.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>The catalog as a buyer sees it: only their company's catalogs, in pages and in the API.</summary>
[Collection(SharedSqlitePortal.Name)]
public sealed class CatalogPageTests(SqlitePortal portal)
{
    [Fact]
    public async Task A_buyer_finds_a_product_of_their_catalog_by_exact_SKU_and_it_ranks_first()
    {
        var sku = await SkuOfCategoryAsync("Hex Bolts");
        var client = await portal.SignedInAsync("buyer@acme.example");

        var html = await client.GetStringAsync($"/Catalog?q={sku}");

        var firstRow = html.IndexOf("/Catalog/Product/", StringComparison.Ordinal);
        Assert.True(firstRow > 0, "no results");
        Assert.Equal(sku, html.Substring(firstRow + "/Catalog/Product/".Length, sku.Length));
    }

    [Fact]
    public async Task Add_boxes_start_at_the_smallest_quantity_the_buyers_rule_allows()
    {
        // Acme must order HEX-000001 from 100 in fifties (demo pricing); its pack size alone would say 50.
        var buyer = await portal.SignedInAsync("buyer@acme.example");

        var list = await buyer.GetStringAsync("/Catalog?q=HEX-000001");
        var product = await buyer.GetStringAsync("/Catalog/Product/HEX-000001");

        Assert.Matches("aria-label=\"Quantity of HEX-000001\"\\s+value=\"100\"", list);
        Assert.Contains("id=\"add-qty\" name=\"quantity\" class=\"form-control\" value=\"100\"", product, StringComparison.Ordinal);
        Assert.Contains("Order at least 100, in multiples of 50, at most 5000 per line.", product, StringComparison.Ordinal);
        Assert.Contains("\"minimumQuantity\":100", await buyer.GetStringAsync("/api/v1/catalog/products?q=HEX-000001"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_outside_the_companys_catalogs_is_not_found_in_page_search_or_API()
    {
        // Acme sees Industrial MRO; Janitorial belongs to Borealis's catalog only.
        var foreign = await SkuOfCategoryAsync("Mops");
        var acme = await portal.SignedInAsync("buyer@acme.example");

        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"/Catalog/Product/{foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"/api/v1/catalog/products/{foreign}")).StatusCode);
        Assert.DoesNotContain($"/Catalog/Product/{foreign}", await acme.GetStringAsync($"/Catalog?q={foreign}"), StringComparison.Ordinal);

        var borealis = await portal.SignedInAsync("buyer@borealis.example");
        Assert.Equal(HttpStatusCode.OK, (await borealis.GetAsync($"/Catalog/Product/{foreign}")).StatusCode);
    }

    [Fact]
    public async Task The_API_pages_and_caps_its_count()
    {
        var client = await portal.SignedInAsync("buyer@acme.example");

        var page = await client.GetFromJsonAsync<PageDto>("/api/v1/catalog/products?pageSize=5&page=2&sort=Sku");

        Assert.NotNull(page);
        Assert.Equal(5, page.Items.Count);
        Assert.True(page.TotalIsCapped, "Acme's catalog holds more than 1,000 products; the count is capped, not scanned.");
        Assert.True(string.CompareOrdinal(page.Items[0].Sku, page.Items[1].Sku) < 0);
    }

    [Theory]
    [InlineData("/Catalog?pageNumber=abc")]
    [InlineData("/Catalog?pageNumber=0")]
    [InlineData("/Catalog?sort=Cheapest")]
    [InlineData("/Catalog?pageSize=100000")]
    [InlineData("/Catalog?category=notanumber")]
    public async Task Malformed_query_parameters_get_a_validation_message_not_an_error(string url)
    {
        var client = await portal.SignedInAsync("buyer@acme.example");

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-testid=\"validation\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/catalog/products?page=abc")]
    [InlineData("/api/v1/catalog/products?pageSize=0")]
    [InlineData("/api/v1/catalog/products?sort=Cheapest")]
    public async Task Malformed_API_parameters_get_a_400_problem(string url)
    {
        var client = await portal.SignedInAsync("buyer@acme.example");

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_get_the_404_page()
    {
        var client = await portal.SignedInAsync("buyer@acme.example");

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_routes_get_the_404_page_before_sign_in_too()
    {
        var response = await portal.Anonymous().GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_answer_without_sign_in()
    {
        var client = portal.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    private async Task<string> SkuOfCategoryAsync(string category)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var categoryId = await db.Categories.Where(c => c.Name == category).Select(c => c.Id).SingleAsync();
        return await db.Products.Where(p => p.CategoryId == categoryId).OrderBy(p => p.Id).Select(p => p.Sku).FirstAsync();
    }

    private sealed record PageDto(List<ItemDto> Items, int TotalCount, bool TotalIsCapped);

    private sealed record ItemDto(string Sku, string Name);
}

/// <summary>The demo set with its sample orders, as `dotnet run --project Portal` loads it.</summary>
public sealed class SampleOrdersPortal() : PortalFactory(B2BPortal.Integration.Persistence.DatabaseProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["DemoData:SampleOrders"] = "true" };
}

public sealed class SampleOrdersTests(SampleOrdersPortal portal) : IClassFixture<SampleOrdersPortal>
{
    [Fact]
    public async Task The_demo_set_has_orders_in_each_interesting_state_made_through_the_real_checkout_and_each_company_sees_only_its_own()
    {
        Dictionary<string, string> numbers;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<B2BPortal.Domain.Persistence.PortalDbContext>();
            var orders = await db.Set<B2BPortal.Domain.Ordering.Order>().AsNoTracking()
                .Join(db.Companies, o => o.CompanyId, c => c.Id, (o, c) => new { o.Number, c.ErpCustomerNumber, o.State, o.Invoicing, o.PurchaseOrderNumber })
                .ToListAsync();
            numbers = orders.Where(o => o.PurchaseOrderNumber is not null).ToDictionary(o => o.PurchaseOrderNumber!, o => o.Number);
            Assert.Equal(
                ["C10000 Closed Invoiced PO-DEMO-1001", "C10000 Confirmed Invoiced PO-DEMO-1004", "C10000 PartiallyShipped NotInvoiced PO-DEMO-1002",
                    "C10000 Placed NotInvoiced PO-DEMO-1003", "C20000 PendingApproval NotInvoiced ", "C30000 Placed NotInvoiced PO-DEMO-REP-1", "C30000 Shipped NotInvoiced ", "C60000 CreditHold NotInvoiced PO-FAB-7731"],
                orders.Select(o => $"{o.ErpCustomerNumber} {o.State} {o.Invoicing} {o.PurchaseOrderNumber}").Order(StringComparer.Ordinal));
            // Only the orders the ERP has not taken yet wait in the outbox (PO-DEMO-1003 and the rep's); the demo statement's
            // matched payments and the credited return wait there too, each as its own message type.
            Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Status == B2BPortal.Domain.Sync.OutboxStatus.Pending && m.Type == B2BPortal.Domain.Ordering.OrderPlacedMessage.Type));
        }

        var alice = await portal.SignedInAsync("buyer@acme.example");
        var aliceOrders = await alice.GetStringAsync("/Ordering/Orders");
        Assert.Contains("PO-DEMO-1002", aliceOrders, StringComparison.Ordinal);
        Assert.DoesNotContain("Carla Buyer", aliceOrders, StringComparison.Ordinal);
        var delivered = await alice.GetStringAsync("/Ordering/OrderDetail/" + numbers["PO-DEMO-1001"]);
        Assert.Contains("Closed: delivered and invoiced", delivered, StringComparison.Ordinal);
        // Issue 23: the delivered demo order lists its invoice under Invoices (it used to say "None yet"), as it lists its shipment.
        Assert.Contains("<li id=\"invoice-PS-INV-DEMO-1\">", delivered, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"shipments\"", delivered, StringComparison.Ordinal);
        Assert.DoesNotContain("None yet.", delivered, StringComparison.Ordinal);
        Assert.Contains("Invoiced, not yet shipped", await alice.GetStringAsync("/Ordering/OrderDetail/" + numbers["PO-DEMO-1004"]), StringComparison.Ordinal);

        // The order the demo rep placed for Carla: her list and the order API name the rep.
        var carla = await portal.SignedInAsync("buyer@contoso.example");
        Assert.Contains("Sam Salesrep for Carla Buyer", await carla.GetStringAsync("/Ordering/Orders"), StringComparison.Ordinal);
        var api = await carla.GetStringAsync("/api/v1/orders/" + numbers["PO-DEMO-REP-1"]);
        Assert.Contains("\"placedOnBehalfBy\":\"Sam Salesrep\"", api, StringComparison.Ordinal);
        Assert.Contains("\"placedBy\":\"Carla Buyer\"", api, StringComparison.Ordinal);

        var bruno = await portal.SignedInAsync("admin@borealis.example");
        Assert.Contains("Bianca Buyer", await bruno.GetStringAsync("/Ordering/Approvals"), StringComparison.Ordinal);
    }
}
