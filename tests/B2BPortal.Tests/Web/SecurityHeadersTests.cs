using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Portal.Infrastructure;
using B2BPortal.Tests.Fixtures;
using Microsoft.Extensions.Configuration;

namespace B2BPortal.Tests.Web;

/// <summary>
/// Every response carries the security headers (CSP, nosniff, no framing, Referrer-Policy), whatever produced it; every
/// cookie is Secure outside Development; HSTS is sent over https. The Testing environment behaves like production here.
/// </summary>
[Collection(SharedSqlitePortal.Name)]
public sealed partial class SecurityHeadersTests(SqlitePortal portal)
{
    /// <summary>Checks one response's headers; also used by the tests of the 500 pages.</summary>
    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var what = $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}";
        var csp = Single(response, "Content-Security-Policy", what);
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.Split(' ')[0].Length)..].Trim(), StringComparer.Ordinal);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self'", directives["style-src"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.Equal("'self'", directives["base-uri"]);
        Assert.Equal("'self'", directives["form-action"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options", what));
        Assert.Equal("DENY", Single(response, "X-Frame-Options", what));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy", what));
    }

    [Theory]
    [InlineData("/Account/Login", HttpStatusCode.OK)] // a page with a form (anti-forgery used to add its own X-Frame-Options)
    [InlineData("/Catalog", HttpStatusCode.Redirect)] // the challenge to sign in
    [InlineData("/no/such/page", HttpStatusCode.NotFound)] // the status page
    [InlineData("/Status/413", HttpStatusCode.OK)]
    [InlineData("/css/site.css", HttpStatusCode.OK)] // a static file
    [InlineData("/lib/bootstrap/js/bootstrap.bundle.min.js", HttpStatusCode.OK)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("/api/v1/catalog/products", HttpStatusCode.Unauthorized)]
    [InlineData("/api/v1/no/such/endpoint", HttpStatusCode.NotFound)]
    public async Task Anonymous_responses_of_every_kind_carry_the_security_headers(string url, HttpStatusCode status)
    {
        var response = await portal.Anonymous().GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData("/Catalog", HttpStatusCode.OK)]
    [InlineData("/Ordering/QuickOrder", HttpStatusCode.OK)]
    [InlineData("/api/v1/catalog/products", HttpStatusCode.OK)]
    [InlineData("/api/v1/catalog/products/NO-SUCH-SKU", HttpStatusCode.NotFound)]
    [InlineData("/Pricing", HttpStatusCode.Redirect)] // to Access denied
    public async Task Signed_in_pages_API_answers_and_errors_carry_the_security_headers(string url, HttpStatusCode status)
    {
        var client = await portal.SignedInAsync("buyer@acme.example");

        var response = await client.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Sign_in_anti_forgery_and_TempData_cookies_are_Secure_and_HttpOnly()
    {
        const string email = "secure.cookies@acme.example";
        await TestUsers.CreateAsync(portal, email, "Buyer", "C10000");
        var client = portal.Anonymous();
        var form = await client.GetAsync("/Account/Login");
        var antiforgery = Assert.Single(SetCookies(form), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));

        var signIn = await PortalFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = Assert.Single(SetCookies(signIn), c => c.StartsWith("b2bportal.auth=", StringComparison.Ordinal));

        // Emptying the cart leaves "Your cart is empty." for the next page in the TempData cookie.
        var cleared = await PortalFactory.PostFormAsync(client, "/Ordering/Cart?handler=Clear", new Dictionary<string, string>(), "/Ordering/Cart");
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        var tempData = Assert.Single(SetCookies(cleared), c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider=", StringComparison.Ordinal));

        foreach (var cookie in new[] { antiforgery, auth, tempData })
        {
            Assert.Matches(SecureAttribute(), cookie);
            Assert.Matches(HttpOnlyAttribute(), cookie);
        }
    }

    [Fact]
    public async Task HSTS_is_sent_over_https_outside_Development()
    {
        // UseHsts leaves out localhost (a developer's browser would remember it for every local site); a real host name gets it.
        using var client = portal.CreateClient(new() { BaseAddress = new Uri("https://portal.example"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/health/live");

        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_form_action_allows_the_Microsoft_sign_in_instance_only_when_it_is_configured()
    {
        static string FormAction(Dictionary<string, string?> settings) =>
            SecurityHeaders.ContentSecurityPolicy(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
                .Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("form-action ", StringComparison.Ordinal));

        Assert.Equal("form-action 'self'", FormAction([]));
        Assert.Equal("form-action 'self' https://login.microsoftonline.com", FormAction(new() { ["AzureAd:ClientId"] = "app", ["AzureAd:Instance"] = "https://login.microsoftonline.com/" }));
        Assert.Equal("form-action 'self' https://login.microsoftonline.com", FormAction(new() { ["AzureAd:ClientId"] = "app" }));
        Assert.Equal("form-action 'self' https://login.partner.microsoftonline.cn", FormAction(new() { ["AzureAd:ClientId"] = "app", ["AzureAd:Instance"] = "https://login.partner.microsoftonline.cn/" }));
    }

    [Fact]
    public void Configured_image_hosts_are_allowed_and_a_malformed_one_stops_the_start()
    {
        var csp = SecurityHeaders.ContentSecurityPolicy(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SecurityHeaders:ImageSources:0"] = "https://cdn.example.com/images/",
        }).Build());
        Assert.Contains("img-src 'self' data: https://cdn.example.com;", csp, StringComparison.Ordinal);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SecurityHeaders:ImageSources:0"] = "cdn.example.com" }).Build();
        Assert.Contains("SecurityHeaders:ImageSources", Assert.Throws<InvalidOperationException>(() => SecurityHeaders.ContentSecurityPolicy(bad)).Message, StringComparison.Ordinal);
    }

    /// <summary>The policy forbids inline script and style; markup that has them would be broken in the browser.</summary>
    [Fact]
    public void No_page_has_inline_script_inline_style_or_event_handler_attributes()
    {
        var pages = Path.Combine(Repository.Root, "Portal", "Pages");
        var offences = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(pages, f), Line: i + 1, Text: line)))
            .Where(l => InlineCode().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offences.Count == 0, "Move these into wwwroot/js or wwwroot/css/site.css:\n" + string.Join('\n', offences));
    }

    private static string Single(HttpResponseMessage response, string header, string what) =>
        response.Headers.TryGetValues(header, out var values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"{header} is missing on {what}.");

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    // <script> without src, style="…", <style>, onclick="…" and the like.
    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>|\sstyle\s*=|<style[\s>]|\son[a-z]+\s*=\s*[""']", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCode();

    [GeneratedRegex(@";\s*secure(;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecureAttribute();

    [GeneratedRegex(@";\s*httponly(;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex HttpOnlyAttribute();
}
