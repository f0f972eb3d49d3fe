using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Common;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>
/// Unexpected exceptions in the Testing environment (production-like): pages show the friendly /Error page with a
/// correlation id and no internals; the API answers ProblemDetails with the correlation id. The failing endpoints
/// exist only in this test's host (a startup filter), never in the Portal.
/// </summary>
[Collection(SharedSqlitePortal.Name)]
public sealed partial class ErrorHandlingTests(SqlitePortal portal)
{
    private const string Secret = "connection string Password=hunter2 leaked";

    /// <summary>One test, one extra host: starting a host costs more than the three checks.</summary>
    [Fact]
    public async Task Unexpected_exceptions_show_the_friendly_page_or_a_problem_and_broken_rules_a_400_never_internals()
    {
        using var factory = portal.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, FailingEndpoints>()));
        var client = await SignedInAsync(factory);

        // A page: the friendly /Error page with a correlation id.
        var page = await client.GetAsync("/__tests/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong on our side", html, StringComparison.Ordinal);
        Assert.Matches(CorrelationId(), html);
        Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), html, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", html, StringComparison.Ordinal);
        SecurityHeadersTests.AssertSecurityHeaders(page);

        // The API: a 500 ProblemDetails whose detail quotes the correlation id, nothing more.
        var api = await client.GetAsync("/api/__tests/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var body = await api.Content.ReadAsStringAsync();
        using (var problem = JsonDocument.Parse(body))
        {
            Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
            var correlationId = problem.RootElement.GetProperty("correlationId").GetString();
            Assert.False(string.IsNullOrWhiteSpace(correlationId));
            Assert.Contains(correlationId!, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        SecurityHeadersTests.AssertSecurityHeaders(api);

        // A broken business rule in the API: 400 with the rule's message.
        var rule = await client.GetAsync("/api/__tests/rule");
        Assert.Equal(HttpStatusCode.BadRequest, rule.StatusCode);
        using (var problem = JsonDocument.Parse(await rule.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Order quantity must be a multiple of 12.", problem.RootElement.GetProperty("detail").GetString());
            Assert.True(problem.RootElement.TryGetProperty("correlationId", out _));
        }
    }

    [Theory]
    [InlineData("/api/v1/catalog/products/NO-SUCH-SKU", 404)]
    [InlineData("/api/v1/no/such/endpoint", 404)]
    [InlineData("/api/v1/catalog/products?pageSize=0", 400)]
    public async Task API_errors_are_problem_details_with_a_correlation_id(string url, int status)
    {
        var client = await portal.SignedInAsync("buyer@acme.example");

        var response = await client.GetAsync(url);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("correlationId").GetString()));
    }

    [Fact]
    public async Task Anonymous_API_calls_get_a_401_problem_not_a_sign_in_page()
    {
        var response = await portal.Anonymous().GetAsync("/api/v1/catalog/products");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Signed in, because the fallback policy (signed in) also guards paths no endpoint matched.</summary>
    private static async Task<HttpClient> SignedInAsync(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = PortalFactory.HttpsBaseAddress, AllowAutoRedirect = false });
        var response = await PortalFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = "buyer@acme.example",
            ["Input.Password"] = Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [GeneratedRegex("data-testid=\"correlation-id\">[0-9a-f]{32}<")]
    private static partial Regex CorrelationId();

    /// <summary>Test-only endpoints at the end of the pipeline, behind all of the Portal's middleware.</summary>
    private sealed class FailingEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/__tests/boom", b => b.Run(_ => throw new InvalidOperationException(Secret)));
            app.Map("/api/__tests/boom", b => b.Run(_ => throw new InvalidOperationException(Secret)));
            app.Map("/api/__tests/rule", b => b.Run(_ => throw new DomainException("Order quantity must be a multiple of 12.")));
        };
    }
}
