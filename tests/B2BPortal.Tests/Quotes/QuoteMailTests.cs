using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Quotes;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static B2BPortal.Tests.Quotes.QuoteFlows;

namespace B2BPortal.Tests.Quotes;

/// <summary>
/// Every transition of a quote mails the other side (QuoteMails), after the commit, and is audited in the same SaveChanges:
/// the rep hears of the request, the revision request, the acceptance (with the order) and the decline; the administrator
/// of an approval to give; the rep of the answer; the buyer of the offer; both of the expiry. Nobody is mailed their own act.
/// </summary>
public sealed class QuoteMailTests
{
    private const string RepEmail = "sam@distributor.example";
    private const string AdminEmail = "ada@distributor.example";
    private const string BuyerEmail = "buyer@a.example";

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Each_side_hears_of_the_other_s_moves_through_approval_offer_revision_and_acceptance(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await SetHammerCostAsync(world, 10m);

        var number = await RequestAsync(world);
        Mail(world, RepEmail, $"Quote request {number} from Alice Buyer");
        var seen = await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.StartReview);
        seen = await ReviseAsync(world, OrderingWorld.SalesRep, number, seen, [new QuoteLineTerms(await FirstLineAsync(world, number), 2, null, 18m, null, [])]);
        seen = await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.RequestApproval, seen);
        Assert.Contains("Sam Salesrep asks for approval to send", Mail(world, AdminEmail, $"Approval needed: quote {number}").TextBody, StringComparison.Ordinal);
        seen = await ActAsync(world, Approver, number, QuoteTrigger.Approve, seen);
        Mail(world, RepEmail, $"Quote {number} approved");
        seen = await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.Send, seen, new DateOnly(2026, 12, 31));
        Assert.Contains("valid until 2026-12-31 23:59 UTC", Mail(world, BuyerEmail, $"Your quote {number} is ready").TextBody, StringComparison.Ordinal);
        seen = await ActAsync(world, world.BuyerA, number, QuoteTrigger.RequestRevision, seen);
        Assert.Contains("Comment: because", Mail(world, RepEmail, $"Quote {number}: Alice Buyer asks for a revision").TextBody, StringComparison.Ordinal);
        seen = await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.StartReview, seen);
        await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.Send, seen, new DateOnly(2026, 12, 31));
        var accepted = await AcceptAsync(world, world.BuyerA, number, 2);

        Assert.Contains($"it is order {accepted.OrderNumber}", Mail(world, RepEmail, $"Quote {number} accepted").TextBody, StringComparison.Ordinal);
        Assert.Equal(2, world.Mailer.Sent.Count(m => m.To == BuyerEmail && m.Subject == $"Your quote {number} is ready"));
        Assert.DoesNotContain(world.Mailer.Sent, m => m.To == RepEmail && m.Subject == $"Your quote {number} is ready");
        Assert.DoesNotContain(world.Mailer.Sent, m => m.To == AdminEmail && m.Subject == $"Quote {number} approved");

        // Every change audited: each transition of the history has its audit entry.
        await using var db = world.Database.CreateContext();
        var transitions = await db.Quotes().Where(q => q.Number == number).SelectMany(q => q.History).CountAsync();
        var audited = await db.AuditEntries.CountAsync(a => a.EntityType == "Quote" && a.EntityId == number);
        Assert.True(audited >= transitions, $"{audited} audit entries for {transitions} transitions");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_decline_goes_to_the_rep_and_an_expiry_to_both_sides(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        var declined = await SentQuoteAsync(world, 18m);
        await ActAsync(world, world.BuyerA, declined, QuoteTrigger.Decline);
        var expiring = await SentQuoteAsync(world, 18m, new DateOnly(2026, 11, 30));

        world.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await RunExpiryAsync(world);

        Mail(world, RepEmail, $"Quote {declined} declined");
        Assert.Contains("can no longer be ordered", Mail(world, BuyerEmail, $"Quote {expiring} has expired").TextBody, StringComparison.Ordinal);
        Mail(world, RepEmail, $"Quote {expiring} has expired");
    }

    /// <summary>Quotes' world with its staff as users who get mail: the rep owns Acme's quotes, the administrator approves.</summary>
    private static async Task<OrderingWorld> WorldAsync(DatabaseProvider provider)
    {
        var world = await CreateAsync(provider);
        await using var db = world.Database.CreateContext();
        foreach (var (staff, email, role) in new[] { (OrderingWorld.SalesRep, RepEmail, Roles.SalesRep), (Approver, AdminEmail, Roles.Administrator) })
        {
            var user = PortalUser.CreateStaff(email, staff.DisplayName, world.Clock.GetUtcNow());
            user.Id = staff.UserId;
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync() });
        }

        (await db.Companies.SingleAsync(c => c.Id == world.CompanyA)).AssignSalesRep(OrderingWorld.SalesRep.UserId);
        await db.SaveChangesAsync();
        return world;
    }

    private static OutgoingMail Mail(OrderingWorld world, string to, string subject) =>
        Assert.Single(world.Mailer.Sent, m => m.To == to && m.Subject == subject);
}
