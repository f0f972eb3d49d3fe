using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Identity;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.BackOffice;

/// <summary>Issuing API tokens on the Tokens page: explicit owner, 90-day default and one-year cap, the company's admins told.</summary>
public abstract partial class ApiTokenIssueTests(PortalFactory portal)
{
    [Fact]
    public async Task A_token_expires_in_90_days_by_default_and_the_companys_buyer_admins_are_told_without_the_token()
    {
        var name = BackOfficeData.Unique("erp-link");
        var admin = await portal.SignedInAsync("admin@acme.example");
        var form = await admin.GetStringAsync("/Tokens");
        Assert.Contains($"value=\"{DateTime.UtcNow.AddDays(90):yyyy-MM-dd}\"", form, StringComparison.Ordinal);
        Assert.Contains("src=\"/js/copy-token.js", form, StringComparison.Ordinal);

        var issued = await PortalFactory.PostFormAsync(admin, "/Tokens?handler=Issue", new Dictionary<string, string>
        {
            ["Issue.Name"] = name, ["Issue.UserId"] = await BackOfficeData.UserIdAsync(portal, "buyer@acme.example"), ["Issue.Scopes"] = ApiScopes.OrdersRead,
        }, "/Tokens");
        var html = await issued.Content.ReadAsStringAsync();
        var plain = NewToken().Match(html).Groups[1].Value;
        Assert.StartsWith(ApiToken.Prefix, plain, StringComparison.Ordinal);
        Assert.Contains("data-copy-target=\"new-token\"", html, StringComparison.Ordinal);

        var token = await BackOfficeData.WithDbAsync(portal, db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.Name == name));
        Assert.Equal(token.CreatedAt.AddDays(90), token.ExpiresAt);

        var mail = MailPickup.To(portal, "admin@acme.example").Single(m => m.Subject == "An API token was issued for your company" && (m.TextBody ?? "").Contains(name, StringComparison.Ordinal));
        Assert.Contains("Alice Buyer <buyer@acme.example>", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("for orders:read,", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(ApiScopes.OrdersRead, token.Scopes);
        Assert.DoesNotContain(plain, mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(MailPickup.To(portal, "admin@borealis.example"), m => (m.TextBody ?? "").Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_user_must_be_chosen_and_the_expiry_is_at_most_a_year_out()
    {
        var admin = await portal.SignedInAsync("admin@acme.example");
        var name = BackOfficeData.Unique("too-long");

        var noUser = await PortalFactory.PostFormAsync(admin, "/Tokens?handler=Issue", new Dictionary<string, string> { ["Issue.Name"] = name, ["Issue.UserId"] = "" }, "/Tokens");
        Assert.Contains("Choose the user the token acts as", await noUser.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tooLong = await PortalFactory.PostFormAsync(admin, "/Tokens?handler=Issue", new Dictionary<string, string>
        {
            ["Issue.Name"] = name, ["Issue.UserId"] = await BackOfficeData.UserIdAsync(portal, "buyer@acme.example"),
            ["Issue.ExpiresOn"] = DateTime.UtcNow.AddDays(400).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, "/Tokens");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("A token expires within a year", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await BackOfficeData.WithDbAsync(portal, db => db.ApiTokens.AnyAsync(t => t.Name == name)));
    }

    [GeneratedRegex("data-testid=\"new-token\">([^<]+)<")]
    private static partial Regex NewToken();
}

[Collection(SharedSqlitePortal.Name)]
public sealed class ApiTokenIssueTestsOnSqlite(SqlitePortal portal) : ApiTokenIssueTests(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class ApiTokenIssueTestsOnPostgres(PostgresPortal portal) : ApiTokenIssueTests(portal);
