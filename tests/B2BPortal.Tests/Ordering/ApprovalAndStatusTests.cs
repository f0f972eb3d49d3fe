using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Ordering;

/// <summary>In-company approval rules and the sync's status updates, against real SQLite and PostgreSQL.</summary>
public sealed class ApprovalAndStatusTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_order_over_the_buyers_limit_waits_for_approval_and_both_sides_get_mail(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await SetLimitAsync(world, world.BuyerA.UserId, SpendingLimitKind.OrderLimit, 30m);
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 2));

        var result = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));

        Assert.Equal(OrderState.PendingApproval, result.State);
        Assert.Contains("above your order limit of EUR 30.00", result.Message, StringComparison.Ordinal);
        Assert.Contains(world.Mailer.Sent, m => m.To == "admin@a.example" && m.Subject.StartsWith("Approval needed", StringComparison.Ordinal));
        await using (var db = world.Database.CreateContext())
        {
            Assert.Equal(0, await db.OutboxMessages.CountAsync());
        }

        await world.WithAsync(sp => sp.GetRequiredService<OrderActions>().ExecuteAsync(world.AdminA, result.OrderNumber, OrderTrigger.Approve, "ok for Q4", CancellationToken.None));

        await using (var db = world.Database.CreateContext())
        {
            var order = await db.Orders().Include(o => o.History).SingleAsync();
            Assert.Equal(OrderState.Placed, order.State);
            Assert.Equal("ok for Q4", order.History.Single(h => h.Trigger == OrderTrigger.Approve).Reason);
            Assert.Equal(1, await db.OutboxMessages.CountAsync());
            Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.EntityId == order.Number));
        }

        Assert.Contains(world.Mailer.Sent, m => m.To == "buyer@a.example" && m.Subject == $"Order {result.OrderNumber}: Placed");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Monthly_budgets_count_this_months_placed_orders_per_buyer_and_per_company(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await SetLimitAsync(world, null, SpendingLimitKind.MonthlyBudget, 50m);
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 2));
        var first = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        Assert.Equal(OrderState.Placed, first.State);

        await PlaceOrderTests.AddAsync(world, world.SecondBuyerA, (OrderingWorld.Hammer, 1));
        var second = await PlaceOrderTests.PlaceAsync(world, world.SecondBuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        Assert.Equal(OrderState.PendingApproval, second.State);
        Assert.Contains("company's spending this month would be EUR 59.70, above the company's monthly budget of EUR 50.00", second.Message, StringComparison.Ordinal);

        // Next month the budget starts again.
        world.Clock.Advance(TimeSpan.FromDays(10));
        await PlaceOrderTests.AddAsync(world, world.SecondBuyerA, (OrderingWorld.Hammer, 1));
        var third = await PlaceOrderTests.PlaceAsync(world, world.SecondBuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        Assert.Equal(OrderState.Placed, third.State);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ERP_and_courier_news_move_the_order_and_keep_shipments_for_the_order_page(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));
        var placed = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        var at = world.Clock.GetUtcNow();

        await world.WithAsync(async sp =>
        {
            var updates = sp.GetRequiredService<IOrderStatusUpdates>();
            await updates.SubmittedToErpAsync(placed.OrderNumber, "erp-guid", "SO-1001", at, CancellationToken.None);
            await updates.SubmittedToErpAsync(placed.OrderNumber, "erp-guid", "SO-1001", at, CancellationToken.None);
        });
        await world.WithAsync(sp => sp.GetRequiredService<IOrderStatusUpdates>().ShipmentChangedAsync(placed.OrderNumber,
            new ShipmentNotice("DHL", "00340434161094042557", ShipmentState.InTransit, at.AddHours(5), true, "https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode=00340434161094042557"), CancellationToken.None));
        await world.WithAsync(sp => sp.GetRequiredService<IOrderStatusUpdates>().ShipmentChangedAsync(placed.OrderNumber,
            new ShipmentNotice("DHL", "00340434161094042557", ShipmentState.Delivered, at.AddDays(1), true, null), CancellationToken.None));
        world.Clock.Advance(TimeSpan.FromDays(2));
        await world.InvoiceAsync(placed.OrderNumber, "PSI-2026-77");

        await using var db = world.Database.CreateContext();
        var order = await db.Orders().Include(o => o.History).SingleAsync();
        Assert.Equal((OrderState.Closed, InvoicingState.Invoiced), (order.State, order.Invoicing));
        Assert.Equal("SO-1001", order.ErpOrderNumber);
        Assert.Equal(
            [OrderState.Placed, OrderState.SubmittedToErp, OrderState.Confirmed, OrderState.Shipped, OrderState.Delivered, OrderState.Delivered, OrderState.Closed],
            order.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.To));
        var shipment = Assert.Single(await db.ShipmentsOfAsync(order.Number, CancellationToken.None));
        Assert.Equal(ShipmentState.Delivered, shipment.State);
        Assert.StartsWith("https://www.dhl.de/", shipment.TrackingUrl, StringComparison.Ordinal);
        Assert.Equal("PSI-2026-77", Assert.Single(await db.InvoicesOfAsync(order.Number, CancellationToken.None)).Number);
        Assert.Equal(7, await db.AuditEntries.CountAsync(a => a.EntityType == "Order"));
        Assert.Contains(world.Mailer.Sent, m => m.Subject == $"Order {placed.OrderNumber}: Shipped");

        await Assert.ThrowsAsync<OrderNotFoundException>(() => world.WithAsync(sp =>
            sp.GetRequiredService<IOrderStatusUpdates>().InvoicesChangedAsync("ORD-1999-000001", at, CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_buyer_cannot_see_act_on_or_add_from_another_companys_orders_and_catalog(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));
        var placed = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));

        await world.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<B2BPortal.Domain.Persistence.PortalDbContext>();
            Assert.Null(await db.OrderForAsync(world.BuyerB, placed.OrderNumber, CancellationToken.None));
            Assert.Empty((await db.SearchOrdersAsync(world.BuyerB, new OrderFilter(), CancellationToken.None)).Items);
            Assert.Single((await db.SearchOrdersAsync(OrderingWorld.Accountant, new OrderFilter(), CancellationToken.None)).Items);
            await Assert.ThrowsAsync<OrderNotFoundException>(() =>
                sp.GetRequiredService<OrderActions>().ExecuteAsync(world.BuyerB, placed.OrderNumber, OrderTrigger.Cancel, null, CancellationToken.None));
            var notYours = await Assert.ThrowsAsync<DomainException>(() =>
                sp.GetRequiredService<CartService>().AddAsync(world.BuyerB, OrderingWorld.Hammer, 1, CancellationToken.None));
            Assert.Equal("No product HAMMER-500 in your catalog.", notYours.Message);
        });
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Cancelling_an_order_the_export_knows_about_queues_its_cancellation_for_the_erp(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await SetLimitAsync(world, world.BuyerA.UserId, SpendingLimitKind.OrderLimit, 30m);

        // Waiting for approval: never queued for the ERP, so its cancellation stays in the portal.
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 2));
        var pending = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        Assert.Equal(OrderState.PendingApproval, pending.State);
        await world.WithAsync(sp => sp.GetRequiredService<OrderActions>().ExecuteAsync(world.BuyerA, pending.OrderNumber, OrderTrigger.Cancel, null, CancellationToken.None));

        // Placed, export queued: the buyer cancels before the ERP answered.
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));
        var placed = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        await world.WithAsync(sp => sp.GetRequiredService<OrderActions>().ExecuteAsync(world.BuyerA, placed.OrderNumber, OrderTrigger.Cancel, null, CancellationToken.None));

        // In the ERP already: only staff may cancel, and the message names the ERP's order.
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));
        var submitted = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        await world.WithAsync(sp => sp.GetRequiredService<IOrderStatusUpdates>().SubmittedToErpAsync(submitted.OrderNumber, "erp-guid-7", "SO-7007", world.Clock.GetUtcNow(), CancellationToken.None));
        await world.WithAsync(sp => sp.GetRequiredService<OrderActions>().ExecuteAsync(OrderingWorld.SalesRep, submitted.OrderNumber, OrderTrigger.Cancel, "Customer phoned: wrong site", CancellationToken.None));

        await using var db = world.Database.CreateContext();
        var cancellations = await db.OutboxMessages.Where(m => m.Type == OrderCancelledMessage.Type).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([OrderCancelledMessage.IdempotencyKey(placed.OrderNumber), OrderCancelledMessage.IdempotencyKey(submitted.OrderNumber)],
            cancellations.Select(m => m.IdempotencyKey));
        var first = System.Text.Json.JsonSerializer.Deserialize<OrderCancelledMessage>(cancellations[0].Payload, OrderLedger.Json)!;
        var second = System.Text.Json.JsonSerializer.Deserialize<OrderCancelledMessage>(cancellations[1].Payload, OrderLedger.Json)!;
        Assert.Null(first.ErpOrderId);
        Assert.Equal(("erp-guid-7", "SO-7007", "Sam Salesrep", "Customer phoned: wrong site"), (second.ErpOrderId, second.ErpOrderNumber, second.ActorName, second.Reason));

        // Each cancellation comes after its order's placement message, which the export sends in queue order.
        var placedId = await db.OutboxMessages.Where(m => m.IdempotencyKey == OrderPlacedMessage.IdempotencyKey(placed.OrderNumber)).Select(m => m.Id).SingleAsync();
        Assert.True(cancellations[0].Id > placedId);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_untracked_shipment_reaches_Delivered_when_the_buyer_confirms_receipt_and_an_early_invoice_then_closes_it(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));
        var placed = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        var at = world.Clock.GetUtcNow();
        await world.WithAsync(async sp =>
        {
            var updates = sp.GetRequiredService<IOrderStatusUpdates>();
            await updates.SubmittedToErpAsync(placed.OrderNumber, "erp-guid", "SO-1001", at, CancellationToken.None);
            // The ERP's own truck: no carrier a courier adapter knows, no tracking number; nobody will report delivery.
            await updates.ShipmentChangedAsync(placed.OrderNumber, new ShipmentNotice("", "", ShipmentState.PreTransit, at.AddHours(2), true, null, "S-SHP-102001"), CancellationToken.None);
        });
        world.Clock.Advance(TimeSpan.FromHours(3));
        await world.InvoiceAsync(placed.OrderNumber, "PSI-2026-78");

        // Not another company's buyer, and not staff without saying on what evidence.
        await Assert.ThrowsAsync<OrderNotFoundException>(() => world.WithAsync(sp =>
            sp.GetRequiredService<OrderActions>().ExecuteAsync(world.BuyerB, placed.OrderNumber, OrderTrigger.ConfirmDelivery, null, CancellationToken.None)));
        await Assert.ThrowsAsync<DomainException>(() => world.WithAsync(sp =>
            sp.GetRequiredService<OrderActions>().ExecuteAsync(OrderingWorld.SalesRep, placed.OrderNumber, OrderTrigger.ConfirmDelivery, null, CancellationToken.None)));
        var offered = await world.WithAsync(async sp => (await sp.GetRequiredService<OrderActions>().LoadAsync(world.BuyerA, placed.OrderNumber, CancellationToken.None))!.ActionsFor(world.BuyerA));
        Assert.Contains(OrderTrigger.ConfirmDelivery, offered);

        world.Clock.Advance(TimeSpan.FromDays(1));
        await world.WithAsync(sp => sp.GetRequiredService<OrderActions>().ExecuteAsync(world.BuyerA, placed.OrderNumber, OrderTrigger.ConfirmDelivery, "All 1 pieces received", CancellationToken.None));

        await using var db = world.Database.CreateContext();
        var order = await db.Orders().Include(o => o.History).SingleAsync();
        Assert.Equal(OrderState.Closed, order.State);
        Assert.Equal(
            [OrderState.Placed, OrderState.SubmittedToErp, OrderState.Confirmed, OrderState.Shipped, OrderState.Shipped, OrderState.Delivered, OrderState.Closed],
            order.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.To));
        var confirmed = order.History.Single(h => h.Trigger == OrderTrigger.ConfirmDelivery);
        Assert.Equal((world.BuyerA.UserId, "All 1 pieces received"), (confirmed.ActorId, confirmed.Reason));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Order.ConfirmDelivery" && a.EntityId == placed.OrderNumber));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Shipments_recorded_before_the_ERP_confirmed_the_order_move_it_once_it_does(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));
        var placed = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        var at = world.Clock.GetUtcNow();

        // The export's answer was lost; the warehouse shipped and the courier delivered meanwhile.
        await world.WithAsync(async sp =>
        {
            var updates = sp.GetRequiredService<IOrderStatusUpdates>();
            await updates.ShipmentChangedAsync(placed.OrderNumber, new ShipmentNotice("DHL", "00340434161094042557", ShipmentState.Delivered, at.AddHours(1), true, null, "S-SHP-9"), CancellationToken.None);
        });
        await using (var before = world.Database.CreateContext())
        {
            Assert.Equal(OrderState.Placed, (await before.Orders().SingleAsync()).State);
        }

        await world.WithAsync(sp => sp.GetRequiredService<IOrderStatusUpdates>().SubmittedToErpAsync(placed.OrderNumber, "erp-guid", "SO-1009", at.AddHours(2), CancellationToken.None));

        await using var db = world.Database.CreateContext();
        var order = await db.Orders().Include(o => o.History).SingleAsync();
        Assert.Equal(OrderState.Delivered, order.State);
        Assert.Equal(
            [OrderState.Placed, OrderState.SubmittedToErp, OrderState.Confirmed, OrderState.Shipped, OrderState.Delivered],
            order.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => h.To));
    }

    private static Task SetLimitAsync(OrderingWorld world, string? userId, SpendingLimitKind kind, decimal amount) =>
        world.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<B2BPortal.Domain.Persistence.PortalDbContext>();
            db.SpendingLimits().Add(new SpendingLimit(world.CompanyA, userId, kind, Money.Of(amount, "EUR"), world.AdminA, world.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        });
}
