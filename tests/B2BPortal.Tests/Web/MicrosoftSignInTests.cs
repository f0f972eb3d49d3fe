using System.Net;
using System.Net.Http.Json;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using B2BPortal.Portal.Infrastructure;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>
/// A Portal with "Sign in with Microsoft" pointed at a fake Entra ID (WireMock): the real Microsoft.Identity.Web and
/// OpenID Connect handlers, discovery, JWKS, signed tokens. Two companies and no demo data.
/// </summary>
public abstract class MicrosoftSignInPortal(DatabaseProvider provider) : PortalFactory(provider)
{
    public const string VictimCompany = "C91000";
    public static readonly Guid VictimTenant = Guid.Parse("0b6f1c8e-1a2b-4c3d-8e9f-a0b1c2d3e4f5");
    public static readonly Guid AttackerTenant = Guid.Parse("deadbeef-0000-4000-8000-000000000bad");

    public FakeEntraId EntraId { get; } = new();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(EntraId.Settings)
    {
        ["DemoData:LoadOnEmptyDatabase"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // The fake provider answers on plain http; Entra ID itself is https only. Microsoft.Identity.Web's issuer
        // validator reads the issuer template over https by itself unless it is given, as here, the same template.
        builder.ConfigureTestServices(s => s.Configure<OpenIdConnectOptions>(IdentitySetup.MicrosoftScheme, o =>
        {
            o.RequireHttpsMetadata = false;
            o.TokenValidationParameters.ValidIssuers = [EntraId.Url + "/{tenantid}/v2.0"];
        }));
    }

    /// <summary>A browser: https (the correlation cookies are Secure), cookies kept, redirects shown.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            EntraId.Dispose();
        }
    }
}

public sealed class SqliteMicrosoftSignInPortal() : MicrosoftSignInPortal(DatabaseProvider.Sqlite);

public sealed class PostgresMicrosoftSignInPortal() : MicrosoftSignInPortal(DatabaseProvider.PostgreSQL);

public abstract class MicrosoftSignInTests<TPortal>(TPortal portal) : IAsyncLifetime
    where TPortal : MicrosoftSignInPortal
{
    public async Task InitializeAsync()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (!await db.Companies.AnyAsync(c => c.ErpCustomerNumber == MicrosoftSignInPortal.VictimCompany))
        {
            var company = new CustomerCompany(MicrosoftSignInPortal.VictimCompany, "Victim Trading Ltd", "EUR");
            company.AllowSignInTenants([MicrosoftSignInPortal.VictimTenant.ToString()]);
            db.Companies.Add(company);
            await db.SaveChangesAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_token_with_a_victims_address_from_a_foreign_tenant_signs_nobody_in_and_links_nothing()
    {
        var admin = await TestUsers.CreateAsync(portal, $"victim.admin.{Guid.NewGuid():N}@example.com", Roles.Administrator, null);
        var buyer = await TestUsers.CreateAsync(portal, $"victim.buyer.{Guid.NewGuid():N}@example.com", Roles.Buyer, MicrosoftSignInPortal.VictimCompany);

        foreach (var attack in new[]
        {
            new EntraUser(MicrosoftSignInPortal.AttackerTenant, Guid.NewGuid(), admin.Email!, EmailDomainVerified: true),
            new EntraUser(MicrosoftSignInPortal.AttackerTenant, Guid.NewGuid(), buyer.Email!, EmailDomainVerified: true),
            // The company's own tenant, but without its word that it verified the address: not enough either.
            new EntraUser(MicrosoftSignInPortal.VictimTenant, Guid.NewGuid(), buyer.Email!),
        })
        {
            var browser = portal.Browser();
            var page = await SignInWithMicrosoftAsync(browser, attack);

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("This Microsoft account is not linked to a portal account.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);
        }

        Assert.Empty(await LoginsAsync(admin.Id));
        Assert.Empty(await LoginsAsync(buyer.Id));
    }

    [Fact]
    public async Task A_signed_in_user_links_Microsoft_explicitly_and_signs_in_with_it_by_object_id_even_after_the_address_changes()
    {
        var user = await TestUsers.CreateAsync(portal, $"linker.{Guid.NewGuid():N}@example.com", Roles.SalesRep, null);
        var microsoft = new EntraUser(MicrosoftSignInPortal.AttackerTenant, Guid.NewGuid(), "someone.else@elsewhere.example");

        var browser = portal.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(browser, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email!,
            ["Input.Password"] = DemoDataSeeder.DemoPassword,
        })).StatusCode);
        portal.EntraId.NextUser = microsoft;
        var linked = await portal.EntraId.CompleteAsync(browser, await PortalFactory.PostFormAsync(browser, "/Account/Microsoft?handler=Link", new Dictionary<string, string>(), "/Account/Microsoft"));
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Contains(microsoft.Key, await browser.GetStringAsync("/Account/Microsoft"), StringComparison.Ordinal);
        Assert.Equal([microsoft.Key], await LoginsAsync(user.Id));

        // Another day, another e-mail claim: the tenant and object id are who this is.
        var later = portal.Browser();
        var signedIn = await SignInWithMicrosoftAsync(later, microsoft with { Email = "renamed@elsewhere.example" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(user.Id, (await later.GetFromJsonAsync<Me>("/api/v1/me"))!.UserId);

        using var scope = portal.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.AnyAsync(a => a.EntityId == user.Id && a.Action == "MicrosoftLinked"));
    }

    [Fact]
    public async Task An_invitation_accepted_with_Microsoft_links_that_account_and_is_spent()
    {
        PortalUser invited;
        string link;
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            invited = PortalUser.CreateStaff($"invited.{Guid.NewGuid():N}@example.com", "Invited Ina", DateTimeOffset.UtcNow);
            await users.CreateAsync(invited);
            await users.AddToRoleAsync(invited, Roles.Accountant);
            link = new Uri(await scope.ServiceProvider.GetRequiredService<AccountMails>().WelcomeLinkAsync(invited)).PathAndQuery;
        }

        var microsoft = new EntraUser(Guid.NewGuid(), Guid.NewGuid(), "ina@her-own-tenant.example");
        var browser = portal.Browser();
        portal.EntraId.NextUser = microsoft;
        var page = await portal.EntraId.CompleteAsync(browser, await PostInvitationAsync(browser, link));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(invited.Id, (await browser.GetFromJsonAsync<Me>("/api/v1/me"))!.UserId);
        Assert.Equal([microsoft.Key], await LoginsAsync(invited.Id));

        // The invitation is used up: neither a password nor another Microsoft account can take it now.
        var again = await PostInvitationAsync(portal.Browser(), link);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This link has expired or was already used.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verified_address_from_a_tenant_the_company_allows_links_its_buyer_on_first_sign_in()
    {
        var buyer = await TestUsers.CreateAsync(portal, $"trusted.buyer.{Guid.NewGuid():N}@example.com", Roles.Buyer, MicrosoftSignInPortal.VictimCompany);
        var microsoft = new EntraUser(MicrosoftSignInPortal.VictimTenant, Guid.NewGuid(), buyer.Email!, EmailDomainVerified: true);

        var browser = portal.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithMicrosoftAsync(browser, microsoft)).StatusCode);

        Assert.Equal(buyer.Id, (await browser.GetFromJsonAsync<Me>("/api/v1/me"))!.UserId);
        Assert.Equal([microsoft.Key], await LoginsAsync(buyer.Id));
    }

    [Fact]
    public async Task A_buyer_admin_sets_its_own_companys_tenants_only_and_the_change_is_audited()
    {
        var admin = await TestUsers.CreateAsync(portal, $"buyer.admin.{Guid.NewGuid():N}@example.com", Roles.BuyerAdmin, MicrosoftSignInPortal.VictimCompany);
        var browser = portal.Browser();
        await PortalFactory.PostFormAsync(browser, "/Account/Login", new Dictionary<string, string> { ["Input.Email"] = admin.Email!, ["Input.Password"] = DemoDataSeeder.DemoPassword });
        var other = Guid.NewGuid();

        var bad = await PortalFactory.PostFormAsync(browser, "/Identity/SignInTenants", new Dictionary<string, string> { ["Tenants"] = "contoso.onmicrosoft.com" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is not a tenant id", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A companyId of some other company in the form is ignored: a BuyerAdmin edits its own.
        var saved = await PortalFactory.PostFormAsync(browser, "/Identity/SignInTenants", new Dictionary<string, string>
        {
            ["CompanyId"] = "999999",
            ["Tenants"] = $"{MicrosoftSignInPortal.VictimTenant}\n{other}",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var company = await db.Companies.AsNoTracking().SingleAsync(c => c.ErpCustomerNumber == MicrosoftSignInPortal.VictimCompany);
        Assert.Equal([MicrosoftSignInPortal.VictimTenant, other], company.SignInTenantIds);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "SignInTenantsChanged" && a.ActorId == admin.Id && a.After!.Contains(other.ToString())));

        company = await db.Companies.SingleAsync(c => c.Id == company.Id);
        company.AllowSignInTenants([MicrosoftSignInPortal.VictimTenant.ToString()]);
        await db.SaveChangesAsync();
    }

    private async Task<HttpResponseMessage> SignInWithMicrosoftAsync(HttpClient browser, EntraUser who)
    {
        portal.EntraId.NextUser = who;
        return await portal.EntraId.CompleteAsync(browser, await PortalFactory.PostFormAsync(browser, "/Account/ExternalLogin", new Dictionary<string, string>(), "/Account/Login"));
    }

    private static Task<HttpResponseMessage> PostInvitationAsync(HttpClient browser, string link)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("https://localhost" + link).Query);
        return PortalFactory.PostFormAsync(browser, "/Account/AcceptInvitation?handler=Microsoft", new Dictionary<string, string>
        {
            ["Input.UserId"] = query["userId"].ToString(),
            ["Input.Token"] = query["token"].ToString(),
        }, link);
    }

    private async Task<List<string>> LoginsAsync(string userId)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().UserLogins.Where(l => l.UserId == userId).Select(l => l.ProviderKey).ToListAsync();
    }

    private sealed record Me(string UserId);
}

public sealed class MicrosoftSignInOnSqliteTests(SqliteMicrosoftSignInPortal portal)
    : MicrosoftSignInTests<SqliteMicrosoftSignInPortal>(portal), IClassFixture<SqliteMicrosoftSignInPortal>;

public sealed class MicrosoftSignInOnPostgresTests(PostgresMicrosoftSignInPortal portal)
    : MicrosoftSignInTests<PostgresMicrosoftSignInPortal>(portal), IClassFixture<PostgresMicrosoftSignInPortal>;
