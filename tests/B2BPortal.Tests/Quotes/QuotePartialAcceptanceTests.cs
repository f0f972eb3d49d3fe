using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Quotes;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static B2BPortal.Tests.Quotes.QuoteFlows;

namespace B2BPortal.Tests.Quotes;

/// <summary>Partial acceptance against real SQLite and PostgreSQL: only where the rep allowed it, only the chosen lines, exactly once.</summary>
public sealed class QuotePartialAcceptanceTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task When_the_rep_allows_it_the_buyer_orders_only_the_lines_they_choose_at_the_quoted_prices(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var (number, hammer, bolts) = await TwoLineSentQuoteAsync(world, hammerPrice: 17.50m, allowPartial: true);

        var result = await AcceptLinesAsync(world, world.BuyerA, number, 1, [bolts]);

        Assert.False(result.AlreadyOrdered);
        Assert.Contains("accepted for 1 of its 2 lines", result.Message, StringComparison.Ordinal);
        await using var db = world.Database.CreateContext();
        var order = await db.Orders().Include(o => o.Lines).SingleAsync();
        var line = Assert.Single(order.Lines);
        Assert.Equal(OrderingWorld.Bolts, line.Sku);
        Assert.Equal(24m, line.Quantity);
        Assert.Equal(0.40m, line.UnitPrice);
        Assert.Equal(Money.Of(9.60m, "EUR"), order.Total);
        Assert.StartsWith($"Quote {number} v1", line.PriceSource, StringComparison.Ordinal);
        var quote = (await db.QuoteForAsync(world.BuyerA, number, tracking: false, CancellationToken.None))!;
        Assert.Equal(QuoteState.Ordered, quote.State);
        Assert.Equal(9.60m, quote.OrderedValue);
        Assert.False(quote.Current.Lines.Single(l => l.LineNumber == hammer).Accepted);
        Assert.True(quote.Current.Lines.Single(l => l.LineNumber == bolts).Accepted);
        Assert.Contains(quote.History, h => h.Trigger == QuoteTrigger.Accept && h.Reason == $"version 1, 1 of 2 lines: {OrderingWorld.Bolts}");
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Type == OrderPlacedMessage.Type));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Quote.Accept" && a.After!.Contains("1 of 2 lines")));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Without_the_rep_s_permission_a_subset_is_refused_and_nothing_is_ordered(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var (number, _, bolts) = await TwoLineSentQuoteAsync(world, hammerPrice: 17.50m, allowPartial: false);

        var refused = await Assert.ThrowsAsync<DomainException>(() => AcceptLinesAsync(world, world.BuyerA, number, 1, [bolts]));

        Assert.Contains("is offered as a whole", refused.Message, StringComparison.Ordinal);
        await using var db = world.Database.CreateContext();
        Assert.Equal(0, await db.Orders().CountAsync());
        Assert.Equal(QuoteState.Sent, (await db.Quotes().SingleAsync()).State);
        // The whole quote can still be accepted.
        Assert.False((await AcceptLinesAsync(world, world.BuyerA, number, 1, null)).AlreadyOrdered);
        Assert.Equal(2, await db.Orders().SelectMany(o => o.Lines).CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task No_line_or_a_line_of_another_version_is_refused_with_a_reason(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var (number, _, _) = await TwoLineSentQuoteAsync(world, hammerPrice: 17.50m, allowPartial: true);

        var none = await Assert.ThrowsAsync<DomainException>(() => AcceptLinesAsync(world, world.BuyerA, number, 1, []));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => AcceptLinesAsync(world, world.BuyerA, number, 1, [999]));

        Assert.Equal("Choose at least one line to accept.", none.Message);
        Assert.Contains("Line 999 is not in version 1", unknown.Message, StringComparison.Ordinal);
        await using var db = world.Database.CreateContext();
        Assert.Equal(0, await db.Orders().CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Partial_accepts_racing_with_different_choices_make_exactly_one_order_with_the_winner_s_lines(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var (number, hammer, bolts) = await TwoLineSentQuoteAsync(world, hammerPrice: 17.50m, allowPartial: true);

        using var start = new SemaphoreSlim(0);
        IReadOnlyCollection<int>[] choices = [[bolts], [hammer], [hammer, bolts]];
        var clicks = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await AcceptLinesAsync(world, i % 2 == 0 ? world.BuyerA : world.SecondBuyerA, number, 1, choices[i % 3]);
        })).ToList();
        start.Release(clicks.Count);
        var results = await Task.WhenAll(clicks);

        Assert.Single(results.Select(r => r.OrderNumber).Distinct());
        Assert.Single(results, r => !r.AlreadyOrdered);
        await using var db = world.Database.CreateContext();
        var order = await db.Orders().Include(o => o.Lines).SingleAsync();
        var quote = (await db.QuoteForAsync(world.BuyerA, number, tracking: false, CancellationToken.None))!;
        Assert.Equal(quote.Current.Lines.Where(l => l.Accepted == true).Select(l => l.Sku).Order(), order.Lines.Select(l => l.Sku).Order());
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Quote.Convert"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_revision_keeps_the_rep_s_permission_for_partial_acceptance_until_the_rep_withdraws_it(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var (number, hammer, bolts) = await TwoLineSentQuoteAsync(world, hammerPrice: 17.50m, allowPartial: true);

        await ActAsync(world, world.BuyerA, number, QuoteTrigger.RequestRevision);
        var seen = await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.StartReview);
        await using (var db = world.Database.CreateContext())
        {
            var quote = (await db.QuoteForAsync(world.BuyerA, number, tracking: false, CancellationToken.None))!;
            Assert.Equal(2, quote.CurrentVersionNumber);
            Assert.True(quote.Current.AllowsPartialAcceptance);
        }

        seen = await world.WithAsync(async sp => (await sp.GetRequiredService<QuoteService>().ReviseAsync(OrderingWorld.SalesRep, number, seen, 0m,
            [new QuoteLineTerms(hammer, 2, null, 17m, null, []), new QuoteLineTerms(bolts, 24, null, 0.40m, null, [])], [], false, CancellationToken.None)).Version);
        await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.Send, seen, new DateOnly(2026, 12, 31));

        var refused = await Assert.ThrowsAsync<DomainException>(() => AcceptLinesAsync(world, world.BuyerA, number, 2, [hammer]));
        Assert.Contains("is offered as a whole", refused.Message, StringComparison.Ordinal);
        await using var check = world.Database.CreateContext();
        var versions = (await check.QuoteForAsync(world.BuyerA, number, tracking: false, CancellationToken.None))!.Versions;
        Assert.True(versions.Single(v => v.Number == 1).AllowsPartialAcceptance);
        Assert.False(versions.Single(v => v.Number == 2).AllowsPartialAcceptance);
    }
}
