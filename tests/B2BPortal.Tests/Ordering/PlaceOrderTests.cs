using System.Text.Json;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Ordering;

/// <summary>Placing orders against real SQLite and PostgreSQL: one transaction, exactly one order under races, stale carts refused.</summary>
public sealed class PlaceOrderTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Placing_writes_order_history_audit_and_outbox_together_and_empties_the_cart(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await AddAsync(world, world.BuyerA, (OrderingWorld.Bolts, 24), (OrderingWorld.Hammer, 2));

        var result = await PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, "PO-77", new DateOnly(2026, 12, 1), "Gate 3", null, null, null));

        Assert.Equal(OrderState.Placed, result.State);
        Assert.Matches(@"^ORD-2026-\d{6}$", result.OrderNumber);
        await using var db = world.Database.CreateContext();
        var order = await db.Orders().Include(o => o.Lines).Include(o => o.History).SingleAsync();
        Assert.Equal(Money.Of(24 * 0.50m + 2 * 19.90m, "EUR"), order.Total);
        Assert.Equal([OrderState.Placed], order.History.Select(h => h.To));
        Assert.Equal(world.BuyerA.UserId, order.History[0].ActorId);
        Assert.Single(await db.AuditEntries.Where(a => a.EntityType == "Order" && a.EntityId == order.Number).ToListAsync());

        var outbox = await db.OutboxMessages.SingleAsync();
        Assert.Equal(OrderPlacedMessage.Type, outbox.Type);
        Assert.Equal(OrderPlacedMessage.IdempotencyKey(order.Number), outbox.IdempotencyKey);
        var payload = JsonSerializer.Deserialize<OrderPlacedMessage>(outbox.Payload, OrderLedger.Json)!;
        Assert.Equal("C10000", payload.ErpCustomerNumber);
        Assert.Equal("PO-77", payload.PurchaseOrderNumber);
        Assert.Equal([10000, 20000], payload.Lines.Select(l => l.LineNumber));
        Assert.Equal(24m, payload.Lines[0].Quantity);

        Assert.Empty(await db.Set<CartLine>().ToListAsync());
        Assert.Contains(world.Mailer.Sent, m => m.To == "buyer@a.example" && m.Subject.Contains(order.Number, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_double_click_or_two_tabs_placing_the_same_cart_version_make_exactly_one_order(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await AddAsync(world, world.BuyerA, (OrderingWorld.Bolts, 12));
        var version = await CartVersionAsync(world, world.BuyerA);

        using var start = new SemaphoreSlim(0);
        var clicks = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, version, null, null));
        })).ToList();
        start.Release(clicks.Count);
        var results = await Task.WhenAll(clicks);

        Assert.Single(results.Select(r => r.OrderNumber).Distinct());
        Assert.Single(results, r => !r.AlreadyPlaced);
        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.Orders().CountAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Retried_API_calls_with_one_idempotency_key_return_the_same_order(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));

        var calls = Enumerable.Range(0, 5).Select(_ => Task.Run(() =>
            PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, "erp-req-4711")))).ToList();
        var results = await Task.WhenAll(calls);
        var later = await PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, "erp-req-4711"));

        Assert.Single(results.Append(later).Select(r => r.OrderNumber).Distinct());
        Assert.True(later.AlreadyPlaced);
        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.Orders().CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_idempotency_key_answers_only_the_request_that_placed_its_order_and_only_its_own_user(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));
        var placed = await PlaceAsync(world, world.BuyerA, Api("K-1", "PO-A", "Gate 3"));

        // The same request again, over the empty cart that order left: the same order.
        var replay = await PlaceAsync(world, world.BuyerA, Api("K-1", "PO-A", "Gate 3"));
        Assert.True(replay.AlreadyPlaced);
        Assert.Equal(placed.OrderNumber, replay.OrderNumber);

        // Other fields, or the same fields over another cart: refused, nothing placed, the cart left as it is.
        var otherPo = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => PlaceAsync(world, world.BuyerA, Api("K-1", "PO-B", "Gate 3")));
        Assert.Contains("already used for a different request", otherPo.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => PlaceAsync(world, world.BuyerA, Api("K-1", "PO-A", "Gate 4")));
        await AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 2));
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => PlaceAsync(world, world.BuyerA, Api("K-1", "PO-A", "Gate 3")));

        // Another user of the same company with the same key places an order of their own.
        await AddAsync(world, world.SecondBuyerA, (OrderingWorld.Hammer, 1));
        var other = await PlaceAsync(world, world.SecondBuyerA, Api("K-1", "PO-A", "Gate 3"));
        Assert.False(other.AlreadyPlaced);
        Assert.NotEqual(placed.OrderNumber, other.OrderNumber);

        await using var db = world.Database.CreateContext();
        Assert.Equal(2, await db.Orders().CountAsync());
        Assert.Equal(2m, (await db.Set<CartLine>().SingleAsync()).Quantity);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Concurrent_requests_with_one_key_place_one_order_and_those_with_another_body_are_refused(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));

        using var start = new SemaphoreSlim(0);
        var calls = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var po = i % 2 == 0 ? "PO-EVEN" : "PO-ODD";
            await start.WaitAsync();
            try
            {
                return (Po: po, Number: (await PlaceAsync(world, world.BuyerA, Api("race", po, null))).OrderNumber);
            }
            catch (IdempotencyKeyReusedException)
            {
                return (Po: po, Number: (string?)null);
            }
        })).ToList();
        start.Release(calls.Count);
        var results = await Task.WhenAll(calls);

        await using var db = world.Database.CreateContext();
        var order = await db.Orders().SingleAsync();
        Assert.All(results, r => Assert.Equal(r.Po == order.PurchaseOrderNumber ? order.Number : null, r.Number));
    }

    private static PlaceOrderCommand Api(string key, string po, string? notes) => new(null, po, null, notes, null, null, key);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Buyers_placing_at_the_same_moment_get_distinct_consecutive_numbers(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        var buyers = new[] { world.BuyerA, world.SecondBuyerA, world.AdminA };
        foreach (var b in buyers)
        {
            await AddAsync(world, b, (OrderingWorld.Hammer, 1));
        }

        var results = await Task.WhenAll(buyers.Select(b => Task.Run(() => PlaceAsync(world, b, new PlaceOrderCommand(null, null, null, null, null, null, null)))));

        Assert.Equal(["ORD-2026-000001", "ORD-2026-000002", "ORD-2026-000003"], results.Select(r => r.OrderNumber).Order());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_cart_changed_in_another_tab_or_repriced_since_review_is_shown_not_placed(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));
        var reviewed = await CartVersionAsync(world, world.BuyerA);
        await AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));

        var changed = await Assert.ThrowsAsync<DomainException>(() => PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, reviewed, null, null)));
        Assert.Contains("changed", changed.Message, StringComparison.Ordinal);

        var repriced = await Assert.ThrowsAsync<DomainException>(() => PlaceAsync(world, world.BuyerA,
            new PlaceOrderCommand(null, null, null, null, reviewed + 1, 19.90m, null)));
        Assert.Contains("EUR 19.90", repriced.Message, StringComparison.Ordinal);
        Assert.Contains("EUR 39.80", repriced.Message, StringComparison.Ordinal);

        await using var db = world.Database.CreateContext();
        Assert.Equal(0, await db.Orders().CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_credit_hold_parks_the_order_without_export_and_a_refusal_places_nothing(DatabaseProvider provider)
    {
        var credit = new ScriptedCreditCheck();
        await using var world = await OrderingWorld.CreateAsync(provider, s => s.AddSingleton<ICreditCheck>(credit));
        await AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));

        credit.Next = CreditCheckResult.Refuse("Credit limit EUR 1,000.00 exceeded: open balance EUR 990.00 + this order EUR 19.90.");
        var refused = await Assert.ThrowsAsync<DomainException>(() => PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null)));
        Assert.Contains("EUR 990.00", refused.Message, StringComparison.Ordinal);

        credit.Next = CreditCheckResult.Hold("Account under review");
        var held = await PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        Assert.Equal(OrderState.CreditHold, held.State);
        await using (var db = world.Database.CreateContext())
        {
            Assert.Equal(0, await db.OutboxMessages.CountAsync());
        }

        await world.WithAsync(sp => sp.GetRequiredService<OrderActions>().ExecuteAsync(OrderingWorld.Accountant, held.OrderNumber, OrderTrigger.ReleaseCredit, "Paid", CancellationToken.None));
        await using (var db = world.Database.CreateContext())
        {
            Assert.Equal(OrderPlacedMessage.IdempotencyKey(held.OrderNumber), (await db.OutboxMessages.SingleAsync()).IdempotencyKey);
            Assert.Equal(OrderState.Placed, (await db.Orders().SingleAsync()).State);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Lines_breaking_a_quantity_rule_stop_the_order_and_name_the_valid_quantities(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        var bolts = await world.ProductIdAsync(OrderingWorld.Bolts);
        await world.WithAsync(async sp =>
        {
            await sp.GetRequiredService<CartService>().AddManyAsync(world.BuyerA, [new CartAddition(bolts, 50)], CancellationToken.None);
        });

        var ex = await Assert.ThrowsAsync<DomainException>(() => PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null)));

        Assert.Contains("BOLT-M8: Order in multiples of 12: 48 or 60", ex.Message, StringComparison.Ordinal);

        // The cart page's one-click fix: every flagged line to its suggested quantity, then the order goes through.
        await world.WithAsync(async sp =>
        {
            var carts = sp.GetRequiredService<CartService>();
            var review = await sp.GetRequiredService<CartReviewer>().ReviewAsync((await carts.FindAsync(world.BuyerA, CancellationToken.None))!, CancellationToken.None);
            var line = Assert.Single(review.Lines);
            Assert.False(review.CanPlace);
            Assert.Equal(60m, line.Suggestion);
            await carts.SetQuantitiesAsync(world.BuyerA, [new CartAddition(line.ProductId, line.Suggestion!.Value)], CancellationToken.None);
        });
        var placed = await PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        Assert.Equal(OrderState.Placed, placed.State);
    }

    internal static async Task AddAsync(OrderingWorld world, Actor buyer, params (string Sku, decimal Quantity)[] lines)
    {
        foreach (var (sku, qty) in lines)
        {
            await world.WithAsync(sp => sp.GetRequiredService<CartService>().AddAsync(buyer, sku, qty, CancellationToken.None));
        }
    }

    internal static Task<PlaceOrderResult> PlaceAsync(OrderingWorld world, Actor buyer, PlaceOrderCommand command) =>
        world.WithAsync(sp => sp.GetRequiredService<PlaceOrder>().ExecuteAsync(buyer, command, CancellationToken.None));

    internal static async Task<int> CartVersionAsync(OrderingWorld world, Actor buyer)
    {
        await using var db = world.Database.CreateContext();
        return await db.Carts().Where(c => c.UserId == buyer.UserId).Select(c => c.Version).SingleAsync();
    }

    private sealed class ScriptedCreditCheck : ICreditCheck
    {
        public CreditCheckResult Next { get; set; } = CreditCheckResult.Pass;

        public Task<CreditCheckResult> CheckAsync(CreditCheckRequest request, CancellationToken ct) => Task.FromResult(Next);
    }
}
