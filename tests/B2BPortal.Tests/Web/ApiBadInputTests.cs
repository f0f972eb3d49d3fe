using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>
/// Input the API cannot read is the caller's mistake, never a server error, in every environment (Development
/// included): every write endpoint that takes a body, discovered from the running Portal, gets malformed JSON, an empty
/// body, no or a wrong content type, and a value of the wrong type or out of range in each of its body's fields, and
/// must answer 400 with a problem naming the field. Quantities are bounded by the domain; paging past the end is empty.
/// </summary>
[Collection(SharedSqlitePortal.Name)]
public sealed class ApiBadInputTests(SqlitePortal portal)
{
    private static readonly string[] WriteMethods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    public static TheoryData<string> Environments => new() { "Testing", "Development" };

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Every_write_endpoint_answers_unreadable_input_with_a_400_naming_the_field(string environment)
    {
        using var host = portal.WithWebHostBuilder(b => b.UseEnvironment(environment));
        using var client = await BuyerApiAsync(host);
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Intersect(WriteMethods)
                .Select(m => (Method: m, Url: PortalEndpoint.Fill(e.RoutePattern.RawText!, new Dictionary<string, string> { ["sku"] = "ANY-1", ["number"] = "ANY-1" }),
                    Body: e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType)))
            .ToList();
        var failures = new List<string>();
        var requests = 0;

        foreach (var (method, url, body) in endpoints)
        {
            if (body is null)
            {
                // No body to read: whatever is sent is ignored, and never causes a server error.
                using var ignored = await SendAsync(client, method, url, "{\"", "application/json");
                requests++;
                if ((int)ignored.StatusCode >= 500)
                {
                    failures.Add($"{method} {url} with a stray body: {(int)ignored.StatusCode}");
                }

                continue;
            }

            var cases = new List<(string What, string Content, string? ContentType, string? Field)>
            {
                ("malformed JSON", "{\"", "application/json", null),
                ("an empty body", "", "application/json", "body"),
                ("no content type", "{}", null, "body"),
                ("a wrong content type", "{}", "text/plain", "body"),
                ("a JSON array", "[]", "application/json", "body"),
            };
            foreach (var property in body.GetProperties())
            {
                var field = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                foreach (var value in BadValues(type))
                {
                    cases.Add(($"{field} = {value}", $"{{\"{field}\":{value}}}", "application/json", field));
                }
            }

            foreach (var (what, content, contentType, field) in cases)
            {
                using var response = await SendAsync(client, method, url, content, contentType);
                requests++;
                if (await ProblemAsync(response, field) is { } problem)
                {
                    failures.Add($"{method} {url} with {what}: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests were not answered 400 naming the field:\n" + string.Join("\n", failures));
        Assert.Contains(endpoints, e => e is { Method: "POST", Url: "/api/v1/orders", Body: not null });
        Assert.Contains(endpoints, e => e is { Method: "POST", Url: "/api/v1/carts/current/lines", Body: not null });
        Assert.Contains(endpoints, e => e is { Method: "PUT", Url: "/api/v1/carts/current/lines/ANY-1", Body: not null });
        Assert.Contains(endpoints, e => e is { Method: "POST", Url: "/api/v1/quotes/ANY-1/accept", Body: not null });
    }

    [Theory]
    [InlineData("79228162514264337593543950335")]
    [InlineData("1e20")]
    [InlineData("1000000000")]
    public async Task A_quantity_over_the_domain_maximum_is_too_large_not_an_overflow_or_a_conflict(string quantity)
    {
        using var client = await BuyerApiAsync(portal);

        using var line = await SendAsync(client, "POST", "/api/v1/carts/current/lines", $"{{\"sku\":\"ANY-1\",\"quantity\":{quantity}}}", "application/json");
        using var price = await client.GetAsync($"/api/v1/pricing/prices?sku=ANY-1&qty={quantity}");

        Assert.Null(await ProblemAsync(line, "quantity"));
        Assert.Contains("Quantity too large: at most 999,999,999", await line.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await ProblemAsync(price, "qty"));
        // In a query, the exponent form is not a number at all (400 naming qty, too); written out, it is too large.
        Assert.Contains(quantity.Contains('e', StringComparison.Ordinal) ? "'qty' must be a number" : "Quantity too large", await price.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/orders?status=Bogus", "status")]
    [InlineData("/api/v1/orders?status=99", "status")]
    [InlineData("/api/v1/orders?from=2026-13-45", "from")]
    [InlineData("/api/v1/orders?to=2026-02-30", "to")]
    [InlineData("/api/v1/orders?page=99999999999", "page")]
    [InlineData("/api/v1/orders?page=0", "page")]
    [InlineData("/api/v1/catalog/products?sort=Bogus", "sort")]
    [InlineData("/api/v1/catalog/products?page=ten", "page")]
    [InlineData("/api/v1/pricing/prices?sku=ANY-1&qty=ten", "qty")]
    public async Task A_query_value_of_the_wrong_type_or_out_of_range_is_a_400_naming_it(string url, string field)
    {
        using var client = await BuyerApiAsync(portal);

        using var response = await client.GetAsync(url);

        Assert.Null(await ProblemAsync(response, field));
    }

    [Theory]
    [InlineData("/api/v1/orders?page=2147483647")]
    [InlineData("/api/v1/orders?page=100000000&pageSize=100")]
    [InlineData("/api/v1/catalog/products?page=2147483647")]
    [InlineData("/api/v1/catalog/products?page=100000000&pageSize=100&sort=Name&q=bolt")]
    public async Task A_page_past_the_last_is_empty_and_has_no_next(string url)
    {
        using var client = await BuyerApiAsync(portal);

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, page.RootElement.GetProperty("items").GetArrayLength());
        Assert.False(page.RootElement.GetProperty("hasNext").GetBoolean());
    }

    /// <summary>Values a field of this type cannot take: another JSON type, and an out-of-range value of its own kind.</summary>
    private static string[] BadValues(Type type) => type switch
    {
        _ when type == typeof(decimal) => ["\"ten\"", "79228162514264337593543950336", "true"],
        _ when type == typeof(int) => ["\"ten\"", "99999999999", "1.5"],
        _ when type == typeof(DateOnly) => ["\"2026-02-30\"", "\"2026-13-01\"", "20260101"],
        _ when type == typeof(bool) => ["\"ten\""],
        _ when type.IsEnum => ["\"Bogus\"", "{}"],
        // A list (of numbers or of objects) is not an object, nor a string, nor a list of strings.
        _ when type != typeof(string) && type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => ["{}", "\"ten\"", "[\"ten\"]"],
        _ => ["[1]", "{}"],
    };

    /// <summary>Null when the response is a 400 problem whose errors name the field (any field when null); else what is wrong.</summary>
    private static async Task<string?> ProblemAsync(HttpResponseMessage response, string? field)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}: {text[..Math.Min(text.Length, 300)]}";
        }

        using var problem = JsonDocument.Parse(text);
        var named = problem.RootElement.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name).ToList() : [];
        // A list's bad element may be named by its path ("lines[0]"): more precise than the list, still the field.
        return named.Count > 0 && (field is null || named.Any(n => n.Equals(field, StringComparison.OrdinalIgnoreCase)
            || n.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase) || n.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase))) ? null : $"errors name [{string.Join(", ", named)}], not {field}: {text}";
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, string content, string? contentType)
    {
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        if (contentType is not null)
        {
            body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = body });
    }

    /// <summary>A buyer's API client; the Idempotency-Key lets a place-order call get as far as reading its body.</summary>
    private async Task<HttpClient> BuyerApiAsync(WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await portal.IssueApiTokenAsync("buyer@acme.example"));
        client.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return client;
    }
}
