using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Ordering;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TechTalk.SpecFlow;

namespace B2BPortal.Specs.Steps.Ordering;

/// <summary>
/// Thin steps over the ordering use cases (CartService, OrderLineImport, PlaceOrder, OrderActions, IOrderStatusUpdates)
/// on a fresh SQLite database per scenario: two companies, bolts in packs of 12, hammers at EUR 19.90.
/// </summary>
[Binding]
public sealed class OrderingSteps : IAsyncDisposable
{
    private OrderingWorld? _world;
    private Exception? _refusal;
    private ImportResult? _import;
    private PlaceOrderResult? _placed;

    /// <summary>The scenario's world, for the other ordering bindings (InvoicingSteps).</summary>
    internal OrderingWorld World => _world ?? throw new InvalidOperationException("No world: start with a Given.");

    /// <summary>The order the scenario placed.</summary>
    internal string OrderNumber => _placed?.OrderNumber ?? throw new InvalidOperationException("No order: place one first.");

    [Given("a buyer of Acme with an empty cart")]
    public async Task GivenABuyer() => _world ??= await OrderingWorld.CreateAsync(DatabaseProvider.Sqlite);

    [Given(@"the buyer's order limit is EUR (\d+)")]
    public Task GivenOrderLimit(decimal amount) => SetLimitAsync(World.BuyerA.UserId, SpendingLimitKind.OrderLimit, amount);

    [Given(@"the company's monthly budget is EUR (\d+)")]
    public Task GivenCompanyBudget(decimal amount) => SetLimitAsync(null, SpendingLimitKind.MonthlyBudget, amount);

    [Given(@"the cart holds (\d+) of ""(.*)""")]
    public Task GivenCartHolds(decimal quantity, string sku) => AddAsync(World.BuyerA, sku, quantity);

    [Given(@"another buyer of Acme has placed an order of (\d+) of ""(.*)"" this month")]
    public async Task GivenAnotherBuyerPlaced(decimal quantity, string sku)
    {
        await AddAsync(World.SecondBuyerA, sku, quantity);
        await PlaceAsync(World.SecondBuyerA);
    }

    [Given("the buyer has placed the order")]
    public async Task GivenPlaced() => _placed = await PlaceAsync(World.BuyerA);

    [Given(@"an order of Acme in state ""(.*)""")]
    public async Task GivenOrderInState(OrderState state)
    {
        await GivenABuyer();
        if (state is OrderState.PendingApproval or OrderState.Rejected)
        {
            await GivenOrderLimit(1);
        }

        await AddAsync(World.BuyerA, OrderingWorld.Hammer, 1);
        _placed = await PlaceAsync(World.BuyerA);
        switch (state)
        {
            case OrderState.CreditHold:
                await ActAsync(OrderingWorld.Accountant, OrderTrigger.HoldForCredit, "Overdue invoices");
                break;
            case OrderState.Rejected:
                await ActAsync(World.AdminA, OrderTrigger.Reject, "No");
                break;
            case OrderState.Confirmed:
                await World.WithAsync(sp => sp.GetRequiredService<IOrderStatusUpdates>()
                    .SubmittedToErpAsync(_placed.OrderNumber, "erp-1", "SO-1", World.Clock.GetUtcNow(), CancellationToken.None));
                break;
            case OrderState.Shipped:
                // The ERP's own van: a delivery note, no courier, no tracking number.
                await World.WithAsync(async sp =>
                {
                    var updates = sp.GetRequiredService<IOrderStatusUpdates>();
                    await updates.SubmittedToErpAsync(_placed.OrderNumber, "erp-1", "SO-1", World.Clock.GetUtcNow(), CancellationToken.None);
                    await updates.ShipmentChangedAsync(_placed.OrderNumber,
                        new ShipmentNotice("", "", ShipmentState.PreTransit, World.Clock.GetUtcNow(), true, null, "S-SHP-1"), CancellationToken.None);
                });
                break;
            default:
                break;
        }

        Assert.Equal(state, await StateAsync());
    }

    [When(@"the buyer adds (\d+) of ""(.*)"" to the cart")]
    public async Task WhenAdds(decimal quantity, string sku) => _refusal = await CatchAsync(() => AddAsync(World.BuyerA, sku, quantity));

    [When("the buyer checks the quick-order lines")]
    public Task WhenChecks(Table table) => CheckAsync(table, round: false);

    [When("the buyer checks the quick-order lines, rounding to valid quantities")]
    public Task WhenChecksRounding(Table table) => CheckAsync(table, round: true);

    [When("the buyer places the order")]
    public async Task WhenPlaces() => _placed = await PlaceAsync(World.BuyerA);

    [When(@"the BuyerAdmin approves it with ""(.*)""")]
    public async Task WhenApproves(string comment) => _refusal = await CatchAsync(() => ActAsync(World.AdminA, OrderTrigger.Approve, comment));

    [When(@"the BuyerAdmin rejects it with ""(.*)""")]
    public async Task WhenRejects(string comment) => _refusal = await CatchAsync(() => ActAsync(World.AdminA, OrderTrigger.Reject, comment));

    [When(@"the (buyer|BuyerAdmin|buyer of another company|accountant|sales rep) tries to (cancel|cancel quietly|hold for credit|release credit|approve|confirm delivery|confirm delivery without a note)")]
    public async Task WhenActorTries(string who, string action)
    {
        var actor = who switch
        {
            "buyer" => World.BuyerA,
            "BuyerAdmin" => World.AdminA,
            "buyer of another company" => World.BuyerB,
            "accountant" => OrderingWorld.Accountant,
            _ => OrderingWorld.SalesRep,
        };
        var (trigger, reason) = action switch
        {
            "cancel" => (OrderTrigger.Cancel, actor.IsStaff ? "Customer asked by phone" : null),
            "cancel quietly" => (OrderTrigger.Cancel, (string?)null),
            "hold for credit" => (OrderTrigger.HoldForCredit, "Overdue invoices"),
            "release credit" => (OrderTrigger.ReleaseCredit, "Paid"),
            "confirm delivery" => (OrderTrigger.ConfirmDelivery, "Signed delivery note S-SHP-1"),
            "confirm delivery without a note" => (OrderTrigger.ConfirmDelivery, (string?)null),
            _ => (OrderTrigger.Approve, "ok"),
        };
        _refusal = await CatchAsync(() => ActAsync(actor, trigger, reason));
    }

    [Then(@"it is refused with ""(.*)""")]
    public void ThenRefused(string message)
    {
        Assert.NotNull(_refusal);
        Assert.Contains(message, _refusal.Message, StringComparison.Ordinal);
        _refusal = null;
    }

    [Then("the cart is empty")]
    public async Task ThenCartEmpty()
    {
        await using var db = World.Database.CreateContext();
        Assert.Equal(0, await db.Set<CartLine>().CountAsync());
    }

    [Then(@"the cart holds (\d+) of ""(.*)""")]
    public async Task ThenCartHolds(decimal quantity, string sku)
    {
        Assert.Null(_refusal);
        var id = await World.ProductIdAsync(sku);
        await using var db = World.Database.CreateContext();
        Assert.Equal(quantity, await db.Set<CartLine>().Where(l => l.ProductId == id).Select(l => l.Quantity).SingleAsync());
    }

    [Then(@"line (\d+) is ""(.*)"" with suggestion (\d+)")]
    public void ThenLineWithSuggestion(int line, ImportOutcome outcome, decimal suggestion)
    {
        Assert.Equal(outcome, _import!.Lines[line - 1].Outcome);
        Assert.Equal(suggestion, _import.Lines[line - 1].Suggestion);
    }

    [Then(@"line (\d+) is ""([A-Za-z]+)""$")]
    public void ThenLine(int line, ImportOutcome outcome) => Assert.Equal(outcome, _import!.Lines[line - 1].Outcome);

    [Then(@"line (\d+) is ""(.*)"" with quantity (\d+)")]
    public void ThenLineWithQuantity(int line, ImportOutcome outcome, decimal quantity)
    {
        Assert.Equal(outcome, _import!.Lines[line - 1].Outcome);
        Assert.Equal(quantity, _import.Lines[line - 1].Quantity);
    }

    [Then(@"the order is ""(.*)""")]
    public async Task ThenOrderIs(OrderState state)
    {
        Assert.Null(_refusal);
        Assert.Equal(state, await StateAsync());
    }

    [Then(@"the approval reason mentions ""(.*)""")]
    public async Task ThenReasonMentions(string text)
    {
        await using var db = World.Database.CreateContext();
        var reason = await db.Orders().Where(o => o.Number == _placed!.OrderNumber).Select(o => o.ApprovalReason).SingleAsync();
        Assert.Contains(text, reason, StringComparison.Ordinal);
    }

    [Then("the order is queued for the ERP")]
    public async Task ThenQueued() => Assert.Equal(1, await OutboxCountAsync());

    [Then("the order is not queued for the ERP")]
    public async Task ThenNotQueued() => Assert.Equal(0, await OutboxCountAsync());

    [Then("the company's approvers are mailed")]
    public void ThenApproversMailed() => Assert.Contains(World.Mailer.Sent, m => m.To == "admin@a.example" && m.Subject.Contains(_placed!.OrderNumber, StringComparison.Ordinal));

    [Then(@"the buyer is mailed about ""(.*)""")]
    public void ThenBuyerMailed(string state) => Assert.Contains(World.Mailer.Sent, m => m.To == "buyer@a.example" && m.Subject == $"Order {_placed!.OrderNumber}: {state}");

    [Then("its history reads")]
    public async Task ThenHistory(Table table)
    {
        await using var db = World.Database.CreateContext();
        var history = await db.Orders().Where(o => o.Number == _placed!.OrderNumber).SelectMany(o => o.History)
            .OrderBy(h => h.Id).Select(h => new { h.To, h.ActorName, h.At }).ToListAsync();
        Assert.Equal(table.Rows.Select(r => (r["to"], r["by"])), history.Select(h => (h.To.ToString(), h.ActorName)));
        Assert.All(history, h => Assert.NotEqual(default, h.At));
    }

    [AfterScenario]
    public async Task AfterScenario() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
            _world = null;
        }
    }

    private async Task CheckAsync(Table table, bool round)
    {
        var rows = table.Rows.Select((r, i) => new RawOrderLine(i + 1, r["SKU"], r["Quantity"])).ToList();
        _import = await World.WithAsync(sp => sp.GetRequiredService<OrderLineImport>().ValidateAsync(World.CompanyA, rows, round, CancellationToken.None));
    }

    private Task AddAsync(Actor buyer, string sku, decimal quantity) =>
        World.WithAsync(sp => sp.GetRequiredService<CartService>().AddAsync(buyer, sku, quantity, CancellationToken.None));

    private Task<PlaceOrderResult> PlaceAsync(Actor buyer) =>
        World.WithAsync(sp => sp.GetRequiredService<PlaceOrder>().ExecuteAsync(buyer, new PlaceOrderCommand(null, null, null, null, null, null, null), CancellationToken.None));

    private Task<Order> ActAsync(Actor actor, OrderTrigger trigger, string? reason) =>
        World.WithAsync(sp => sp.GetRequiredService<OrderActions>().ExecuteAsync(actor, _placed!.OrderNumber, trigger, reason, CancellationToken.None));

    private async Task<OrderState> StateAsync()
    {
        await using var db = World.Database.CreateContext();
        return await db.Orders().Where(o => o.Number == _placed!.OrderNumber).Select(o => o.State).SingleAsync();
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var db = World.Database.CreateContext();
        return await db.OutboxMessages.CountAsync(m => m.IdempotencyKey == OrderPlacedMessage.IdempotencyKey(_placed!.OrderNumber));
    }

    private Task SetLimitAsync(string? userId, SpendingLimitKind kind, decimal amount) =>
        World.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            db.SpendingLimits().Add(new SpendingLimit(World.CompanyA, userId, kind, Money.Of(amount, "EUR"), World.AdminA, World.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        });

    private static async Task<Exception?> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex) when (ex is DomainException or OrderNotFoundException)
        {
            return ex;
        }
    }
}
