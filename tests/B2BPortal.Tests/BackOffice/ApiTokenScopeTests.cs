using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.BackOffice;

/// <summary>
/// Token scopes, the scope half of the authorization matrix: every /api endpoint the running Portal routes declares the
/// scope it needs, and a token of a role the matrix allows, holding every scope but that one, is refused with 403
/// problem+json naming it (AuthorizationMatrixTests sends tokens holding every scope, so the scope is what refuses).
/// </summary>
[Collection(SharedSqlitePortal.Name)]
public sealed class ApiTokenScopeTests(SqlitePortal portal)
{
    [Fact]
    public void Every_api_endpoint_declares_the_token_scope_it_needs()
    {
        var endpoints = ApiEndpoints();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} API endpoints discovered");
        var undeclared = endpoints.Where(e => e.Metadata.GetMetadata<ApiScopeRequirement>() is null).Select(e => e.DisplayName).ToList();
        Assert.True(undeclared.Count == 0, "API endpoints without a token scope (add .RequireApiScope(ApiScopes.…), see docs/security.md): " + string.Join(", ", undeclared));
    }

    [Fact]
    public async Task A_token_without_the_endpoints_scope_gets_403_naming_the_missing_scope_on_every_endpoint()
    {
        var samples = await WithDbAsync(AccessTable.SampleRouteValuesAsync);
        var failures = new List<string>();
        var checkedCalls = 0;
        foreach (var endpoint in PortalEndpoints.Discover(portal.Services).Where(e => e.Key.Contains(" /api/", StringComparison.Ordinal)))
        {
            var scope = ApiEndpoints().Single(e => Key(e) == endpoint.Key).Metadata.GetMetadata<ApiScopeRequirement>()!.Scope;
            if (scope is null)
            {
                continue;
            }

            var access = AccessTable.Expected[endpoint.Key];
            var (email, _, _, _) = DemoDataSeeder.DemoUsers.First(u => access.AllowedRoles.Contains(u.Role));
            var client = await BearerAsync(email, ApiScopes.Names.Where(s => s != scope));
            foreach (var method in endpoint.Methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), PortalEndpoint.Fill(endpoint.Patterns[0], samples));
                if (method != HttpMethods.Get)
                {
                    // Safe to send: the scope check answers before the endpoint runs.
                    request.Content = JsonContent.Create(new { });
                    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                }

                using var response = await client.SendAsync(request);
                checkedCalls++;
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Forbidden || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{endpoint.Key} as {email} without {scope}: got {(int)response.StatusCode} {response.Content.Headers.ContentType}");
                    continue;
                }

                using var json = JsonDocument.Parse(body);
                if (json.RootElement.GetProperty("missingScope").GetString() != scope || !json.RootElement.GetProperty("title").GetString()!.Contains(scope, StringComparison.Ordinal))
                {
                    failures.Add($"{endpoint.Key}: the problem does not name {scope}: {body}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedCalls >= 15, $"only {checkedCalls} calls checked");
    }

    [Fact]
    public async Task A_catalog_token_reads_the_catalog_but_cannot_place_an_order_and_me_answers_any_token()
    {
        var client = await BearerAsync("buyer@acme.example", [ApiScopes.CatalogRead]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/catalog/products")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        using var place = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(new { }) };
        place.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var refused = await client.SendAsync(place);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("orders:write", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/invoices")).StatusCode);

        // The buyer's own browser session is not narrowed by any token's scopes.
        var browser = await portal.SignedInAsync("buyer@acme.example");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/invoices")).StatusCode);
    }

    [Fact]
    public void A_token_needs_at_least_one_known_scope_and_stores_them_in_canonical_order()
    {
        var now = DateTimeOffset.UtcNow;
        var owner = PortalUser.CreateBuyerSide("x@acme.example", "X", 1, now);
        Assert.Equal("Scopes", Assert.Throws<DomainException>(() => ApiToken.Issue("t", owner, TestActors.Administrator, now, null, [])).Field);
        Assert.Contains("admin:all", Assert.Throws<DomainException>(() => ApiToken.Issue("t", owner, TestActors.Administrator, now, null, ["admin:all"])).Message, StringComparison.Ordinal);

        var (token, _) = ApiToken.Issue("t", owner, TestActors.Administrator, now, null, [ApiScopes.Invoices, ApiScopes.CatalogRead, ApiScopes.Invoices]);
        Assert.Equal("catalog:read invoices", token.Scopes);
        Assert.True(token.HasScope(ApiScopes.Invoices));
        Assert.False(token.HasScope(ApiScopes.OrdersWrite));
    }

    [Fact]
    public async Task The_tokens_page_offers_every_scope_and_shows_a_tokens_scopes_and_last_use()
    {
        var admin = await portal.SignedInAsync("admin@acme.example");
        var name = BackOfficeData.Unique("scoped");
        var noScope = await PortalFactory.PostFormAsync(admin, "/Tokens?handler=Issue", new Dictionary<string, string>
        {
            ["Issue.Name"] = name, ["Issue.UserId"] = await BackOfficeData.UserIdAsync(portal, "buyer@acme.example"),
        }, "/Tokens");
        Assert.Equal(HttpStatusCode.BadRequest, noScope.StatusCode);
        Assert.Contains("Choose at least one scope", await noScope.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var client = await BearerAsync("buyer@acme.example", [ApiScopes.Invoices], name);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/invoices")).StatusCode);

        var page = await admin.GetStringAsync("/Tokens");
        foreach (var scope in ApiScopes.Names)
        {
            Assert.Contains($"value=\"{scope}\"", page, StringComparison.Ordinal);
        }

        var row = page[page.IndexOf(name, StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("invoices", row, StringComparison.Ordinal);
        Assert.Contains(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
        Assert.DoesNotContain(">never<", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_names_each_operations_scope()
    {
        var json = await portal.Anonymous().GetStringAsync("/openapi/v1.json");
        Assert.Contains("Token scope: `orders:write`.", json, StringComparison.Ordinal);
        Assert.Contains("Token scope: `invoices`.", json, StringComparison.Ordinal);
    }

    private List<RouteEndpoint> ApiEndpoints() => portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => ("/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/')).StartsWith("/api/", StringComparison.Ordinal)).ToList();

    private static string Key(RouteEndpoint e) =>
        $"{(e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is [var first, ..] ? first : HttpMethods.Get)} /{(e.RoutePattern.RawText ?? string.Empty).TrimStart('/')}";

    private async Task<HttpClient> BearerAsync(string email, IEnumerable<string> scopes, string? name = null)
    {
        var plain = await WithDbAsync(async db =>
        {
            var owner = await db.Users.SingleAsync(u => u.Email == email);
            var (token, plainText) = ApiToken.Issue(name ?? BackOfficeData.Unique("scope"), owner, TestActors.Administrator, DateTimeOffset.UtcNow, null, scopes);
            db.ApiTokens.Add(token);
            await db.SaveChangesAsync();
            return plainText;
        });
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", plain);
        return client;
    }

    private async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        using var scope = portal.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }
}
