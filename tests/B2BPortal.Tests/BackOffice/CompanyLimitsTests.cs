using System.Net;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.BackOffice;

/// <summary>Order limits and budgets on the Company users page: set, changed, removed, audited, own company only.</summary>
public abstract class CompanyLimitsTests(PortalFactory portal)
{
    [Fact]
    public async Task A_buyer_admin_sets_changes_and_removes_a_users_order_limit_and_the_company_budget_on_the_users_page()
    {
        var (companyId, _) = await BackOfficeData.CompanyAsync(portal);
        var adminEmail = BackOfficeData.Unique("lim-admin") + "@limits.example";
        var buyerEmail = BackOfficeData.Unique("lim-buyer") + "@limits.example";
        await BackOfficeData.CreateUserAsync(portal, adminEmail, Roles.BuyerAdmin, companyId);
        var buyer = await BackOfficeData.CreateUserAsync(portal, buyerEmail, Roles.Buyer, companyId);
        var admin = await portal.SignedInAsync(adminEmail);

        var page = await admin.GetStringAsync("/Company/Users");
        Assert.Contains("data-testid=\"spending-limits\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-limits-of=\"{buyerEmail}\"", page, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(admin, buyer.Id, SpendingLimitKind.OrderLimit, "250")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(admin, buyer.Id, SpendingLimitKind.OrderLimit, "300.50")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(admin, "", SpendingLimitKind.MonthlyBudget, "5000")).StatusCode);
        var limits = await Limits(companyId);
        Assert.Equal(300.50m, limits.Single(l => l.UserId == buyer.Id && l.Kind == SpendingLimitKind.OrderLimit).Amount.Amount);
        Assert.Equal(5000m, limits.Single(l => l.UserId == null && l.Kind == SpendingLimitKind.MonthlyBudget).Amount.Amount);

        page = await admin.GetStringAsync("/Company/Users");
        Assert.Contains("value=\"300.5\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"5000\"", page, StringComparison.Ordinal);

        var audit = await BackOfficeData.AuditOfAsync(portal, "SpendingLimit", $"OrderLimit:{buyer.Id}");
        Assert.Equal([null, "EUR 250.00"], audit.Select(a => a.Before));
        Assert.All(audit, a => Assert.Equal(companyId, a.CompanyId));

        Assert.Equal(HttpStatusCode.Redirect, (await SetAsync(admin, buyer.Id, SpendingLimitKind.OrderLimit, "")).StatusCode);
        Assert.DoesNotContain(await Limits(companyId), l => l.UserId == buyer.Id);

        var bad = await SetAsync(admin, buyer.Id, SpendingLimitKind.OrderLimit, "lots");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("&#x27;lots&#x27; is not an amount.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buyer_admin_cannot_set_a_limit_for_another_companys_user()
    {
        var admin = await portal.SignedInAsync("admin@acme.example");
        var foreign = await BackOfficeData.UserIdAsync(portal, "buyer@borealis.example");
        Assert.Equal(HttpStatusCode.NotFound, (await SetAsync(admin, foreign, SpendingLimitKind.OrderLimit, "1")).StatusCode);
        Assert.DoesNotContain(await BackOfficeData.WithDbAsync(portal, db => db.SpendingLimits().AsNoTracking().ToListAsync()), l => l.UserId == foreign && l.Amount.Amount == 1);
    }

    private Task<List<SpendingLimit>> Limits(int companyId) =>
        BackOfficeData.WithDbAsync(portal, db => db.SpendingLimits().AsNoTracking().Where(l => l.CompanyId == companyId).ToListAsync());

    private static Task<HttpResponseMessage> SetAsync(HttpClient client, string userId, SpendingLimitKind kind, string amount) =>
        PortalFactory.PostFormAsync(client, "/Company/Users?handler=SetLimit", new Dictionary<string, string>
        {
            ["userId"] = userId, ["kind"] = kind.ToString(), ["amount"] = amount,
        }, "/Company/Users");
}

[Collection(SharedSqlitePortal.Name)]
public sealed class CompanyLimitsTestsOnSqlite(SqlitePortal portal) : CompanyLimitsTests(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class CompanyLimitsTestsOnPostgres(PostgresPortal portal) : CompanyLimitsTests(portal);
