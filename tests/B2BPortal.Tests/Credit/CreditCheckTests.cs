using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Ordering;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using static B2BPortal.Tests.Credit.CreditTestData;

namespace B2BPortal.Tests.Credit;

/// <summary>The credit check at placement on SQLite and PostgreSQL: limit, soft and hard, overdue, prepaid, exposure, and concurrent orders.</summary>
public sealed class CreditCheckTests
{
    private const string Hammer = OrderingWorld.Hammer;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Within_the_limit_an_order_passes_over_it_a_soft_account_holds_it_with_the_figures(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 50m);

        var first = await PlaceAsync(world, world.BuyerA, (Hammer, 2));
        var second = await PlaceAsync(world, world.BuyerA, (Hammer, 1));

        Assert.Equal(OrderState.Placed, first.State);
        Assert.Equal(OrderState.CreditHold, second.State);
        var (_, reason) = await LastAsync(world, second.OrderNumber);
        Assert.Contains("credit limit EUR 50.00", reason, StringComparison.Ordinal);
        Assert.Contains("orders not yet invoiced EUR 39.80", reason, StringComparison.Ordinal);
        Assert.Contains("this order EUR 19.90", reason, StringComparison.Ordinal);
        Assert.Contains("over by EUR 9.70", reason, StringComparison.Ordinal);
        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Over_the_limit_a_hard_account_refuses_the_order_with_the_figures_and_saves_nothing(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 30m);
        await PolicyAsync(world, world.CompanyA, CreditPolicy.Hard);

        var ex = await Assert.ThrowsAsync<DomainException>(() => PlaceAsync(world, world.BuyerA, (Hammer, 2)));

        Assert.Contains("credit limit EUR 30.00", ex.Message, StringComparison.Ordinal);
        Assert.Contains("this order EUR 39.80", ex.Message, StringComparison.Ordinal);
        await using var db = world.Database.CreateContext();
        Assert.Equal(0, await db.Orders().CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
        Assert.Equal(1, await db.Set<CartLine>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_invoice_overdue_beyond_grace_holds_the_order_whatever_the_limit_and_one_within_grace_does_not(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 10_000m);
        var today = world.Clock.Today();
        await InvoiceAsync(world, world.CompanyA, "INV-WITHIN", today.AddDays(-5), 100m);

        var withinGrace = await PlaceAsync(world, world.BuyerA, (Hammer, 1));
        await InvoiceAsync(world, world.CompanyA, "INV-LATE", today.AddDays(-6), 100m);
        var beyondGrace = await PlaceAsync(world, world.BuyerA, (Hammer, 1));

        Assert.Equal(OrderState.Placed, withinGrace.State);
        Assert.Equal(OrderState.CreditHold, beyondGrace.State);
        var (_, reason) = await LastAsync(world, beyondGrace.OrderNumber);
        Assert.Contains("INV-LATE EUR 100.00", reason, StringComparison.Ordinal);
        Assert.Contains("6 days", reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Prepaid_terms_park_every_order_until_payment(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 0m, "PREPAID", "");

        var result = await PlaceAsync(world, world.BuyerA, (Hammer, 1));

        Assert.Equal(OrderState.CreditHold, result.State);
        Assert.StartsWith("Prepaid terms: the order waits for payment of EUR 19.90", (await LastAsync(world, result.OrderNumber)).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Exposure_counts_an_order_until_its_invoice_arrives_and_then_only_the_invoice(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 1000m);
        var order = await PlaceAsync(world, world.BuyerA, (Hammer, 2));
        await InvoiceAsync(world, world.CompanyA, "INV-OPEN", world.Clock.Today().AddDays(20), 250m);

        var before = await StandingAsync(world, world.CompanyA);
        await InvoiceAsync(world, world.CompanyA, "INV-ORDER", world.Clock.Today().AddDays(30), 39.80m, order.OrderNumber);
        var after = await StandingAsync(world, world.CompanyA);

        Assert.Equal(Money.Of(250m, "EUR"), before.Exposure.OpenInvoices);
        Assert.Equal(Money.Of(39.80m, "EUR"), before.Exposure.OrdersNotInvoiced);
        Assert.Equal(Money.Of(289.80m, "EUR"), after.Exposure.OpenInvoices);
        Assert.Equal(Money.Zero("EUR"), after.Exposure.OrdersNotInvoiced);
        Assert.Equal(Money.Of(289.80m, "EUR"), after.Exposure.Total);
        Assert.Equal(Money.Of(710.20m, "EUR"), after.Available);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_partly_invoiced_order_counts_only_what_is_not_yet_invoiced_beside_its_invoice(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 1000m);
        var order = await PlaceAsync(world, world.BuyerA, (Hammer, 2));

        // The first hammer is shipped and invoiced; the second waits for stock.
        await InvoiceAsync(world, world.CompanyA, "INV-PART", world.Clock.Today().AddDays(30), 19.90m, order.OrderNumber);
        var partly = await StandingAsync(world, world.CompanyA);
        await InvoiceAsync(world, world.CompanyA, "INV-REST", world.Clock.Today().AddDays(30), 19.90m, order.OrderNumber);
        var full = await StandingAsync(world, world.CompanyA);

        Assert.Equal((Money.Of(19.90m, "EUR"), Money.Of(19.90m, "EUR"), Money.Of(39.80m, "EUR")),
            (partly.Exposure.OpenInvoices, partly.Exposure.OrdersNotInvoiced, partly.Exposure.Total));
        Assert.Equal((Money.Of(39.80m, "EUR"), Money.Zero("EUR"), Money.Of(39.80m, "EUR")),
            (full.Exposure.OpenInvoices, full.Exposure.OrdersNotInvoiced, full.Exposure.Total));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "true", 19.90)]
    [InlineData(DatabaseProvider.Sqlite, "false", 0)]
    [InlineData(DatabaseProvider.PostgreSQL, "true", 19.90)]
    public async Task Orders_awaiting_the_buyers_approval_count_when_the_setting_says_so(DatabaseProvider provider, string count, decimal expected)
    {
        await using var world = await WorldAsync(provider, ("CountPendingApproval", count));
        await using (var db = world.Database.CreateContext())
        {
            db.SpendingLimits().Add(new SpendingLimit(world.CompanyA, world.BuyerA.UserId, SpendingLimitKind.OrderLimit, Money.Of(10m, "EUR"), world.AdminA, world.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var pending = await PlaceAsync(world, world.BuyerA, (Hammer, 1));

        Assert.Equal(OrderState.PendingApproval, pending.State);
        Assert.Equal(Money.Of(expected, "EUR"), (await StandingAsync(world, world.CompanyA)).Exposure.OrdersPendingApproval);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, CreditPolicy.Soft)]
    [InlineData(DatabaseProvider.Sqlite, CreditPolicy.Hard)]
    [InlineData(DatabaseProvider.PostgreSQL, CreditPolicy.Soft)]
    [InlineData(DatabaseProvider.PostgreSQL, CreditPolicy.Hard)]
    public async Task Two_orders_placed_at_the_same_moment_cannot_both_pass_when_only_one_fits(DatabaseProvider provider, CreditPolicy policy)
    {
        await using var world = await WorldAsync(provider);
        await ErpTermsAsync(world, world.CompanyA, 30m);
        await PolicyAsync(world, world.CompanyA, policy);
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (Hammer, 1));
        await PlaceOrderTests.AddAsync(world, world.SecondBuyerA, (Hammer, 1));

        using var start = new SemaphoreSlim(0);
        var placing = new[] { world.BuyerA, world.SecondBuyerA }.Select(buyer => Task.Run(async () =>
        {
            await start.WaitAsync();
            try
            {
                return (await PlaceOrderTests.PlaceAsync(world, buyer, new PlaceOrderCommand(null, null, null, null, null, null, null))).State;
            }
            catch (DomainException)
            {
                return (OrderState?)null;
            }
        })).ToList();
        start.Release(2);
        var states = await Task.WhenAll(placing);

        Assert.Single(states, s => s == OrderState.Placed);
        Assert.Single(states, s => s == (policy == CreditPolicy.Soft ? OrderState.CreditHold : null));
        await using var db = world.Database.CreateContext();
        Assert.Equal(1, await db.Orders().CountAsync(o => o.State == OrderState.Placed));
    }
}
