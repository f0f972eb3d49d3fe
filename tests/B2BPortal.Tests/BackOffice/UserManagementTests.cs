using System.Net;
using System.Net.Http.Headers;
using B2BPortal.Domain.Identity;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.BackOffice;

/// <summary>
/// Company users for buyer admins (invited / active / deactivated, deactivate, reactivate, role, resend, revoke) and the
/// administrators' user list (search, paging, edit, unlock, staff roles, sales reps), through the pages.
/// </summary>
public abstract class UserManagementTests(PortalFactory portal)
{
    private const string Password = "Fresh-Passw0rd";
    private const string AcmeAdmin = "admin@acme.example";

    [Fact]
    public async Task An_invited_user_shows_as_invited_until_the_link_is_used_then_as_active()
    {
        var email = BackOfficeData.Unique("invitee") + "@acme.example";
        var admin = await portal.SignedInAsync(AcmeAdmin);
        var invited = await PortalFactory.PostFormAsync(admin, "/Company/Users?handler=Invite", new Dictionary<string, string>
        {
            ["Invite.Email"] = email, ["Invite.Name"] = "Ivy Invitee", ["Invite.Role"] = "Buyer",
        }, "/Company/Users");
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);

        Assert.Equal("Invited (not yet accepted)", StatusOf(await admin.GetStringAsync("/Company/Users"), email));

        var link = MailPickup.LinkPathAndQuery(MailPickup.OnlyOne(portal, email, "You are invited to B2BPortal"));
        Assert.Equal(HttpStatusCode.Redirect, (await AccountMailFlowTests.SetPasswordAsync(portal.Anonymous(), link, Password)).StatusCode);

        Assert.Equal("Active", StatusOf(await admin.GetStringAsync("/Company/Users"), email));
    }

    [Fact]
    public async Task A_deactivated_users_session_and_api_token_stop_working_at_once_and_come_back_on_reactivation()
    {
        var email = BackOfficeData.Unique("leaver") + "@acme.example";
        await TestUsers.CreateAsync(portal, email, Roles.Buyer, "C10000");
        var session = await portal.SignedInAsync(email);
        var token = Bearer(await portal.IssueApiTokenAsync(email));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/me")).StatusCode);
        var id = await BackOfficeData.UserIdAsync(portal, email);

        var admin = await portal.SignedInAsync(AcmeAdmin);
        var deactivated = await PortalFactory.PostFormAsync(admin, $"/Company/Users?handler=Deactivate&id={id}", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);

        // At once: the next request of the existing cookie and of the token is refused (no revalidation interval to wait for).
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/me")).StatusCode);
        var page = await session.GetAsync("/Catalog");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal("Deactivated", StatusOf(await admin.GetStringAsync("/Company/Users"), email));
        await Assert.ThrowsAsync<InvalidOperationException>(() => portal.SignedInAsync(email));

        var reactivated = await PortalFactory.PostFormAsync(admin, $"/Company/Users?handler=Reactivate&id={id}", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.Redirect, reactivated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await portal.SignedInAsync(email)).GetAsync("/api/v1/me")).StatusCode);

        var audit = await BackOfficeData.AuditOfAsync(portal, "User", id);
        Assert.Equal(["Deactivated", "Reactivated"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("Arthur Admin", a.ActorName));
        Assert.Equal(("Active", "Deactivated"), (audit[0].Before, audit[0].After));
    }

    [Fact]
    public async Task A_buyer_admin_cannot_touch_another_companys_user_nor_deactivate_himself()
    {
        var admin = await portal.SignedInAsync(AcmeAdmin);
        var foreignId = await BackOfficeData.UserIdAsync(portal, "buyer@borealis.example");

        var foreign = await PortalFactory.PostFormAsync(admin, $"/Company/Users?handler=Deactivate&id={foreignId}", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var role = await PortalFactory.PostFormAsync(admin, $"/Company/Users?handler=Role&id={foreignId}&role=BuyerAdmin", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.NotFound, role.StatusCode);
        Assert.True((await BackOfficeData.UserAsync(portal, "buyer@borealis.example")).IsActive);
        Assert.Equal(["Buyer"], await BackOfficeData.RolesAsync(portal, "buyer@borealis.example"));

        var self = await PortalFactory.PostFormAsync(admin, $"/Company/Users?handler=Deactivate&id={await BackOfficeData.UserIdAsync(portal, AcmeAdmin)}", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("You cannot deactivate yourself", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_change_takes_effect_at_the_next_sign_in_and_the_last_buyer_admin_cannot_demote_himself()
    {
        var (companyId, _) = await BackOfficeData.CompanyAsync(portal);
        var bossEmail = BackOfficeData.Unique("boss") + "@t.example";
        var colleagueEmail = BackOfficeData.Unique("colleague") + "@t.example";
        await BackOfficeData.CreateUserAsync(portal, bossEmail, Roles.BuyerAdmin, companyId);
        await BackOfficeData.CreateUserAsync(portal, colleagueEmail, Roles.Buyer, companyId);
        var boss = await portal.SignedInAsync(bossEmail);
        var colleague = await portal.SignedInAsync(colleagueEmail);
        var bossId = await BackOfficeData.UserIdAsync(portal, bossEmail);
        var colleagueId = await BackOfficeData.UserIdAsync(portal, colleagueEmail);

        var alone = await PortalFactory.PostFormAsync(boss, $"/Company/Users?handler=Role&id={bossId}&role=Buyer", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.BadRequest, alone.StatusCode);
        Assert.Contains("You are your company&#x27;s last buyer admin", await alone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([Roles.BuyerAdmin], await BackOfficeData.RolesAsync(portal, bossEmail));

        var promoted = await PortalFactory.PostFormAsync(boss, $"/Company/Users?handler=Role&id={colleagueId}&role=BuyerAdmin", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.Redirect, promoted.StatusCode);
        Assert.Equal([Roles.BuyerAdmin], await BackOfficeData.RolesAsync(portal, colleagueEmail));

        // The colleague's old cookie (as Buyer) ends; signed in again, the colleague is a buyer admin.
        Assert.Equal(HttpStatusCode.Unauthorized, (await colleague.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await portal.SignedInAsync(colleagueEmail)).GetAsync("/Company/Users")).StatusCode);

        // Now there is another admin, the boss may step down, and stays signed in as a buyer.
        var stepDown = await PortalFactory.PostFormAsync(boss, $"/Company/Users?handler=Role&id={bossId}&role=Buyer", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.Redirect, stepDown.StatusCode);
        Assert.Equal([Roles.Buyer], await BackOfficeData.RolesAsync(portal, bossEmail));
        Assert.Equal(HttpStatusCode.OK, (await boss.GetAsync("/api/v1/me")).StatusCode);
        Assert.Contains("AccessDenied", (await boss.GetAsync("/Company/Users")).Headers.Location?.ToString() ?? "", StringComparison.Ordinal);

        var audit = await BackOfficeData.AuditOfAsync(portal, "User", colleagueId);
        Assert.Equal(("RoleChanged", "Buyer", "BuyerAdmin"), (audit.Single().Action, audit.Single().Before, audit.Single().After));
    }

    [Fact]
    public async Task An_invitation_is_resent_with_a_new_link_that_replaces_the_old_one_and_can_be_revoked()
    {
        var email = BackOfficeData.Unique("pending") + "@acme.example";
        var admin = await portal.SignedInAsync(AcmeAdmin);
        await PortalFactory.PostFormAsync(admin, "/Company/Users?handler=Invite", new Dictionary<string, string>
        {
            ["Invite.Email"] = email, ["Invite.Name"] = "Pat Pending", ["Invite.Role"] = "Buyer",
        }, "/Company/Users");
        var id = await BackOfficeData.UserIdAsync(portal, email);
        var firstLink = MailPickup.LinkPathAndQuery(MailPickup.OnlyOne(portal, email, "You are invited to B2BPortal"));

        var resent = await PortalFactory.PostFormAsync(admin, $"/Company/Users?handler=Resend&id={id}", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        var mails = MailPickup.To(portal, email).Where(m => m.Subject == "You are invited to B2BPortal").ToList();
        Assert.Equal(2, mails.Count);
        var secondLink = MailPickup.LinkPathAndQuery(mails[^1]);
        Assert.NotEqual(firstLink, secondLink);

        var stale = await AccountMailFlowTests.SetPasswordAsync(portal.Anonymous(), firstLink, Password);
        Assert.Contains("This link has expired or was already used.", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var revoked = await PortalFactory.PostFormAsync(admin, $"/Company/Users?handler=Revoke&id={id}", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.False(await BackOfficeData.WithDbAsync(portal, db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.DoesNotContain($"data-user=\"{email}\"", await admin.GetStringAsync("/Company/Users"), StringComparison.Ordinal);
        Assert.Equal(["Invited", "InvitationResent", "InvitationRevoked"], (await BackOfficeData.AuditOfAsync(portal, "User", id)).Select(a => a.Action));

        // An accepted user has no invitation to resend.
        var accepted = await PortalFactory.PostFormAsync(admin, $"/Company/Users?handler=Resend&id={await BackOfficeData.UserIdAsync(portal, "buyer@acme.example")}", new Dictionary<string, string>(), "/Company/Users");
        Assert.Equal(HttpStatusCode.BadRequest, accepted.StatusCode);
        Assert.Contains("has no open invitation", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Administrators_search_users_by_name_email_or_company_in_pages()
    {
        var marker = BackOfficeData.Unique("pager");
        var (companyId, number) = await BackOfficeData.CompanyAsync(portal);
        for (var i = 0; i < 27; i++)
        {
            await BackOfficeData.CreateUserAsync(portal, $"{marker}-{i:D2}@t.example", Roles.Buyer, companyId);
        }

        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var first = await admin.GetStringAsync($"/Admin/Users?q={marker}");
        Assert.Contains("27 user(s)", first, StringComparison.Ordinal);
        Assert.Equal(25, CountRows(first, marker));
        Assert.Contains("data-testid=\"next\"", first, StringComparison.Ordinal);
        var second = await admin.GetStringAsync($"/Admin/Users?q={marker}&pageNumber=2");
        Assert.Equal(2, CountRows(second, marker));
        Assert.DoesNotContain("data-testid=\"next\"", second, StringComparison.Ordinal);

        // By company name or number, in any case; by a display name.
        Assert.Contains("27 user(s)", await admin.GetStringAsync($"/Admin/Users?q={number.ToLowerInvariant()}"), StringComparison.Ordinal);
        var byName = await admin.GetStringAsync("/Admin/Users?q=bianca");
        Assert.Contains("buyer@borealis.example", byName, StringComparison.Ordinal);
        Assert.DoesNotContain("buyer@acme.example", byName, StringComparison.Ordinal);
        Assert.Contains("No user matches this search.", await admin.GetStringAsync("/Admin/Users?q=nobody-is-called-this"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_edits_deactivates_and_unlocks_a_user_and_filters_by_status()
    {
        var email = BackOfficeData.Unique("edited") + "@borealis.example";
        await TestUsers.CreateAsync(portal, email, Roles.Buyer, "C20000");
        var id = await BackOfficeData.UserIdAsync(portal, email);
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var page = $"/Admin/UserDetails?id={id}";

        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(admin, page + "&handler=Rename", new Dictionary<string, string> { ["DisplayName"] = "Eddie Edited" }, page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(admin, page + "&handler=BuyerRole", new Dictionary<string, string> { ["role"] = "BuyerAdmin" }, page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(admin, page + "&handler=Deactivate", new Dictionary<string, string>(), page)).StatusCode);
        var user = await BackOfficeData.UserAsync(portal, email);
        Assert.Equal(("Eddie Edited", false), (user.DisplayName, user.IsActive));
        Assert.Equal([Roles.BuyerAdmin], await BackOfficeData.RolesAsync(portal, email));
        Assert.Contains(email, await admin.GetStringAsync($"/Admin/Users?q={email}&status=Deactivated"), StringComparison.Ordinal);
        Assert.DoesNotContain($"data-user=\"{email}\"", await admin.GetStringAsync($"/Admin/Users?q={email}&status=Active"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(admin, page + "&handler=Reactivate", new Dictionary<string, string>(), page)).StatusCode);

        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(email))!, DateTimeOffset.UtcNow.AddMinutes(30));
        }

        Assert.Contains("Locked", await admin.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(admin, page + "&handler=Unlock", new Dictionary<string, string>(), page)).StatusCode);
        Assert.Null((await BackOfficeData.UserAsync(portal, email)).LockoutEnd);
        Assert.Equal(HttpStatusCode.OK, (await (await portal.SignedInAsync(email)).GetAsync("/api/v1/me")).StatusCode);

        var history = await admin.GetStringAsync(page);
        Assert.Equal(["Renamed", "RoleChanged", "Deactivated", "Reactivated", "Unlocked"], (await BackOfficeData.AuditOfAsync(portal, "User", id)).Select(a => a.Action));
        Assert.Contains("Eddie Edited", history, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/UserDetails?id=no-such-user")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_manages_staff_roles_and_assigns_a_sales_rep_to_a_company()
    {
        var email = BackOfficeData.Unique("staffer") + "@b2bportal.example";
        await TestUsers.CreateAsync(portal, email, Roles.SalesRep, null);
        var id = await BackOfficeData.UserIdAsync(portal, email);
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var page = $"/Admin/UserDetails?id={id}";

        var roles = await admin.PostAsync(page + "&handler=StaffRoles", new FormUrlEncodedContent(await WithTokenAsync(admin, page,
            [new("StaffRoles", Roles.SalesRep), new("StaffRoles", Roles.Accountant)])));
        Assert.Equal(HttpStatusCode.Redirect, roles.StatusCode);
        Assert.Equal([Roles.Accountant, Roles.SalesRep], (await BackOfficeData.RolesAsync(portal, email)).Order());
        var none = await admin.PostAsync(page + "&handler=StaffRoles", new FormUrlEncodedContent(await WithTokenAsync(admin, page, [])));
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("Choose at least one of SalesRep, Accountant and Administrator.", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (companyId, number) = await BackOfficeData.CompanyAsync(portal);
        var assigned = await PortalFactory.PostFormAsync(admin, $"/Admin/SalesReps?handler=Assign&companyId={companyId}", new Dictionary<string, string> { ["salesRepUserId"] = id }, "/Admin/SalesReps");
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        Assert.Equal(id, await BackOfficeData.WithDbAsync(portal, db => db.Companies.Where(c => c.Id == companyId).Select(c => c.SalesRepUserId).SingleAsync()));
        Assert.Equal("SalesRepAssigned", (await BackOfficeData.AuditOfAsync(portal, "Company", number)).Single().Action);

        // Only a sales rep can own a company.
        var buyerId = await BackOfficeData.UserIdAsync(portal, "buyer@acme.example");
        var wrong = await PortalFactory.PostFormAsync(admin, $"/Admin/SalesReps?handler=Assign&companyId={companyId}", new Dictionary<string, string> { ["salesRepUserId"] = buyerId }, "/Admin/SalesReps");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Choose an active sales rep.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Buyer")]
    [InlineData("BuyerAdmin")]
    public async Task Inviting_a_buyer_without_a_company_is_a_clear_form_error(string role)
    {
        var email = BackOfficeData.Unique("nocompany") + "@example.com";
        var admin = await portal.SignedInAsync("admin@b2bportal.example");

        var response = await PortalFactory.PostFormAsync(admin, "/Admin/Users?handler=Invite", new Dictionary<string, string>
        {
            ["Invite.Email"] = email, ["Invite.Name"] = "No Company", ["Invite.Role"] = role, ["Invite.CompanyId"] = string.Empty,
        }, "/Admin/Users");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("belongs to a customer company: choose the company", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await BackOfficeData.WithDbAsync(portal, db => db.Users.AnyAsync(u => u.Email == email)));
    }

    private HttpClient Bearer(string token)
    {
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<List<KeyValuePair<string, string>>> WithTokenAsync(HttpClient client, string page, List<KeyValuePair<string, string>> fields)
    {
        var html = await client.GetStringAsync(page);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        fields.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token)));
        return fields;
    }

    private static int CountRows(string html, string marker) => System.Text.RegularExpressions.Regex.Count(html, $"data-user=\"{marker}-");

    /// <summary>The status badge's text in the row of the user with this address.</summary>
    private static string StatusOf(string html, string email)
    {
        var row = html.IndexOf($"data-user=\"{email}\"", StringComparison.Ordinal);
        Assert.True(row >= 0, $"{email} is not listed");
        var match = System.Text.RegularExpressions.Regex.Match(html[row..], "data-testid=\"status\">([^<]+)<");
        return match.Groups[1].Value;
    }
}

[Collection(SharedSqlitePortal.Name)]
public sealed class UserManagementTestsOnSqlite(SqlitePortal portal) : UserManagementTests(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class UserManagementTestsOnPostgres(PostgresPortal portal) : UserManagementTests(portal);
