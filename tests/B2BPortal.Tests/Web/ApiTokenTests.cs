using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>API tokens through the Tokens page: issued (shown once), used as Bearer, revoked, expired.</summary>
[Collection(SharedSqlitePortal.Name)]
public sealed partial class ApiTokenTests(SqlitePortal portal)
{
    [Fact]
    public async Task A_buyer_admin_issues_a_token_that_is_shown_once_and_reads_the_companys_catalog_as_Bearer()
    {
        var admin = await portal.SignedInAsync("admin@acme.example");
        var buyerId = await UserIdAsync("buyer@acme.example");

        var issued = await PortalFactory.PostFormAsync(admin, "/Tokens?handler=Issue", new Dictionary<string, string>
        {
            ["Issue.Name"] = "Acme SAP Ariba",
            ["Issue.UserId"] = buyerId,
            ["Issue.Scopes"] = ApiScopes.CatalogRead,
        }, "/Tokens");
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var plain = NewToken().Match(await issued.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.StartsWith(ApiToken.Prefix, plain, StringComparison.Ordinal);

        // Shown once: neither the list nor the database holds it.
        var list = await admin.GetStringAsync("/Tokens");
        Assert.Contains("Acme SAP Ariba", list, StringComparison.Ordinal);
        Assert.DoesNotContain(plain, list, StringComparison.Ordinal);
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var stored = await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Name == "Acme SAP Ariba");
            Assert.Equal(ApiToken.Hash(plain), stored.TokenHash);
            Assert.DoesNotContain(plain, stored.TokenHash, StringComparison.Ordinal);
        }

        var api = Bearer(plain);
        var products = await api.GetAsync("/api/v1/catalog/products?q=bolt");
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        var me = await api.GetFromJsonAsync<MeDto>("/api/v1/me");
        Assert.NotNull(me);
        Assert.Equal(await CompanyIdAsync("C10000"), me.CompanyId);
        Assert.Equal(["Buyer"], me.Roles);
    }

    [Fact]
    public async Task A_revoked_token_gets_401_from_then_on()
    {
        var (id, plain) = await IssueAsync("buyer@acme.example", "to revoke", DateTimeOffset.UtcNow, null);
        var api = Bearer(plain);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/catalog/products")).StatusCode);

        var admin = await portal.SignedInAsync("admin@acme.example");
        var revoked = await PortalFactory.PostFormAsync(admin, $"/Tokens?handler=Revoke&id={id}", new Dictionary<string, string>(), "/Tokens");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        var refused = await api.GetAsync("/api/v1/catalog/products");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // Revoking twice is a rule violation shown on the page, not an error.
        var twice = await PortalFactory.PostFormAsync(admin, $"/Tokens?handler=Revoke&id={id}", new Dictionary<string, string>(), "/Tokens");
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("This token is already revoked.", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_gets_401()
    {
        var issuedAt = DateTimeOffset.UtcNow.AddDays(-10);
        var (_, plain) = await IssueAsync("buyer@acme.example", "expired", issuedAt, issuedAt.AddDays(1));

        var response = await Bearer(plain).GetAsync("/api/v1/catalog/products");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_of_a_disabled_or_locked_user_gets_401()
    {
        const string email = "to.lock@borealis.example";
        await TestUsers.CreateAsync(portal, email, "Buyer", "C20000");
        var (_, plain) = await IssueAsync(email, "locked owner", DateTimeOffset.UtcNow, null);
        var api = Bearer(plain);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(email);
            await users.SetLockoutEndDateAsync(user!, DateTimeOffset.UtcNow.AddHours(1));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_buyer_admin_cannot_issue_a_token_for_another_companys_user_nor_with_a_past_expiry()
    {
        var admin = await portal.SignedInAsync("admin@acme.example");

        var foreign = await PortalFactory.PostFormAsync(admin, "/Tokens?handler=Issue", new Dictionary<string, string>
        {
            ["Issue.Name"] = "sneaky",
            ["Issue.UserId"] = await UserIdAsync("buyer@borealis.example"),
        }, "/Tokens");
        var html = await foreign.Content.ReadAsStringAsync();
        Assert.Contains("Choose one of the listed users.", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(NewToken(), html);

        var past = await PortalFactory.PostFormAsync(admin, "/Tokens?handler=Issue", new Dictionary<string, string>
        {
            ["Issue.Name"] = "past",
            ["Issue.UserId"] = await UserIdAsync("buyer@acme.example"),
            ["Issue.ExpiresOn"] = "2020-01-01",
        }, "/Tokens");
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("The expiry date must be in the future.", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var scope = portal.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<PortalDbContext>().ApiTokens.AnyAsync(t => t.Name == "sneaky" || t.Name == "past"));
    }

    [Fact]
    public async Task A_token_has_its_users_rights_and_no_more_a_buyers_token_is_forbidden_staff_pages()
    {
        var (_, plain) = await IssueAsync("buyer@acme.example", "rights check", DateTimeOffset.UtcNow, null);
        var api = Bearer(plain);

        var staffPage = await api.GetAsync("/Customers");

        Assert.Equal(HttpStatusCode.Forbidden, staffPage.StatusCode);
        Assert.Null(staffPage.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/catalog/categories")).StatusCode);
    }

    [Fact]
    public async Task A_bearer_header_that_is_not_a_portal_token_gets_401_problem_details()
    {
        var response = await Bearer("eyJhbGciOiJIUzI1NiJ9.not.ours").GetAsync("/api/v1/catalog/products");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private HttpClient Bearer(string token)
    {
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<(int Id, string Plain)> IssueAsync(string ownerEmail, string name, DateTimeOffset now, DateTimeOffset? expires)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var owner = await db.Users.SingleAsync(u => u.Email == ownerEmail);
        var (token, plain) = ApiToken.Issue(name, owner, TestActors.Administrator, now, expires, ApiScopes.Names);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync();
        return (token.Id, plain);
    }

    private async Task<string> UserIdAsync(string email)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private async Task<int> CompanyIdAsync(string number)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Companies.Where(c => c.ErpCustomerNumber == number).Select(c => c.Id).SingleAsync();
    }

    [GeneratedRegex("data-testid=\"new-token\">([^<]+)<")]
    private static partial Regex NewToken();

    private sealed record MeDto(string UserId, string Name, int? CompanyId, List<string> Roles);
}

/// <summary>Data-protection keys live in the database, so Portal nodes on one database read each other's sign-in cookies.</summary>
[Collection(SharedPostgresPortal.Name)]
public sealed class DataProtectionKeyTests(PostgresPortal portal)
{
    [Fact]
    public async Task Keys_are_stored_in_the_database_and_a_second_node_accepts_the_first_nodes_cookie()
    {
        var cookie = await SignInCookieAsync(portal, "buyer@acme.example");

        using (var scope = portal.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<HostedPortalDbContext>().DataProtectionKeys.AnyAsync(), "no key in DataProtectionKeys");
        }

        var secondNode = new SecondNode(portal.Database.ConnectionString);
        await secondNode.InitializeAsync();
        try
        {
            var client = secondNode.Anonymous();
            client.DefaultRequestHeaders.Add("Cookie", cookie);
            var me = await client.GetAsync("/api/v1/me");

            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("Alice Buyer", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)secondNode).DisposeAsync();
        }
    }

    /// <summary>Signs in through the form by hand, to get hold of the auth cookie itself.</summary>
    private static async Task<string> SignInCookieAsync(PortalFactory node, string email)
    {
        var client = node.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/Account/Login");
        var antiforgeryCookies = form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        var token = Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", antiforgeryCookies));
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("b2bportal.auth=", StringComparison.Ordinal));
    }

    /// <summary>Another Portal process on the first one's database (its own throwaway database stays unused).</summary>
    private sealed class SecondNode(string connectionString) : PortalFactory(DatabaseProvider.PostgreSQL)
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = connectionString,
            ["DemoData:LoadOnEmptyDatabase"] = "false",
        };
    }
}

/// <summary>A Portal whose data-protection keys are encrypted with a certificate (DataProtection:CertificatePath).</summary>
public sealed class CertificateKeysPortal() : PortalFactory(DatabaseProvider.Sqlite)
{
    public const string Password = "Test-Cert-Pass-1";

    public static readonly string CertificateFile = CreateCertificate();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["DataProtection:CertificatePath"] = CertificateFile,
        ["DataProtection:CertificatePassword"] = Password,
    };

    private static string CreateCertificate()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=B2BPortal data protection (test)", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var file = Path.Combine(Path.GetTempPath(), $"b2bportal-dp-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(file, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, Password));
        return file;
    }
}

public sealed class EncryptedKeyTests(CertificateKeysPortal portal) : IClassFixture<CertificateKeysPortal>
{
    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_sign_in_still_works()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync("/api/v1/me")).StatusCode);

        using var scope = portal.Services.CreateScope();
        var keys = await scope.ServiceProvider.GetRequiredService<HostedPortalDbContext>().DataProtectionKeys.Select(k => k.Xml ?? string.Empty).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml.Split("<encryptedSecret")[0] + xml.Split("</encryptedSecret>")[^1], StringComparison.Ordinal);
            Assert.Contains("X509Certificate", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_missing_certificate_file_stops_the_start_with_the_path_in_the_message()
    {
        var broken = new MissingCertificatePortal();
        await broken.InitializeAsync();
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
            Assert.Contains("there is no certificate file at /nonexistent/dp.pfx", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)broken).DisposeAsync();
        }
    }

    private sealed class MissingCertificatePortal() : PortalFactory(DatabaseProvider.Sqlite)
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = "/nonexistent/dp.pfx",
        };
    }
}
