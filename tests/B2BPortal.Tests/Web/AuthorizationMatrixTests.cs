using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>
/// Every page and endpoint the running Portal routes × anonymous and every demo role (cookie, and API token for /api):
/// anonymous → sign-in redirect (pages) or 401 (API); wrong role → AccessDenied/403; allowed → neither, and no 5xx.
/// The expected rules live in the <see cref="IAccessRules"/> classes (<see cref="AccessTable"/>); a page or endpoint missing there fails here.
/// </summary>
[Collection(SharedSqlitePortal.Name)]
public sealed class AuthorizationMatrixTests(SqlitePortal portal)
{
    private enum Outcome
    {
        Allowed,
        Challenged,
        Forbidden,
    }

    [Fact]
    public void Every_page_and_endpoint_has_an_expected_rule_in_the_table()
    {
        var discovered = PortalEndpoints.Discover(portal.Services);

        var missing = discovered.Where(e => !AccessTable.Expected.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        Assert.True(missing.Count == 0,
            "Pages/endpoints without an expected rule: add them, with who may reach them, to your capability's IAccessRules.Expected (see docs/testing.md): " + string.Join(", ", missing));

        var stale = AccessTable.Expected.Keys.Except(discovered.Select(e => e.Key)).ToList();
        Assert.True(stale.Count == 0, "Access rules name pages/endpoints the Portal no longer routes: " + string.Join(", ", stale));

        var withParameters = discovered.Where(e => e.Parameters.Count > 0 && !AccessTable.ForeignIds.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        Assert.True(withParameters.Count == 0,
            "Pages/endpoints with route parameters need an 'another company's ids' case in IAccessRules.ForeignIds (or null when the parameter names no company data; see docs/testing.md): "
            + string.Join(", ", withParameters));
    }

    [Fact]
    public void Discovery_finds_the_known_pages_and_endpoints()
    {
        // Guards the discovery itself: if it silently found nothing, the matrix would pass vacuously.
        var keys = PortalEndpoints.Discover(portal.Services).Select(e => e.Key).ToList();

        Assert.Contains("/Catalog/Product", keys);
        Assert.Contains("/Account/Login", keys);
        Assert.Contains("GET /api/v1/catalog/products/{sku}", keys);
        Assert.True(keys.Count >= 20, $"only {keys.Count} discovered");
    }

    [Fact]
    public async Task Every_page_and_endpoint_answers_every_role_as_the_table_says()
    {
        var endpoints = PortalEndpoints.Discover(portal.Services).Where(e => AccessTable.Expected.ContainsKey(e.Key)).ToList();
        IReadOnlyDictionary<string, string> samples;
        Dictionary<string, string> tokens;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            samples = await AccessTable.SampleRouteValuesAsync(db);
            tokens = await IssueTokensAsync(db);
        }

        var cookieClients = new List<(string Who, string? Role, HttpClient Client)> { ("anonymous", null, portal.Anonymous()) };
        var bearerClients = new List<(string Who, string? Role, HttpClient Client)>();
        foreach (var (email, _, role, _) in DemoDataSeeder.DemoUsers)
        {
            cookieClients.Add((email, role, await portal.SignedInAsync(email)));
            var bearer = portal.Anonymous();
            bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[email]);
            bearerClients.Add((email + " (API token)", role, bearer));
        }

        var unknownToken = portal.Anonymous();
        unknownToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken.Prefix + "not-a-real-token");
        bearerClients.Add(("an unknown API token", null, unknownToken));

        var failures = new List<string>();
        var requests = 0;
        foreach (var endpoint in endpoints)
        {
            var access = AccessTable.Expected[endpoint.Key];
            foreach (var pattern in endpoint.Patterns)
            {
                var url = PortalEndpoint.Fill(pattern, samples);
                var isApi = url.StartsWith("/api/", StringComparison.Ordinal);
                foreach (var method in endpoint.Methods)
                {
                    var safe = method == HttpMethods.Get || method == HttpMethods.Head;
                    var clients = isApi ? cookieClients.Concat(bearerClients) : cookieClients;
                    foreach (var (who, role, client) in clients)
                    {
                        var expected = role is null
                            ? (access.Anonymous ? Outcome.Allowed : Outcome.Challenged)
                            : (access.AllowedRoles.Contains(role) ? Outcome.Allowed : Outcome.Forbidden);

                        // Unsafe API calls are only sent where they must be refused: an allowed one could change data.
                        // (Page POSTs are safe to send: without an anti-forgery token an allowed one stops at 400.)
                        if (isApi && !safe && expected == Outcome.Allowed)
                        {
                            continue;
                        }

                        using var request = new HttpRequestMessage(new HttpMethod(method), url);
                        if (!safe)
                        {
                            // JSON for the API, as its clients send: routing answers a JSON endpoint's form body with 415
                            // before authorization runs, which would hide whether the role is refused.
                            request.Content = isApi ? JsonContent.Create(new { }) : new FormUrlEncodedContent([]);
                        }

                        using var response = await client.SendAsync(request);
                        requests++;
                        var problem = expected == Outcome.Allowed && AccessTable.AnswerWith403.Contains(endpoint.Key) && response.StatusCode == HttpStatusCode.Forbidden
                            ? null
                            : Judge(response, isApi, expected);

                        // Anti-forgery on every form: an allowed page POST without a token stops at 400.
                        if (problem is null && endpoint.IsPage && !safe && expected == Outcome.Allowed
                            && !AccessTable.PostWithoutAntiforgery.Contains(endpoint.Key) && response.StatusCode != HttpStatusCode.BadRequest)
                        {
                            problem = $"a POST without an anti-forgery token got {(int)response.StatusCode}, not 400";
                        }
                        if (problem is not null)
                        {
                            failures.Add($"{method} {url} as {who}: expected {expected} ({access}), {problem}");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests broke the table:\n" + string.Join("\n", failures));
        Assert.True(requests > 300, $"only {requests} requests made");
    }

    private static string? Judge(HttpResponseMessage response, bool isApi, Outcome expected)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.ToString() ?? string.Empty;
        var toSignIn = response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/Login?ReturnUrl=", StringComparison.OrdinalIgnoreCase);
        var toDenied = response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase);
        var got = $"got {status}{(location.Length > 0 ? " → " + location : string.Empty)}";
        return expected switch
        {
            Outcome.Allowed when status is 401 or 403 || toSignIn || toDenied || status >= 500 => got,
            Outcome.Challenged when isApi && status != 401 => got,
            Outcome.Challenged when !isApi && !toSignIn => got,
            Outcome.Forbidden when isApi && status != 403 => got,
            Outcome.Forbidden when !isApi && !toDenied && status != 403 => got,
            _ => null,
        };
    }

    private static async Task<Dictionary<string, string>> IssueTokensAsync(PortalDbContext db)
    {
        var tokens = new Dictionary<string, string>();
        var now = DateTimeOffset.UtcNow;
        foreach (var (email, _, _, _) in DemoDataSeeder.DemoUsers)
        {
            var owner = await db.Users.SingleAsync(u => u.Email == email);
            var (token, plain) = ApiToken.Issue("matrix", owner, TestActors.Administrator, now, null, ApiScopes.Names);
            db.ApiTokens.Add(token);
            tokens[email] = plain;
        }

        await db.SaveChangesAsync();
        return tokens;
    }
}
