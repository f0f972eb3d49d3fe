using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Quotes;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using static B2BPortal.Tests.Quotes.QuoteFlows;

namespace B2BPortal.Tests.Quotes;

/// <summary>Quotes against real SQLite and PostgreSQL: request to order, exactly once under races, expiry, concurrency, isolation.</summary>
public sealed class QuoteConversionTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_accepted_quote_becomes_one_order_at_the_quoted_prices_even_after_the_price_list_changed(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var number = await SentQuoteAsync(world, hammerPrice: 17.50m);

        // The list price rises after the offer was sent: the quote holds until valid-until.
        await using (var db = world.Database.CreateContext())
        {
            var hammer = await db.Products.SingleAsync(p => p.Sku == OrderingWorld.Hammer);
            hammer.SetListPrice(Money.Of(25m, "EUR"));
            await db.SaveChangesAsync();
        }

        var result = await AcceptAsync(world, world.BuyerA, number, 1);

        Assert.False(result.AlreadyOrdered);
        Assert.Equal(OrderState.Placed, result.OrderState);
        await using var check = world.Database.CreateContext();
        var order = await check.Orders().Include(o => o.Lines).SingleAsync();
        var line = Assert.Single(order.Lines);
        Assert.Equal(17.50m, line.UnitPrice);
        Assert.Equal(Money.Of(35m, "EUR"), order.Total);
        Assert.StartsWith($"Quote {number} v1", line.PriceSource, StringComparison.Ordinal);
        Assert.Equal(ConvertQuote.Key(number), order.IdempotencyKey);
        var quote = await check.Quotes().SingleAsync();
        Assert.Equal(QuoteState.Ordered, quote.State);
        Assert.Equal(order.Number, quote.OrderNumber);
        Assert.Equal(1, await check.OutboxMessages.CountAsync(m => m.Type == OrderPlacedMessage.Type));
        var audit = await check.AuditEntries.Where(a => a.EntityType == "Quote").Select(a => a.Action).ToListAsync();
        Assert.Contains("Quote.Request", audit);
        Assert.Contains("Quote.Revise", audit);
        Assert.Contains("Quote.Send", audit);
        Assert.Contains("Quote.Accept", audit);
        Assert.Contains("Quote.Convert", audit);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Accepting_the_same_quote_many_times_at_once_makes_exactly_one_order(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var number = await SentQuoteAsync(world, hammerPrice: 18m);

        using var start = new SemaphoreSlim(0);
        var clicks = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await AcceptAsync(world, i % 2 == 0 ? world.BuyerA : world.SecondBuyerA, number, 1);
        })).ToList();
        start.Release(clicks.Count);
        var results = await Task.WhenAll(clicks);

        Assert.Single(results.Select(r => r.OrderNumber).Distinct());
        Assert.Single(results, r => !r.AlreadyOrdered);
        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.Orders().CountAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Quote.Convert"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_quote_holds_to_the_last_second_of_valid_until_and_cannot_be_ordered_after(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var inTime = await SentQuoteAsync(world, hammerPrice: 18m, validUntil: new DateOnly(2026, 11, 30));
        var number = await SentQuoteAsync(world, hammerPrice: 18m, validUntil: new DateOnly(2026, 11, 30));

        world.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero));
        Assert.False((await AcceptAsync(world, world.BuyerA, inTime, 1)).AlreadyOrdered);

        world.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var late = await Assert.ThrowsAsync<DomainException>(() => AcceptAsync(world, world.BuyerA, number, 1));
        Assert.Contains("expired", late.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be ordered", late.Message, StringComparison.Ordinal);
        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.Orders().CountAsync());
        Assert.Equal(QuoteState.Sent, (await db.Quotes().SingleAsync(q => q.Number == number)).State);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_expiry_job_expires_at_valid_until_and_reminds_the_buyer_once_before(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var number = await SentQuoteAsync(world, hammerPrice: 18m, validUntil: new DateOnly(2026, 11, 30));

        // Reminded Quotes:ReminderDaysBefore (3) days before the last second of valid-until, once.
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 23, 59, 58, TimeSpan.Zero));
        Assert.Equal(new QuoteExpiryResult(0, 0), await RunExpiryAsync(world));
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 23, 59, 59, TimeSpan.Zero));
        Assert.Equal(new QuoteExpiryResult(0, 1), await RunExpiryAsync(world));
        Assert.Equal(new QuoteExpiryResult(0, 0), await RunExpiryAsync(world));
        Assert.Single(world.Mailer.Sent, m => m.To == "buyer@a.example" && m.Subject.StartsWith($"Quote {number} runs out", StringComparison.Ordinal));

        world.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero));
        Assert.Equal(new QuoteExpiryResult(0, 0), await RunExpiryAsync(world));
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new QuoteExpiryResult(1, 0), await RunExpiryAsync(world));
        await using var db = world.Database.CreateContext();
        Assert.Equal(QuoteState.Expired, (await db.Quotes().SingleAsync()).State);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_rep_and_a_manager_editing_at_once_the_second_is_told_to_reload_and_nothing_is_overwritten(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var (number, seen, line) = await InReviewAsync(world);

        await ReviseAsync(world, OrderingWorld.SalesRep, number, seen, [new QuoteLineTerms(line, 2, null, 18m, null, [])]);
        var ex = await Assert.ThrowsAsync<DomainException>(() => ReviseAsync(world, Manager, number, seen, [new QuoteLineTerms(line, 2, null, 15m, null, [])]));

        Assert.StartsWith("This quote changed — reload", ex.Message, StringComparison.Ordinal);
        await using var db = world.Database.CreateContext();
        var quote = (await db.QuoteForAsync(Manager, number, tracking: false, CancellationToken.None))!;
        Assert.Equal(18m, quote.Current.Lines.Single().OfferedPrice);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_negative_price_or_a_discount_over_100_percent_is_refused_and_nothing_is_saved(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var (number, seen, line) = await InReviewAsync(world);

        var negative = await Assert.ThrowsAsync<DomainException>(() => ReviseAsync(world, OrderingWorld.SalesRep, number, seen, [new QuoteLineTerms(line, 2, null, -1m, null, [])]));
        Assert.Contains("cannot be negative", negative.Message, StringComparison.Ordinal);
        var over = await Assert.ThrowsAsync<DomainException>(() => ReviseAsync(world, OrderingWorld.SalesRep, number, seen, [new QuoteLineTerms(line, 2, null, null, 120m, [])]));
        Assert.Contains("between 0 and 100 %", over.Message, StringComparison.Ordinal);

        await using var db = world.Database.CreateContext();
        var quote = await db.Quotes().Include(q => q.Versions).ThenInclude(v => v.Lines).SingleAsync();
        Assert.Equal(seen, quote.Version);
        Assert.Null(quote.Current.Lines.Single().OfferedPrice);
        Assert.DoesNotContain(await db.AuditEntries.Select(a => a.Action).ToListAsync(), a => a == "Quote.Revise");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_price_below_the_margin_floor_needs_internal_approval_before_it_is_sent(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await SetHammerCostAsync(world, 15m);
        await using (var db = world.Database.CreateContext())
        {
            db.MarginFloors().Add(new MarginFloor(OrderingWorld.SalesRep.UserId, null, 20m));
            await db.SaveChangesAsync();
        }

        var (number, seen, line) = await InReviewAsync(world);
        seen = await ReviseAsync(world, OrderingWorld.SalesRep, number, seen, [new QuoteLineTerms(line, 2, null, 17m, null, [])]);

        // 17 over a cost of 15 is a margin of 11.76 %, below the rep's floor of 20 %.
        var refused = await Assert.ThrowsAsync<DomainException>(() => ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.Send, seen, new DateOnly(2026, 12, 31)));
        Assert.Contains("HAMMER-500 (margin 11.76 % < floor 20 %)", refused.Message, StringComparison.Ordinal);

        seen = await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.RequestApproval, seen);
        await Assert.ThrowsAsync<DomainException>(() => ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.Approve, seen));
        seen = await ActAsync(world, Approver, number, QuoteTrigger.Approve, seen);
        await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.Send, seen, new DateOnly(2026, 12, 31));

        await using var check = world.Database.CreateContext();
        var quote = await check.Quotes().SingleAsync();
        Assert.Equal(QuoteState.Sent, quote.State);
        Assert.Contains("margin 11.76 %", quote.ApprovalReason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_buyer_never_finds_another_company_s_quote(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        var number = await RequestAsync(world);

        await using var db = world.Database.CreateContext();
        Assert.Null(await db.QuoteForAsync(world.BuyerB, number, tracking: false, CancellationToken.None));
        Assert.NotNull(await db.QuoteForAsync(world.AdminA, number, tracking: false, CancellationToken.None));
        await Assert.ThrowsAsync<QuoteNotFoundException>(() => ActAsync(world, world.BuyerB, number, QuoteTrigger.Cancel, 1));
        await Assert.ThrowsAsync<QuoteNotFoundException>(() => AcceptAsync(world, world.BuyerB, number, 1));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_stock_sync_s_unit_cost_becomes_the_cost_a_new_quote_line_measures_its_margin_against(DatabaseProvider provider)
    {
        await using var world = await CreateAsync(provider);
        await SetHammerCostAsync(world, 12.5m);

        var number = await RequestAsync(world);

        await using var check = world.Database.CreateContext();
        var quote = (await check.QuoteForAsync(OrderingWorld.SalesRep, number, tracking: false, CancellationToken.None))!;
        var line = quote.Current.Lines.Single();
        Assert.Equal(12.5m, line.UnitCost);
        Assert.Equal(19.90m, line.ListPrice);
        Assert.Equal(37.19m, line.MarginPercent(0));
    }
}
