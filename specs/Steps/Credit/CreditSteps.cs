using System.Globalization;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Ordering;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Credit;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TechTalk.SpecFlow;

namespace B2BPortal.Specs.Steps.Credit;

/// <summary>
/// Thin steps over credit control (the credit check at placement, CreditReview, CreditAccountActions) on a fresh SQLite
/// database per scenario: Acme and its buyer, hammers at EUR 19.90; the ERP's figures written as CustomerSync writes them.
/// </summary>
[Binding]
public sealed class CreditSteps : IAsyncDisposable
{
    private OrderingWorld? _world;
    private DueDateFormula? _formula;
    private DateOnly _invoiceDate;
    private DomainException? _refusal;
    private PlaceOrderResult? _placed;

    private OrderingWorld World => _world ?? throw new InvalidOperationException("No world: start with a Given.");

    [Given(@"the payment terms ""(.*)""")]
    public void GivenTerms(string terms) => _refusal = Catch(() => _formula = DueDateFormula.Parse(terms));

    [When(@"an invoice is dated (\S+)")]
    public void WhenDated(string date) => _invoiceDate = DateOnly.Parse(date, CultureInfo.InvariantCulture);

    [Then(@"it falls due on (\S+)")]
    public void ThenDue(string date) => Assert.Equal(DateOnly.Parse(date, CultureInfo.InvariantCulture), _formula!.Apply(_invoiceDate));

    [Then(@"the terms are refused with ""(.*)""")]
    public void ThenTermsRefused(string message) => Assert.Contains(message.Replace("\\\"", "\"", StringComparison.Ordinal), Refusal().Message, StringComparison.Ordinal);

    [Given(@"orders awaiting approval (do|do not) count towards exposure")]
    public async Task GivenPendingApprovalCounts(string setting) =>
        _world = await CreditTestData.WorldAsync(DatabaseProvider.Sqlite, ("CountPendingApproval", setting == "do" ? "true" : "false"));

    [Given(@"Acme's credit limit in the ERP is EUR (\d+)")]
    public async Task GivenLimit(decimal limit) => await CreditTestData.ErpTermsAsync(await WorldAsync(), World.CompanyA, limit);

    [Given("Acme's payment terms in the ERP are prepaid")]
    public async Task GivenPrepaid() => await CreditTestData.ErpTermsAsync(await WorldAsync(), World.CompanyA, 0m, "PREPAID", "");

    [Given("Acme's credit policy is hard")]
    public Task GivenHard() => CreditTestData.PolicyAsync(World, World.CompanyA, CreditPolicy.Hard);

    [Given(@"Acme has an open invoice ""(.*)"" of EUR (\d+) due (in|) ?(\d+) days( ago|)")]
    public async Task GivenInvoice(string number, decimal amount, string _, int days, string ago) =>
        await CreditTestData.InvoiceAsync(await WorldAsync(), World.CompanyA, number, World.Clock.Today().AddDays(ago.Length > 0 ? -days : days), amount);

    [Given(@"Acme's buyer needs approval above EUR (\d+)")]
    public async Task GivenApprovalLimit(decimal amount)
    {
        await using var db = World.Database.CreateContext();
        db.SpendingLimits().Add(new SpendingLimit(World.CompanyA, World.BuyerA.UserId, SpendingLimitKind.OrderLimit, Money.Of(amount, "EUR"), World.AdminA, World.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    [Given(@"Acme's buyer has placed an order of (\d+) hammers?")]
    [When(@"Acme's buyer places an order of (\d+) hammers?")]
    public async Task WhenPlaces(decimal quantity)
    {
        _placed = null;
        _refusal = await CatchAsync(async () => _placed = await CreditTestData.PlaceAsync(await WorldAsync(), World.BuyerA, (OrderingWorld.Hammer, quantity)));
    }

    [When(@"the ERP invoices that order as ""(.*)"" for EUR ([\d.]+)")]
    public Task WhenInvoiced(string number, decimal amount) =>
        CreditTestData.InvoiceAsync(World, World.CompanyA, number, World.Clock.Today().AddDays(30), amount, _placed!.OrderNumber);

    [When("the daily credit review runs")]
    public Task WhenReviewRuns() => World.WithAsync(sp => sp.GetRequiredService<CreditReview>().RunAsync(CancellationToken.None));

    [When(@"Acme pays invoice ""(.*)""")]
    public Task WhenPays(string number) => CreditTestData.PayAsync(World, number);

    [When(@"the accountant overrides Acme's limit with EUR (-?\d+) because ""(.*)""")]
    public async Task WhenOverrides(decimal limit, string reason) => _refusal = await CatchAsync(() => World.WithAsync(sp =>
        sp.GetRequiredService<CreditAccountActions>().SetOverrideAsync(OrderingWorld.Accountant, World.CompanyA, limit, null, reason, CancellationToken.None)));

    [When(@"the accountant removes Acme's override because ""(.*)""")]
    public Task WhenRemoves(string reason) => World.WithAsync(sp =>
        sp.GetRequiredService<CreditAccountActions>().RemoveOverrideAsync(OrderingWorld.Accountant, World.CompanyA, reason, CancellationToken.None));

    [Then(@"Acme's exposure is EUR ([\d.]+)")]
    public async Task ThenExposure(decimal amount) => Assert.Equal(Money.Of(amount, "EUR"), (await StandingAsync()).Exposure.Total);

    [Then(@"it is made of open invoices EUR ([\d.]+) and orders not yet invoiced EUR ([\d.]+)")]
    public async Task ThenMadeOf(decimal invoices, decimal orders)
    {
        var exposure = (await StandingAsync()).Exposure;
        Assert.Equal((Money.Of(invoices, "EUR"), Money.Of(orders, "EUR")), (exposure.OpenInvoices, exposure.OrdersNotInvoiced));
    }

    [Then(@"Acme's available credit is EUR ([\d.]+)")]
    public async Task ThenAvailable(decimal amount) => Assert.Equal(Money.Of(amount, "EUR"), (await StandingAsync()).Available);

    [Then(@"the limit that applies to Acme is (EUR [\d,.]+)")]
    public async Task ThenLimit(string limit) => Assert.Equal(limit, (await StandingAsync()).Limit?.ToString());

    [Then("the order is placed")]
    public void ThenPlaced() => Assert.Equal(OrderState.Placed, Placed().State);

    [Then("the order waits in credit hold")]
    public void ThenHeld() => Assert.Equal(OrderState.CreditHold, Placed().State);

    [Then(@"the hold reason mentions ""(.*)""")]
    public async Task ThenHoldReason(string text) =>
        Assert.Contains(text, (await CreditTestData.LastAsync(World, Placed().OrderNumber)).Reason, StringComparison.Ordinal);

    [Then(@"the order is refused with ""(.*)""")]
    public void ThenOrderRefused(string text) => Assert.Contains(text, Refusal().Message, StringComparison.Ordinal);

    [Then(@"the override is refused with ""(.*)""")]
    public void ThenOverrideRefused(string text) => Assert.Contains(text, Refusal().Message, StringComparison.Ordinal);

    [Then("Acme has no orders")]
    public async Task ThenNoOrders()
    {
        await using var db = World.Database.CreateContext();
        Assert.Equal(0, await db.Orders().CountAsync());
    }

    [Then("Acme's credit account is (on hold|active)")]
    public async Task ThenAccountState(string state) =>
        Assert.Equal(state == "active" ? CreditAccountState.Active : CreditAccountState.OnHold, (await StandingAsync()).State);

    [Then(@"Acme's credit history reads ""(.*)""")]
    public async Task ThenHistory(string after)
    {
        await using var db = World.Database.CreateContext();
        var id = World.CompanyA.ToString(CultureInfo.InvariantCulture);
        Assert.Contains(after, await db.Set<AuditEntry>().Where(a => a.EntityType == CreditLedger.EntityType && a.EntityId == id).Select(a => a.After).ToListAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    private async Task<OrderingWorld> WorldAsync() => _world ??= await CreditTestData.WorldAsync(DatabaseProvider.Sqlite);

    private Task<CreditStanding> StandingAsync() => CreditTestData.StandingAsync(World, World.CompanyA);

    private PlaceOrderResult Placed() => _placed ?? throw new InvalidOperationException("No order was placed: " + _refusal?.Message);

    private DomainException Refusal() => _refusal ?? throw new InvalidOperationException("Nothing was refused.");

    private static DomainException? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (DomainException ex)
        {
            return ex;
        }
    }

    private static async Task<DomainException?> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (DomainException ex)
        {
            return ex;
        }
    }
}
