using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>
/// "Another company's ids": Acme's buyer and buyer admin point every id-taking page and endpoint at Borealis's data
/// (AccessTable.ForeignIds) and get 404/403, never Borealis's data. Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class CompanyIsolationTests(PortalFactory portal)
{
    private static readonly string[] AcmeUsers = ["buyer@acme.example", "admin@acme.example"];

    [Fact]
    public async Task Acme_users_get_404_or_403_for_Borealis_ids_on_every_id_taking_page_and_endpoint()
    {
        var endpoints = PortalEndpoints.Discover(portal.Services).ToDictionary(e => e.Key);
        var clients = new Dictionary<string, HttpClient>();
        async Task<HttpClient> As(string email) => clients.TryGetValue(email, out var c) ? c : clients[email] = await portal.SignedInAsync(email);
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var (key, make) in AccessTable.ForeignIds)
        {
            if (make is null)
            {
                continue;
            }

            ForeignData foreign;
            using (var scope = portal.Services.CreateScope())
            {
                foreign = await make(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
            }

            Assert.True(endpoints.ContainsKey(key), $"AccessTable.ForeignIds names {key}, which the Portal does not route");
            foreach (var url in endpoints[key].Patterns.Select(p => PortalEndpoint.Fill(p, foreign.RouteValues)))
            {
                // Positive control: the owner does see the data, so the leak markers are real.
                var owner = await As(foreign.OwnerEmail);
                var ownerBody = await owner.GetStringAsync(url);
                Assert.Contains(foreign.Leaks[0], ownerBody, StringComparison.Ordinal);

                foreach (var email in AcmeUsers)
                {
                    var client = await As(email);
                    using var response = await client.GetAsync(url);
                    checkedCount++;
                    var body = await response.Content.ReadAsStringAsync();
                    var location = response.Headers.Location?.ToString() ?? string.Empty;
                    var refused = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
                        || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/AccessDenied", StringComparison.Ordinal));
                    if (!refused)
                    {
                        failures.Add($"{url} as {email}: {(int)response.StatusCode} {location}");
                    }

                    foreach (var leak in foreign.Leaks.Where(l => body.Contains(l, StringComparison.Ordinal)))
                    {
                        failures.Add($"{url} as {email}: the response shows Borealis's '{leak}'");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedCount >= 6, $"only {checkedCount} requests checked");
    }

    [Fact]
    public async Task Acme_search_category_and_category_tree_show_nothing_of_Borealis()
    {
        ForeignData product;
        int mopsCategory;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            product = await AccessTable.BorealisOnlyProductAsync(db);
            mopsCategory = await db.Categories.Where(c => c.Name == "Mops").Select(c => c.Id).SingleAsync();
        }

        var sku = product.RouteValues["sku"];
        var acme = await portal.SignedInAsync("buyer@acme.example");
        var borealis = await portal.SignedInAsync("buyer@borealis.example");

        foreach (var url in new[] { $"/Catalog?q={sku}", $"/Catalog?category={mopsCategory}", $"/api/v1/catalog/products?q={sku}", $"/api/v1/catalog/products?categoryId={mopsCategory}" })
        {
            Assert.Contains(product.Leaks[0], await borealis.GetStringAsync(url), StringComparison.Ordinal);
            var response = await acme.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain($"/Catalog/Product/{sku}", body, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"sku\":\"{sku}\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain(product.Leaks[0], body, StringComparison.Ordinal);
        }

        Assert.Contains("\"Mops\"", await borealis.GetStringAsync("/api/v1/catalog/categories"), StringComparison.Ordinal);
        Assert.DoesNotContain("\"Mops\"", await acme.GetStringAsync("/api/v1/catalog/categories"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buyer_admin_sees_only_its_own_companys_users()
    {
        var acmeAdmin = await portal.SignedInAsync("admin@acme.example");

        var html = await acmeAdmin.GetStringAsync("/Company/Users");

        Assert.Contains("buyer@acme.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("borealis.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("b2bportal.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buyer_admin_can_neither_see_nor_revoke_another_companys_token()
    {
        var (id, plain) = await IssueTokenAsync("buyer@borealis.example", "Borealis ERP link");
        var acmeAdmin = await portal.SignedInAsync("admin@acme.example");

        Assert.DoesNotContain("Borealis ERP link", await acmeAdmin.GetStringAsync("/Tokens"), StringComparison.Ordinal);
        var revoke = await PortalFactory.PostFormAsync(acmeAdmin, $"/Tokens?handler=Revoke&id={id}", new Dictionary<string, string>(), "/Tokens");

        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        var api = portal.Anonymous();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", plain);
        var me = await api.GetFromJsonAsync<MeDto>("/api/v1/me");
        Assert.NotNull(me);
        Assert.Equal(await CompanyIdAsync("C20000"), me.CompanyId);

        var borealisAdmin = await portal.SignedInAsync("admin@borealis.example");
        Assert.Contains("Borealis ERP link", await borealisAdmin.GetStringAsync("/Tokens"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_API_token_reads_only_its_own_companys_catalog()
    {
        ForeignData foreign;
        using (var scope = portal.Services.CreateScope())
        {
            foreign = await AccessTable.BorealisOnlyProductAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
        }

        var (_, plain) = await IssueTokenAsync("buyer@acme.example", "Acme procurement");
        var api = portal.Anonymous();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", plain);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/catalog/products/{foreign.RouteValues["sku"]}")).StatusCode);
        var page = await api.GetFromJsonAsync<PageDto>("/api/v1/catalog/products?pageSize=100");
        Assert.NotNull(page);
        Assert.NotEmpty(page.Items);
        // Checked against the demo set's assignment, not through CatalogVisibility (the code under test):
        // Acme's only catalog, Industrial MRO, holds these top-level categories.
        string[] industrial = ["Fasteners", "Hand Tools", "Power Tools", "Safety", "Electrical"];
        using var check = portal.Services.CreateScope();
        var categories = await check.ServiceProvider.GetRequiredService<PortalDbContext>().Categories.AsNoTracking().ToDictionaryAsync(c => c.Id);
        Assert.All(page.Items, i =>
        {
            var top = categories[i.CategoryId];
            while (top.ParentId is { } parent)
            {
                top = categories[parent];
            }

            Assert.Contains(top.Name, industrial);
        });
    }

    private async Task<int> CompanyIdAsync(string number)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Companies.Where(c => c.ErpCustomerNumber == number).Select(c => c.Id).SingleAsync();
    }

    private async Task<(int Id, string Plain)> IssueTokenAsync(string ownerEmail, string name)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var owner = await db.Users.SingleAsync(u => u.Email == ownerEmail);
        var (token, plain) = ApiToken.Issue(name, owner, TestActors.Administrator, DateTimeOffset.UtcNow, null, ApiScopes.Names);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync();
        return (token.Id, plain);
    }

    private sealed record MeDto(string UserId, string Name, int? CompanyId, List<string> Roles);

    private sealed record PageDto(List<ItemDto> Items);

    private sealed record ItemDto(string Sku, string Name, int CategoryId);
}

[Collection(SharedSqlitePortal.Name)]
public sealed class SqliteCompanyIsolationTests(SqlitePortal portal) : CompanyIsolationTests(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class PostgresCompanyIsolationTests(PostgresPortal portal) : CompanyIsolationTests(portal);
