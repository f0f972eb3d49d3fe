using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Integration.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Fixtures;

/// <summary>
/// The real Portal (Program.cs, all middleware) over a fresh database of one provider, with the demo data loaded.
/// Use as a class fixture: <c>IClassFixture&lt;SqlitePortal&gt;</c> or <c>IClassFixture&lt;PostgresPortal&gt;</c>.
/// </summary>
public abstract partial class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly DatabaseProvider _provider;
    private TestDatabase? _database;

    protected PortalFactory(DatabaseProvider provider)
    {
        _provider = provider;
        // Outside Development every cookie is Secure, and a client keeps Secure cookies for https only: the tests
        // talk https to the in-memory server, as browsers talk to a production portal.
        ClientOptions.BaseAddress = HttpsBaseAddress;
    }

    public static Uri HttpsBaseAddress { get; } = new("https://localhost");

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialized.");

    private string MailFolder => Path.Combine(Path.GetTempPath(), "b2bportal-tests", Database.Name + "-mail");

    /// <summary>The host environment; "Testing" unless a test is about environment-specific behaviour.</summary>
    protected virtual string EnvironmentName => "Testing";

    /// <summary>Extra settings a test class needs (e.g. an ERP base address pointing at WireMock).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(_provider, migrate: false);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
            if (Directory.Exists(MailFolder))
            {
                Directory.Delete(MailFolder, recursive: true);
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // "Testing" behaves like production (friendly error page, no developer exception page), but may load demo data.
        builder.UseEnvironment(EnvironmentName);
        // UseSetting, not ConfigureAppConfiguration: Program.cs reads configuration while registering services,
        // before app configuration sources added by the factory would be visible.
        {
            var settings = new Dictionary<string, string?>(Database.Settings)
            {
                ["Database:MigrateOnStart"] = "true",
                ["DemoData:LoadOnEmptyDatabase"] = "true",
                // Tests make the orders they look at; the sample orders are for people trying the portal.
                ["DemoData:SampleOrders"] = "false",
                ["Jobs:RunInPortal"] = "false",
                ["Mail:PickupDirectory"] = MailFolder,
                ["Identity:SignInAttemptsPerMinute"] = "1000",
            };
            foreach (var (key, value) in ExtraSettings)
            {
                settings[key] = value;
            }

            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }

        // Password hashes with 1,000 PBKDF2 iterations instead of 100,000: every sign-in and every seeded user costs
        // milliseconds instead of a tenth of a second of CPU. The format records the count, so nothing else changes.
        builder.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
    }

    /// <summary>
    /// Like <see cref="Anonymous"/>, but the requests come from the given client address, for tests of per-address
    /// limits (sign-in throttling). Not for Kestrel-hosted factories.
    /// </summary>
    public HttpClient AnonymousFrom(IPAddress address) =>
        new(new CookieContainerHandler { InnerHandler = Server.CreateHandler(http => http.Connection.RemoteIpAddress = address) })
        {
            BaseAddress = HttpsBaseAddress,
        };

    /// <summary>A client that does not follow redirects, so tests see 302s to the sign-in page for what they are.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = HttpsBaseAddress, AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in through the real sign-in form (anti-forgery token included).</summary>
    public async Task<HttpClient> SignedInAsync(string email, string password = Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword)
    {
        var client = Anonymous();
        var response = await PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    /// <summary>An API token of the given user (as its own actor), for API tests: send it as "Authorization: Bearer …".</summary>
    public async Task<string> IssueApiTokenAsync(string ownerEmail)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<B2BPortal.Domain.Persistence.PortalDbContext>();
        var owner = await db.Users.SingleAsync(u => u.Email == ownerEmail);
        var (token, plain) = B2BPortal.Domain.Identity.ApiToken.Issue("tests", owner, TestActors.Administrator, DateTimeOffset.UtcNow, null, B2BPortal.Domain.Identity.ApiScopes.Names);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync();
        return plain;
    }

    /// <summary>Posts a form the way a browser does: fetches the page first for its anti-forgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, IDictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? url);
        var token = AntiforgeryToken().Match(page);
        var values = new Dictionary<string, string>(fields);
        if (token.Success)
        {
            values["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        }

        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

public sealed class SqlitePortal() : PortalFactory(DatabaseProvider.Sqlite);

public sealed class PostgresPortal() : PortalFactory(DatabaseProvider.PostgreSQL);
