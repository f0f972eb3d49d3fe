using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Returns;
using B2BPortal.Domain.Shipping;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Returns;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Returns;

/// <summary>The return's steps over an <see cref="OrderingWorld"/>, through the use cases, for the tests and the SpecFlow steps.</summary>
public static class ReturnFlows
{
    public static readonly Actor Admin = new("staff-admin", "Ada Admin", null, new HashSet<string> { Roles.Administrator });

    /// <summary>A sales rep who does not serve company A.</summary>
    public static readonly Actor OtherRep = new("staff-other-rep", "Olga Otherrep", null, new HashSet<string> { Roles.SalesRep });

    /// <summary>A world whose company A is served by <see cref="OrderingWorld.SalesRep"/>.</summary>
    public static async Task<OrderingWorld> CreateAsync(DatabaseProvider provider)
    {
        var world = await OrderingWorld.CreateAsync(provider, s => s.AddPortalReturns());
        await using var db = world.Database.CreateContext();
        (await db.Companies.SingleAsync(c => c.Id == world.CompanyA)).AssignSalesRep(OrderingWorld.SalesRep.UserId);
        await db.SaveChangesAsync();
        return world;
    }

    /// <summary>Buyer A orders the given lines; the ERP takes the order and the courier delivers it. Returns the order's number.</summary>
    public static async Task<string> DeliveredOrderAsync(OrderingWorld world, params (string Sku, decimal Quantity)[] lines)
    {
        var placed = await PlacedOrderAsync(world, lines);
        var at = world.Clock.GetUtcNow();
        await world.WithAsync(async sp =>
        {
            var updates = sp.GetRequiredService<IOrderStatusUpdates>();
            await updates.SubmittedToErpAsync(placed, "erp-" + placed, "SO-" + placed[^4..], at, CancellationToken.None);
            await updates.ShipmentChangedAsync(placed, new ShipmentNotice("DHL", "0034043416109404" + placed[^4..], ShipmentState.Delivered, at.AddHours(5), true, null),
                CancellationToken.None);
        });
        world.Clock.Advance(TimeSpan.FromDays(1));
        return placed;
    }

    public static async Task<string> PlacedOrderAsync(OrderingWorld world, params (string Sku, decimal Quantity)[] lines)
    {
        await PlaceOrderTests.AddAsync(world, world.BuyerA, lines);
        var placed = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        return placed.OrderNumber;
    }

    public static Task<string> RequestAsync(OrderingWorld world, Actor buyer, string orderNumber, params NewReturnLine[] lines) =>
        world.WithAsync(sp => sp.GetRequiredService<ReturnService>().RequestAsync(buyer, orderNumber, lines, [], "Arrived broken", CancellationToken.None));

    public static Task<ReturnRequest> ActAsync(OrderingWorld world, Actor actor, string number, ReturnTrigger trigger, string? text = "because") =>
        world.WithAsync(async sp =>
        {
            var service = sp.GetRequiredService<ReturnService>();
            var seen = (await service.LoadAsync(actor, number, tracking: false, CancellationToken.None) ?? throw new ReturnNotFoundException(number)).Version;
            return await service.ActAsync(actor, number, seen, trigger, text, CancellationToken.None);
        });

    public static Task<ReturnableOrder?> ReturnableAsync(OrderingWorld world, Actor buyer, string orderNumber) =>
        world.WithAsync(sp => sp.GetRequiredService<ReturnService>().ReturnableAsync(buyer, orderNumber, CancellationToken.None));

    /// <summary>The first line number of the order holding <paramref name="sku"/>.</summary>
    public static async Task<int> LineOfAsync(OrderingWorld world, string orderNumber, string sku)
    {
        await using var db = world.Database.CreateContext();
        return await db.Orders().Where(o => o.Number == orderNumber).SelectMany(o => o.Lines).Where(l => l.Sku == sku).Select(l => l.LineNumber).SingleAsync();
    }
}
