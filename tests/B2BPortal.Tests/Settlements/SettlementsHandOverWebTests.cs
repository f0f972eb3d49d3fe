using System.Net;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Settlements;

/// <summary>
/// An accountant hands an exception of the demo statement to a colleague who works settlements (an accountant or an
/// administrator), through the real page; someone who does not work settlements cannot be chosen, even by a forged post.
/// </summary>
public sealed class SettlementsHandOverWebTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task An_accountant_hands_an_exception_to_a_colleague_and_only_to_one_who_works_settlements()
    {
        long exceptionId;
        string adminId, buyerId;
        using (var scope = portal.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSettlementsSeeder>().SeedAsync(CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            exceptionId = await db.Set<SettlementException>().Where(x => x.Kind == SettlementExceptionKind.OverPayment).Select(x => x.Id).FirstAsync();
            adminId = await db.Users.Where(u => u.Email == "admin@b2bportal.example").Select(u => u.Id).SingleAsync();
            buyerId = await db.Users.Where(u => u.Email == "buyer@acme.example").Select(u => u.Id).SingleAsync();
        }

        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");
        var url = $"/Settlements/Exception/{exceptionId}";
        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync(url));
        Assert.Contains("data-testid=\"hand-over\"", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{adminId}\">Adam Administrator</option>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Anna Accountant</option>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Alice Buyer</option>", page, StringComparison.Ordinal);

        var refused = await PortalFactory.PostFormAsync(accountant, $"{url}?handler=Assign", new Dictionary<string, string> { ["assigneeId"] = buyerId }, url);
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("active accountants or administrators", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var handed = await PortalFactory.PostFormAsync(accountant, $"{url}?handler=Assign", new Dictionary<string, string> { ["assigneeId"] = adminId }, url);
        Assert.Equal(HttpStatusCode.Redirect, handed.StatusCode);

        using var check = portal.Services.CreateScope();
        var after = check.ServiceProvider.GetRequiredService<PortalDbContext>();
        var exception = await after.Set<SettlementException>().AsNoTracking().SingleAsync(x => x.Id == exceptionId);
        Assert.Equal((SettlementExceptionState.Assigned, adminId, "Adam Administrator"), (exception.State, exception.AssignedToId, exception.AssignedToName));
        var audit = await after.AuditEntries.AsNoTracking().Where(a => a.EntityType == SettlementMatching.ExceptionEntity && a.EntityId == exceptionId.ToString(System.Globalization.CultureInfo.InvariantCulture) && a.Action == "Assigned")
            .OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(("Anna Accountant", "assigned to Adam Administrator"), (audit.ActorName, audit.After));
    }
}
