using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TechTalk.SpecFlow;
using Xunit;

namespace B2BPortal.Specs.Steps.Ordering;

/// <summary>
/// Thin steps over OrderingOnBehalf, CartService and PlaceOrder (the checkout's use case) on a fresh SQLite database per
/// scenario (OrderingWorld: Acme sees the tools, Borealis the cleaning catalog). "I" is the sales rep Sam Salesrep.
/// </summary>
[Binding]
public sealed class OrderingOnBehalfSteps : IAsyncDisposable
{
    private static readonly Actor Administrator = new("staff-admin", "Ada Administrator", null, new HashSet<string> { Roles.Administrator });

    private readonly Dictionary<string, string> _products = new(StringComparer.Ordinal)
    {
        ["hammer"] = OrderingWorld.Hammer, ["hammers"] = OrderingWorld.Hammer,
        ["bolts"] = OrderingWorld.Bolts, ["mop"] = OrderingWorld.Mop,
    };

    private OrderingWorld? _world;
    private Exception? _refusal;
    private PlaceOrderResult? _placed;

    private OrderingWorld World => _world ?? throw new InvalidOperationException("No world: start with a Given.");

    [Given("I am the sales rep of Acme")]
    public async Task GivenRepOfAcme()
    {
        _world = await OrderingWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = World.Database.CreateContext();
        foreach (var staff in new[] { OrderingWorld.SalesRep, Administrator })
        {
            var user = PortalUser.CreateStaff($"{staff.UserId}@b2bportal.example", staff.DisplayName, World.Clock.GetUtcNow());
            user.Id = staff.UserId;
            db.Users.Add(user);
        }

        (await db.Companies.SingleAsync(c => c.Id == World.CompanyA)).AssignSalesRep(OrderingWorld.SalesRep.UserId);
        (await db.Companies.SingleAsync(c => c.Id == World.CompanyB)).AssignSalesRep("another-rep");
        await db.SaveChangesAsync();
    }

    [Given(@"Alice Buyer may order at most EUR (\d+) without approval")]
    public Task GivenLimit(decimal amount) => World.WithAsync(async sp =>
    {
        var db = sp.GetRequiredService<PortalDbContext>();
        db.SpendingLimits().Add(new SpendingLimit(World.CompanyA, World.BuyerA.UserId, SpendingLimitKind.OrderLimit, Money.Of(amount, "EUR"), World.AdminA, World.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    });

    [Given("I have started a cart for Alice Buyer of Acme")]
    public Task GivenStarted() => World.WithAsync(sp => sp.GetRequiredService<OrderingOnBehalf>().StartAsync(OrderingWorld.SalesRep, World.CompanyA, World.BuyerA.UserId, CancellationToken.None));

    [Given("Acme is given to another sales rep")]
    public async Task GivenReassigned()
    {
        await using var db = World.Database.CreateContext();
        (await db.Companies.SingleAsync(c => c.Id == World.CompanyA)).AssignSalesRep("another-rep");
        await db.SaveChangesAsync();
    }

    [When(@"I order (\d+) (\w+) for (.+) of (Acme|Borealis)")]
    public Task WhenIOrder(decimal quantity, string product, string buyer, string company) => OrderAsync(OrderingWorld.SalesRep, quantity, product, buyer, company);

    [When(@"the administrator orders (\d+) (\w+) for (.+) of (Acme|Borealis)")]
    public Task WhenAdminOrders(decimal quantity, string product, string buyer, string company) => OrderAsync(Administrator, quantity, product, buyer, company);

    [When(@"I try to add (\d+) (\w+) for (.+) of (Acme|Borealis)")]
    public async Task WhenITryToAdd(decimal quantity, string product, string buyer, string company)
    {
        _refusal = await Record.ExceptionAsync(() => World.WithAsync(async sp =>
        {
            var onBehalf = sp.GetRequiredService<OrderingOnBehalf>();
            if (await onBehalf.CurrentAsync(OrderingWorld.SalesRep, CancellationToken.None) is null)
            {
                await onBehalf.StartAsync(OrderingWorld.SalesRep, CompanyOf(company), BuyerOf(buyer).UserId, CancellationToken.None);
            }

            var session = await onBehalf.RequireAsync(OrderingWorld.SalesRep, CancellationToken.None);
            await sp.GetRequiredService<CartService>().AddAsync(session.CartActor, _products[product], quantity, CancellationToken.None);
        }));
    }

    [When(@"I try to start a cart for (.+) of (Acme|Borealis)")]
    public async Task WhenITryToStart(string buyer, string company) =>
        _refusal = await Record.ExceptionAsync(() => World.WithAsync(sp =>
            sp.GetRequiredService<OrderingOnBehalf>().StartAsync(OrderingWorld.SalesRep, CompanyOf(company), BuyerOf(buyer).UserId, CancellationToken.None)));

    [Then(@"(Alice Buyer|Bianca Buyer) has the order, at (?:Acme|Borealis)'s price of EUR (.*) an? (\w+)")]
    public async Task ThenBuyerHasOrder(string buyer, decimal price, string product)
    {
        await using var db = World.Database.CreateContext();
        var order = await db.Orders().Include(o => o.Lines).SingleAsync(o => o.Number == _placed!.OrderNumber);
        Assert.Equal(BuyerOf(buyer).UserId, order.PlacedByUserId);
        Assert.Equal(BuyerOf(buyer).CompanyId, order.CompanyId);
        Assert.NotNull(order.PlacedOnBehalfByName);
        Assert.Equal(_products[product], order.Lines.Single().Sku);
        Assert.Equal(price, order.Lines.Single().UnitPrice);
    }

    [Then(@"its history says ""(.*)""")]
    public async Task ThenHistorySays(string text)
    {
        await using var db = World.Database.CreateContext();
        var order = await db.Orders().Include(o => o.History).SingleAsync(o => o.Number == _placed!.OrderNumber);
        var first = order.History.OrderBy(h => h.Id).First();
        Assert.StartsWith(text, first.Reason, StringComparison.Ordinal);
        Assert.Equal(OrderingWorld.SalesRep.UserId, first.ActorId);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == order.Number && a.ActorId == OrderingWorld.SalesRep.UserId && a.After!.Contains(text)));
    }

    [Then(@"Alice Buyer is told by e-mail that (.+) placed it for her")]
    public void ThenMailed(string rep)
    {
        var mail = Assert.Single(World.Mailer.Sent, m => m.To == "buyer@a.example");
        Assert.EndsWith($"for you by {rep}", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"{rep} placed this order for you", mail.TextBody, StringComparison.Ordinal);
    }

    [Then("the order waits for approval in Acme")]
    public void ThenPendingApproval() => Assert.Equal(OrderState.PendingApproval, _placed!.State);

    [Then(@"I am refused with ""(.*)""")]
    public void ThenRefused(string message)
    {
        Assert.NotNull(_refusal);
        Assert.IsType<DomainException>(_refusal);
        Assert.Contains(message, _refusal!.Message, StringComparison.Ordinal);
    }

    [Then(@"(Alice Buyer|Bianca Buyer) has no order")]
    public async Task ThenNoOrder(string buyer)
    {
        await using var db = World.Database.CreateContext();
        Assert.False(await db.Orders().AnyAsync(o => o.PlacedByUserId == BuyerOf(buyer).UserId));
    }

    private async Task OrderAsync(Actor staff, decimal quantity, string product, string buyer, string company) =>
        _placed = await World.WithAsync(async sp =>
        {
            var onBehalf = sp.GetRequiredService<OrderingOnBehalf>();
            var session = await onBehalf.StartAsync(staff, CompanyOf(company), BuyerOf(buyer).UserId, CancellationToken.None);
            await sp.GetRequiredService<CartService>().AddAsync(session.CartActor, _products[product], quantity, CancellationToken.None);
            return await sp.GetRequiredService<PlaceOrder>().ExecuteOnBehalfAsync(session, new PlaceOrderCommand(null, null, null, null, null, null, null), CancellationToken.None);
        });

    private int CompanyOf(string company) => company == "Acme" ? World.CompanyA : World.CompanyB;

    private Actor BuyerOf(string name) => name switch
    {
        "Alice Buyer" => World.BuyerA,
        "Bianca Buyer" => World.BuyerB,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
