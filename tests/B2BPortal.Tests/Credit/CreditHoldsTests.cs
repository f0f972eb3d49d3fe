using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Ordering;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static B2BPortal.Tests.Credit.CreditTestData;

namespace B2BPortal.Tests.Credit;

/// <summary>The accountants' holds queue and decisions, and the daily review, on SQLite and PostgreSQL.</summary>
public sealed class CreditHoldsTests
{
    private const string Hammer = OrderingWorld.Hammer;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_queue_lists_held_orders_oldest_first_with_the_exposure_without_each(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 10m);
        var first = await PlaceAsync(world, world.BuyerA, (Hammer, 1));
        world.Clock.Advance(TimeSpan.FromHours(1));
        var second = await PlaceAsync(world, world.BuyerA, (Hammer, 2));

        var queue = await world.WithAsync(sp => sp.GetRequiredService<CreditHolds>().QueueAsync(50, CancellationToken.None));

        Assert.Equal([first.OrderNumber, second.OrderNumber], queue.Select(q => q.OrderNumber));
        Assert.Equal("Acme", queue[0].CompanyName);
        Assert.Equal(Money.Of(59.70m, "EUR"), queue[0].Standing.Exposure.OrdersOnCreditHold);
        Assert.Equal(Money.Of(39.80m, "EUR"), queue[0].ExposureWithoutOrder);
        Assert.Equal(Money.Of(10m, "EUR"), queue[0].Standing.Limit);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Release_sends_the_order_on_to_the_ERP_and_reject_cancels_it_before_the_ERP_sees_it(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 10m);
        var released = await PlaceAsync(world, world.BuyerA, (Hammer, 1));
        var rejected = await PlaceAsync(world, world.BuyerA, (Hammer, 1));

        await DecideAsync(world, released.OrderNumber, HoldDecision.Release, "Customer paid by wire today");
        await DecideAsync(world, rejected.OrderNumber, HoldDecision.Reject, "Duplicate of the released order");

        Assert.Equal((OrderState.Placed, "Customer paid by wire today"), await LastAsync(world, released.OrderNumber));
        Assert.Equal((OrderState.Cancelled, "Duplicate of the released order"), await LastAsync(world, rejected.OrderNumber));
        await using var db = world.Database.CreateContext();
        var outbox = await db.OutboxMessages.ToListAsync();
        Assert.Equal([OrderPlacedMessage.IdempotencyKey(released.OrderNumber)], outbox.Select(m => m.IdempotencyKey));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_decision_without_a_reason_is_refused_and_changes_nothing(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 10m);
        var held = await PlaceAsync(world, world.BuyerA, (Hammer, 1));

        var ex = await Assert.ThrowsAsync<DomainException>(() => DecideAsync(world, held.OrderNumber, HoldDecision.Release, "  "));

        Assert.Equal("Reason", ex.Field);
        Assert.Equal(OrderState.CreditHold, (await LastAsync(world, held.OrderNumber)).State);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Two_accountants_deciding_the_same_hold_one_wins_and_the_other_is_told_it_was_decided(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 10m);
        var held = await PlaceAsync(world, world.BuyerA, (Hammer, 1));

        using var start = new SemaphoreSlim(0);
        var decisions = new[] { HoldDecision.Release, HoldDecision.Reject }.Select(d => Task.Run(async () =>
        {
            await start.WaitAsync();
            try
            {
                await DecideAsync(world, held.OrderNumber, d, $"{d} by one of two");
                return null;
            }
            catch (DomainException ex)
            {
                return ex.Message;
            }
        })).ToList();
        start.Release(2);
        var outcomes = await Task.WhenAll(decisions);

        Assert.Single(outcomes, o => o is null);
        Assert.Contains("was already decided", Assert.Single(outcomes, o => o is not null), StringComparison.Ordinal);
        await using var db = world.Database.CreateContext();
        Assert.Single(await db.Set<OrderHistoryEntry>().Where(h => h.From == OrderState.CreditHold).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_daily_review_holds_accounts_overdue_beyond_grace_and_releases_them_once_paid(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        var today = world.Clock.Today();
        await InvoiceAsync(world, world.CompanyA, "INV-OLD", today.AddDays(-6), 120m);
        await InvoiceAsync(world, world.CompanyB, "INV-FRESH", today.AddDays(-5), 80m);

        var first = await world.WithAsync(sp => sp.GetRequiredService<CreditReview>().RunAsync(CancellationToken.None));
        var whileHeld = await PlaceAsync(world, world.BuyerA, (Hammer, 1));
        await PayAsync(world, "INV-OLD");
        var second = await world.WithAsync(sp => sp.GetRequiredService<CreditReview>().RunAsync(CancellationToken.None));

        Assert.Equal(new CreditReviewResult(1, 0), first);
        Assert.Equal(OrderState.CreditHold, whileHeld.State);
        Assert.Equal(new CreditReviewResult(0, 1), second);
        await using var db = world.Database.CreateContext();
        var accounts = await db.CreditAccounts().ToDictionaryAsync(a => a.CompanyId);
        Assert.Equal(CreditAccountState.Active, accounts[world.CompanyA].State);
        Assert.Equal(CreditAccountState.Active, accounts[world.CompanyB].State);
        Assert.Equal(["CreditAccount.Hold", "CreditAccount.Release"],
            await db.AuditEntries.Where(a => a.EntityType == CreditLedger.EntityType).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    private static Task<Order> DecideAsync(OrderingWorld world, string orderNumber, HoldDecision decision, string reason) =>
        world.WithAsync(sp => sp.GetRequiredService<CreditHolds>().DecideAsync(OrderingWorld.Accountant, orderNumber, decision, reason, CancellationToken.None));
}
