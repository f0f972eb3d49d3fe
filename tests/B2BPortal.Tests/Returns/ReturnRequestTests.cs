using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Returns;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static B2BPortal.Tests.Returns.ReturnFlows;

namespace B2BPortal.Tests.Returns;

/// <summary>Returns against real SQLite and PostgreSQL: quantity limits across returns, who acts when, races, isolation, audit.</summary>
public sealed class ReturnRequestTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_buyer_returns_at_most_what_was_delivered_and_not_yet_returned_across_all_returns_of_the_order(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var order = await DeliveredOrderAsync(world, (OrderingWorld.Hammer, 3), (OrderingWorld.Bolts, 24));
        var hammer = await LineOfAsync(world, order, OrderingWorld.Hammer);
        var bolts = await LineOfAsync(world, order, OrderingWorld.Bolts);

        var first = await RequestAsync(world, world.BuyerA, order, new NewReturnLine(hammer, 2, ReturnReason.Damaged, null), new NewReturnLine(bolts, 0, ReturnReason.Damaged, null));
        Assert.Equal(order + "-R1", first);

        // One hammer is left to return: two is one too many, one is exactly the boundary, and then none is left.
        var tooMany = await Assert.ThrowsAsync<DomainException>(() => RequestAsync(world, world.SecondBuyerA, order, new NewReturnLine(hammer, 2, ReturnReason.WrongItem, null)));
        Assert.Contains("at most 1 PCS can be returned (3 delivered, 2 already returned)", tooMany.Message, StringComparison.Ordinal);
        var second = await RequestAsync(world, world.AdminA, order, new NewReturnLine(hammer, 1, ReturnReason.Other, "Handle loose"), new NewReturnLine(bolts, 24, ReturnReason.NotAsDescribed, null));
        Assert.Equal(order + "-R2", second);
        var none = await Assert.ThrowsAsync<DomainException>(() => RequestAsync(world, world.BuyerA, order, new NewReturnLine(hammer, 0.5m, ReturnReason.Damaged, null)));
        Assert.Contains("all 3 delivered are already being returned", none.Message, StringComparison.Ordinal);
        Assert.False((await ReturnableAsync(world, world.BuyerA, order))!.CanReturn);

        // A rejected return gives its quantity back; a cancelled one too.
        await ActAsync(world, OrderingWorld.SalesRep, first, ReturnTrigger.Reject, "Damage is from misuse");
        await ActAsync(world, world.AdminA, second, ReturnTrigger.Cancel, "Found a use for them");
        var returnable = (await ReturnableAsync(world, world.BuyerA, order))!;
        Assert.Equal([3m, 24m], returnable.Lines.Select(l => l.Returnable));
        var third = await RequestAsync(world, world.BuyerA, order, new NewReturnLine(hammer, 3, ReturnReason.Damaged, null));
        Assert.Equal(order + "-R3", third);

        await using var db = world.Database.CreateContext();
        var r2 = await db.Returns().Include(r => r.Lines).SingleAsync(r => r.Number == second);
        Assert.Equal(Money.Of(19.90m + 12m, "EUR"), r2.Total);
        Assert.Equal(("Handle loose", ReturnReason.Other), (r2.Lines.Single(l => l.Sku == OrderingWorld.Hammer).ReasonText, r2.Lines.Single(l => l.Sku == OrderingWorld.Hammer).Reason));
        Assert.Equal(ReturnState.Cancelled, r2.State);
        var audit = await db.AuditEntries.Where(a => a.EntityType == "Return").OrderBy(a => a.Id).Select(a => new { a.EntityId, a.Action, a.CompanyId }).ToListAsync();
        Assert.Equal(["Return.Request", "Return.Request", "Return.Reject", "Return.Cancel", "Return.Request"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(world.CompanyA, a.CompanyId));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_a_delivered_order_of_the_buyers_own_company_can_be_returned_and_only_it_sees_the_return(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var notYet = await PlacedOrderAsync(world, (OrderingWorld.Hammer, 1));
        var notYetLine = await LineOfAsync(world, notYet, OrderingWorld.Hammer);
        var ex = await Assert.ThrowsAsync<DomainException>(() => RequestAsync(world, world.BuyerA, notYet, new NewReturnLine(notYetLine, 1, ReturnReason.Damaged, null)));
        Assert.Contains("has not been delivered yet", ex.Message, StringComparison.Ordinal);

        var order = await DeliveredOrderAsync(world, (OrderingWorld.Hammer, 1));
        var line = await LineOfAsync(world, order, OrderingWorld.Hammer);
        await Assert.ThrowsAsync<OrderNotFoundException>(() => RequestAsync(world, world.BuyerB, order, new NewReturnLine(line, 1, ReturnReason.Damaged, null)));
        Assert.Null(await ReturnableAsync(world, world.BuyerB, order));
        await Assert.ThrowsAsync<DomainException>(() => RequestAsync(world, world.BuyerA, order, new NewReturnLine(line, 1, ReturnReason.Other, "  ")));
        await Assert.ThrowsAsync<DomainException>(() => RequestAsync(world, world.BuyerA, order, new NewReturnLine(line, -1, ReturnReason.Damaged, null)));
        await Assert.ThrowsAsync<DomainException>(() => RequestAsync(world, world.BuyerA, order, new NewReturnLine(999, 1, ReturnReason.Damaged, null)));

        var number = await RequestAsync(world, world.BuyerA, order, new NewReturnLine(line, 1, ReturnReason.Damaged, null));
        var seenByB = await world.WithAsync(sp => sp.GetRequiredService<ReturnService>().LoadAsync(world.BuyerB, number, false, CancellationToken.None));
        Assert.Null(seenByB);
        await Assert.ThrowsAsync<ReturnNotFoundException>(() => ActAsync(world, world.BuyerB, number, ReturnTrigger.Cancel));
        await using var db = world.Database.CreateContext();
        Assert.Empty(await db.ReturnsFor(world.BuyerB).ToListAsync());
        Assert.Single(await db.ReturnsFor(world.BuyerA).ToListAsync());
        Assert.Single(await db.ReturnsFor(Admin).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_companys_rep_approves_and_receives_finance_records_the_credit_and_each_step_is_audited(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var order = await DeliveredOrderAsync(world, (OrderingWorld.Hammer, 2));
        var line = await LineOfAsync(world, order, OrderingWorld.Hammer);
        var number = await RequestAsync(world, world.BuyerA, order, new NewReturnLine(line, 2, ReturnReason.Damaged, null));

        // Another company's rep and the accountant may not decide; the buyer may not approve their own return.
        await Assert.ThrowsAsync<DomainException>(() => ActAsync(world, OtherRep, number, ReturnTrigger.Approve));
        await Assert.ThrowsAsync<DomainException>(() => ActAsync(world, OrderingWorld.Accountant, number, ReturnTrigger.Approve));
        await Assert.ThrowsAsync<DomainException>(() => ActAsync(world, world.BuyerA, number, ReturnTrigger.Approve));
        // Not received before approval, not credited before received.
        Assert.Contains("is requested", (await Assert.ThrowsAsync<DomainException>(() => ActAsync(world, Admin, number, ReturnTrigger.Receive))).Message, StringComparison.Ordinal);

        await ActAsync(world, OrderingWorld.SalesRep, number, ReturnTrigger.Approve, "Send them back with the label");
        await Assert.ThrowsAsync<DomainException>(() => ActAsync(world, world.BuyerA, number, ReturnTrigger.Cancel));
        await Assert.ThrowsAsync<DomainException>(() => ActAsync(world, OrderingWorld.Accountant, number, ReturnTrigger.Credit, "CM-1"));
        await ActAsync(world, OrderingWorld.SalesRep, number, ReturnTrigger.Receive, "2 pieces, both cracked");
        await Assert.ThrowsAsync<DomainException>(() => ActAsync(world, OrderingWorld.SalesRep, number, ReturnTrigger.Credit, "CM-1"));
        await Assert.ThrowsAsync<DomainException>(() => ActAsync(world, OrderingWorld.Accountant, number, ReturnTrigger.Credit, " "));
        var credited = await ActAsync(world, OrderingWorld.Accountant, number, ReturnTrigger.Credit, "PCM-2026-0007");
        Assert.Equal((ReturnState.Credited, "PCM-2026-0007"), (credited.State, credited.CreditMemoNumber));

        // A stale page cannot act on what it did not see.
        var stale = await Assert.ThrowsAsync<DomainException>(() => world.WithAsync(sp => sp.GetRequiredService<ReturnService>()
            .ActAsync(Admin, number, 0, ReturnTrigger.Credit, "X", CancellationToken.None)));
        Assert.Contains("changed by someone else", stale.Message, StringComparison.Ordinal);

        await using var db = world.Database.CreateContext();
        var r = await db.Returns().Include(x => x.History).SingleAsync();
        Assert.Equal([ReturnState.Requested, ReturnState.Approved, ReturnState.Received, ReturnState.Credited], r.History.OrderBy(h => h.Id).Select(h => h.To));
        Assert.Equal("Send them back with the label", r.DecisionReason);
        var audit = await db.AuditEntries.Where(a => a.EntityType == "Return" && a.EntityId == number).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["Return.Request", "Return.Approve", "Return.Receive", "Return.Credit"], audit.Select(a => a.Action));
        Assert.Equal(("Received", "Credited: credit memo PCM-2026-0007", "Anna Accountant"), (audit[3].Before, audit[3].After, audit[3].ActorName));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Buyers_returning_the_same_goods_at_the_same_moment_cannot_return_more_than_was_delivered(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var order = await DeliveredOrderAsync(world, (OrderingWorld.Hammer, 3));
        var line = await LineOfAsync(world, order, OrderingWorld.Hammer);

        using var start = new SemaphoreSlim(0);
        var clicks = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            try
            {
                return await RequestAsync(world, i % 2 == 0 ? world.BuyerA : world.SecondBuyerA, order, new NewReturnLine(line, 2, ReturnReason.Damaged, null));
            }
            catch (DomainException)
            {
                return null;
            }
        })).ToList();
        start.Release(clicks.Count);
        var results = await Task.WhenAll(clicks);

        Assert.Single(results, r => r is not null);
        await using var db = world.Database.CreateContext();
        Assert.Equal(2m, (await db.ReturnedQuantitiesAsync(await db.Orders().Where(o => o.Number == order).Select(o => o.Id).SingleAsync(), CancellationToken.None))[line]);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Photos_are_stored_with_the_return_and_more_than_five_are_refused(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var order = await DeliveredOrderAsync(world, (OrderingWorld.Hammer, 1));
        var line = await LineOfAsync(world, order, OrderingWorld.Hammer);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var six = Enumerable.Range(1, 6).Select(i => ReturnPhoto.From($"p{i}.png", png)).ToList();
        var ex = await Assert.ThrowsAsync<DomainException>(() => world.WithAsync(sp => sp.GetRequiredService<ReturnService>()
            .RequestAsync(world.BuyerA, order, [new NewReturnLine(line, 1, ReturnReason.Damaged, null)], six, null, CancellationToken.None)));
        Assert.Contains("At most 5 photos", ex.Message, StringComparison.Ordinal);

        var number = await world.WithAsync(sp => sp.GetRequiredService<ReturnService>()
            .RequestAsync(world.BuyerA, order, [new NewReturnLine(line, 1, ReturnReason.Damaged, null)], six.Take(2).ToList(), null, CancellationToken.None));
        await using var db = world.Database.CreateContext();
        var photos = await db.Returns().Where(r => r.Number == number).SelectMany(r => r.Photos).OrderBy(p => p.Id).ToListAsync();
        Assert.Equal(["p1.png", "p2.png"], photos.Select(p => p.FileName));
        Assert.All(photos, p => Assert.Equal(("image/png", png.Length), (p.ContentType, p.Content.Length)));
    }
}
