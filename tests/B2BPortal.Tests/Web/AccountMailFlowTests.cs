using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>Password reset and invitations end to end: the form, the .eml in the pickup folder, its link, the new password.</summary>
[Collection(SharedSqlitePortal.Name)]
public sealed partial class AccountMailFlowTests(SqlitePortal portal)
{
    private const string NewPassword = "Fresh-Password-2027";

    [Fact]
    public async Task Forgot_password_mails_a_link_that_sets_a_new_password_once()
    {
        const string email = "forgetful@contoso.example";
        await TestUsers.CreateAsync(portal, email, "Buyer", "C30000");
        var client = portal.Anonymous();

        var asked = await PortalFactory.PostFormAsync(client, "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = email });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);

        var link = MailPickup.LinkPathAndQuery(MailPickup.OnlyOne(portal, email, "Reset your B2BPortal password"));
        Assert.StartsWith("/Account/ResetPassword?", link, StringComparison.Ordinal);
        var set = await SetPasswordAsync(client, link, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);

        await portal.SignedInAsync(email, NewPassword);
        await Assert.ThrowsAsync<InvalidOperationException>(() => portal.SignedInAsync(email, DemoDataSeeder.DemoPassword));

        // The same link again: the token died with the old password.
        var again = await SetPasswordAsync(portal.Anonymous(), link, "Another-Password-2028");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This link has expired or was already used.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_an_unknown_address_and_sends_nothing()
    {
        var response = await PortalFactory.PostFormAsync(portal.Anonymous(), "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = "nobody@nowhere.example" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(MailPickup.To(portal, "nobody@nowhere.example"));
    }

    [Fact]
    public async Task A_weak_new_password_or_a_tampered_link_gets_a_message_not_an_error()
    {
        const string email = "weak.password@borealis.example";
        await TestUsers.CreateAsync(portal, email, "BuyerAdmin", "C20000");
        await PortalFactory.PostFormAsync(portal.Anonymous(), "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = email });
        var link = MailPickup.LinkPathAndQuery(MailPickup.OnlyOne(portal, email, "Reset your B2BPortal password"));

        var weak = await SetPasswordAsync(portal.Anonymous(), link, "short");
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("Passwords must be at least 10 characters", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tampered = await SetPasswordAsync(portal.Anonymous(), TokenParameter().Replace(link, "token=AAAA"), NewPassword);
        Assert.Equal(HttpStatusCode.OK, tampered.StatusCode);
        Assert.Contains("This link has expired or was already used.", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var incomplete = await portal.Anonymous().GetAsync("/Account/ResetPassword");
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
    }

    [Fact]
    public async Task A_buyer_admin_invites_a_colleague_who_sets_a_password_and_lands_in_the_admins_company()
    {
        const string email = "new.buyer@acme.example";
        var admin = await portal.SignedInAsync("admin@acme.example");

        var invited = await PortalFactory.PostFormAsync(admin, "/Company/Users?handler=Invite", new Dictionary<string, string>
        {
            ["Invite.Email"] = email,
            ["Invite.Name"] = "Nina Newcomer",
            ["Invite.Role"] = "Buyer",
            ["Invite.CompanyId"] = (await CompanyIdAsync("C20000")).ToString(System.Globalization.CultureInfo.InvariantCulture), // ignored: not a field of this form
        }, "/Company/Users");
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);

        var mail = MailPickup.OnlyOne(portal, email, "You are invited to B2BPortal");
        Assert.Contains("Acme Manufacturing GmbH", mail.TextBody, StringComparison.Ordinal);
        var link = MailPickup.LinkPathAndQuery(mail);
        Assert.StartsWith("/Account/AcceptInvitation?", link, StringComparison.Ordinal);
        Assert.Contains("Welcome: choose your password", await portal.Anonymous().GetStringAsync(link), StringComparison.Ordinal);

        var client = portal.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(client, link, NewPassword)).StatusCode);
        var signedIn = await portal.SignedInAsync(email, NewPassword);
        var me = await signedIn.GetFromJsonAsync<MeDto>("/api/v1/me");
        Assert.NotNull(me);
        Assert.Equal(await CompanyIdAsync("C10000"), me.CompanyId);
        Assert.Equal(["Buyer"], me.Roles);

        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.True(await db.Users.Where(u => u.Email == email).Select(u => u.EmailConfirmed).SingleAsync(), "following the mailed link proves the address");
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Invited" && a.After!.Contains(email)), "the invitation is audited");
    }

    [Theory]
    [InlineData("Administrator")]
    [InlineData("SalesRep")]
    [InlineData("Accountant")]
    [InlineData("NoSuchRole")]
    public async Task A_buyer_admin_cannot_invite_staff(string role)
    {
        var email = $"staff.{role.ToUpperInvariant()}@acme.example";
        var admin = await portal.SignedInAsync("admin@acme.example");

        var response = await PortalFactory.PostFormAsync(admin, "/Company/Users?handler=Invite", new Dictionary<string, string>
        {
            ["Invite.Email"] = email,
            ["Invite.Name"] = "Would-be staff",
            ["Invite.Role"] = role,
        }, "/Company/Users");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(
            html.Contains("You can invite buyers and buyer admins of your own company only.", StringComparison.Ordinal)
            || html.Contains($"Unknown role &#x27;{role}&#x27;.", StringComparison.Ordinal),
            "no rule message on the form");
        Assert.False(await UserExistsAsync(email));
        Assert.Empty(MailPickup.To(portal, email));
    }

    [Fact]
    public async Task A_buyer_admin_cannot_use_the_administrators_invitation_form_to_reach_another_company()
    {
        const string email = "intruder@borealis.example";
        var admin = await portal.SignedInAsync("admin@acme.example");

        var response = await admin.PostAsync("/Admin/Users?handler=Invite", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Invite.Email"] = email,
            ["Invite.Name"] = "Intruder",
            ["Invite.Role"] = "BuyerAdmin",
            ["Invite.CompanyId"] = (await CompanyIdAsync("C20000")).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.False(await UserExistsAsync(email));
    }

    [Fact]
    public async Task An_administrator_invites_staff_without_a_company()
    {
        const string email = "new.rep@b2bportal.example";
        var admin = await portal.SignedInAsync("admin@b2bportal.example");

        var response = await PortalFactory.PostFormAsync(admin, "/Admin/Users?handler=Invite", new Dictionary<string, string>
        {
            ["Invite.Email"] = email,
            ["Invite.Name"] = "Rita Rep",
            ["Invite.Role"] = "SalesRep",
            ["Invite.CompanyId"] = string.Empty,
        }, "/Admin/Users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var link = MailPickup.LinkPathAndQuery(MailPickup.OnlyOne(portal, email, "You are invited to B2BPortal"));
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(portal.Anonymous(), link, NewPassword)).StatusCode);
        var me = await (await portal.SignedInAsync(email, NewPassword)).GetFromJsonAsync<MeDto>("/api/v1/me");
        Assert.NotNull(me);
        Assert.Null(me.CompanyId);
        Assert.Equal(["SalesRep"], me.Roles);
    }

    internal static Task<HttpResponseMessage> SetPasswordAsync(HttpClient client, string link, string password)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + link).Query);
        return PortalFactory.PostFormAsync(client, link[..link.IndexOf('?', StringComparison.Ordinal)], new Dictionary<string, string>
        {
            ["Input.UserId"] = query["userId"].ToString(),
            ["Input.Token"] = query["token"].ToString(),
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }, formPage: link);
    }

    private async Task<int> CompanyIdAsync(string number)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Companies.Where(c => c.ErpCustomerNumber == number).Select(c => c.Id).SingleAsync();
    }

    private async Task<bool> UserExistsAsync(string email)
    {
        var normalized = email.ToUpperInvariant();
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.AnyAsync(u => u.NormalizedEmail == normalized);
    }

    [GeneratedRegex("token=[^&]+")]
    private static partial Regex TokenParameter();

    private sealed record MeDto(string UserId, string Name, int? CompanyId, List<string> Roles);
}
