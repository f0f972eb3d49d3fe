using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>
/// Bad input never causes a server error: every GET page and endpoint, discovered from the running Portal, gets
/// malformed values in each of its route and query parameters (found from the compiled pages' bound properties and
/// handler parameters, and from the API's description) as a user allowed to call it.
/// </summary>
[Collection(SharedSqlitePortal.Name)]
public sealed class BadInputTests(SqlitePortal portal)
{
    private static readonly string[] Junk =
    [
        "abc", "-1", "0", "99999999999999999999", "1.5", "%", "%00", "<script>alert(1)</script>", "' OR 1=1 --",
        "../../etc/passwd", "😀", new string('x', 3_000), " ",
    ];

    [Fact]
    public async Task Malformed_route_and_query_values_never_cause_a_server_error()
    {
        var endpoints = PortalEndpoints.Discover(portal.Services).Where(e => e.Methods.Contains(HttpMethods.Get) && AccessTable.Expected.ContainsKey(e.Key)).ToList();
        var queryParameters = await QueryParametersAsync();
        var clients = new Dictionary<string, HttpClient>();
        var failures = new List<string>();
        var requests = 0;
        IReadOnlyDictionary<string, string> samples;
        using (var scope = portal.Services.CreateScope())
        {
            samples = await AccessTable.SampleRouteValuesAsync(scope.ServiceProvider.GetRequiredService<B2BPortal.Domain.Persistence.PortalDbContext>());
        }

        foreach (var endpoint in endpoints)
        {
            var access = AccessTable.Expected[endpoint.Key];
            var email = access.Anonymous ? null : DemoDataSeeder.DemoUsers.First(u => access.AllowedRoles.Contains(u.Role)).Email;
            var client = email is null ? portal.Anonymous() : clients.TryGetValue(email, out var c) ? c : clients[email] = await portal.SignedInAsync(email);
            var query = queryParameters.TryGetValue(endpoint.Key, out var q) ? q : [];
            foreach (var pattern in endpoint.Patterns)
            {
                var urls = new List<string>();
                foreach (var junk in Junk)
                {
                    foreach (var parameter in PortalEndpoint.ParametersOf(pattern))
                    {
                        urls.Add(PortalEndpoint.Fill(pattern, new Dictionary<string, string>(samples) { [parameter] = junk }));
                    }

                    foreach (var parameter in query)
                    {
                        urls.Add(QueryHelpers.AddQueryString(PortalEndpoint.Fill(pattern, samples), parameter, junk));
                    }
                }

                foreach (var url in urls)
                {
                    using var response = await client.GetAsync(url);
                    requests++;
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"GET {url[..Math.Min(url.Length, 160)]} as {email ?? "anonymous"}: {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} malformed requests got a server error:\n" + string.Join("\n", failures));
        Assert.True(requests > 200, $"only {requests} requests made");
        Assert.Contains("q", queryParameters["/Catalog/Index"]);
        Assert.Contains("pageSize", queryParameters["GET /api/v1/catalog/products"]);
    }

    /// <summary>The query parameters of each GET page (bound properties and handler parameters) and API endpoint.</summary>
    private async Task<Dictionary<string, HashSet<string>>> QueryParametersAsync()
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var loader = portal.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in portal.Services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page || result.ContainsKey(page.ViewEnginePath))
            {
                continue;
            }

            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in compiled.BoundProperties)
            {
                names.Add(property.BindingInfo?.BinderModelName ?? property.Name);
            }

            foreach (var handler in compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var parameter in handler.Parameters.Where(p => p.ParameterType != typeof(CancellationToken)))
                {
                    names.Add(parameter.BindingInfo?.BinderModelName ?? parameter.Name);
                }
            }

            result[page.ViewEnginePath] = names;
        }

        foreach (var api in portal.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(g => g.Items))
        {
            var key = $"{api.HttpMethod} /{api.RelativePath?.TrimStart('/')}";
            result[key] = api.ParameterDescriptions.Where(p => p.Source == BindingSource.Query).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        }

        return result;
    }
}
