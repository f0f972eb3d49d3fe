using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Pricing;
using Microsoft.EntityFrameworkCore;
using TechTalk.SpecFlow;

namespace B2BPortal.Specs.Steps.Pricing;

/// <summary>
/// Steps for specs/Features/Pricing: each scenario gets its own SQLite database (PricingWorld: products P-n at 100 EUR,
/// customers C1 and C2 in EUR, CH in CHF, group G holding C1) and prices through the real TieredPriceResolver.
/// </summary>
[Binding]
public sealed class PricingSteps : IAsyncDisposable
{
    private static readonly DateOnly DefaultDate = new(2026, 6, 15);

    private PricingWorld? _world;
    private (int Company, string Sku, decimal Quantity, DateOnly Date) _last;
    private ResolvedPrice? _price;
    private QuantityCheck? _check;
    private Exception? _refusal;

    private PricingWorld World => _world ?? throw new InvalidOperationException("Start with: Given products \"P-1\" to \"P-n\" …");

    [Given(@"products ""P-1"" to ""P-(\d+)"" with an ERP list price of 100 EUR")]
    public async Task GivenProducts(int count) => _world = await PricingWorld.CreateAsync(DatabaseProvider.Sqlite, count);

    [Given(@"customer ""(C1|C2|CH)"" buys in (\w{3})(?: and is in group ""G"")?")]
    public static void GivenCustomer(string customer, string currency)
    {
        // The world has these customers; the step states them for the reader and checks the world agrees.
        var expected = customer == "CH" ? "CHF" : "EUR";
        Assert.Equal(expected, currency);
    }

    [Given(@"the (Base|Group|Customer|Contract) list ""(.*)"" in (\w{3}) with priority (\d+) and tiers:")]
    public async Task GivenList(PriceListLevel level, string code, string currency, int priority, Table tiers) =>
        await World.ListAsync(code, level, priority, currency, tiers.Rows
            .Select(r => (r["sku"], decimal.Parse(r["from"], CultureInfo.InvariantCulture), decimal.Parse(r["price"], CultureInfo.InvariantCulture)))
            .ToArray());

    [Given(@"""(.*)"" is valid from (\S+) to (\S+)")]
    public async Task GivenValidity(string code, string from, string to)
    {
        await using var db = World.Context();
        var list = await db.Set<PriceList>().SingleAsync(l => l.Code == code);
        list.Update(list.Name, list.Priority, Date(from), Date(to));
        await db.SaveChangesAsync();
    }

    /// <summary>A precondition: if the assignment breaks a rule, the scenario fails here instead of passing on a world it did not build.</summary>
    [Given(@"""(.*)"" is assigned to (customer|group) ""(.*)""(?: from (\S+) to (\S+))?")]
    public Task GivenAssigned(string code, string kind, string target, string? from, string? to) =>
        AssignAsync(code, kind == "customer" ? Company(target) : null, kind == "group" ? World.GroupG : null, Date(from), Date(to));

    /// <summary>The action under test: a refusal is recorded for the Then steps to check.</summary>
    [When(@"""(.*)"" is assigned to (customer|group) ""(.*)""(?: from (\S+) to (\S+))?")]
    public async Task WhenAssigned(string code, string kind, string target, string? from, string? to)
    {
        _refusal = null;
        try
        {
            await GivenAssigned(code, kind, target, from, to);
        }
        catch (DomainException e)
        {
            _refusal = e;
        }
    }

    [Given(@"""(.*)"" is assigned to the customer or its group ""(.*)""")]
    public async Task GivenAssignedToCustomerOrGroup(string code, string customer)
    {
        await using var db = World.Context();
        var level = await db.Set<PriceList>().Where(l => l.Code == code).Select(l => l.Level).SingleAsync();
        if (level == PriceListLevel.Group)
        {
            await AssignAsync(code, null, World.GroupG, null, null);
        }
        else if (level != PriceListLevel.Base)
        {
            await AssignAsync(code, Company(customer), null, null, null);
        }
    }

    [Given(@"customer ""(.*)"" takes the lowest price")]
    public async Task GivenLowestPrice(string customer)
    {
        await using var db = World.Context();
        db.Add(new CustomerPricing(Company(customer), PricingStrategy.LowestPrice));
        await db.SaveChangesAsync();
    }

    [Given(@"""(.*)"" is ordered from ([\d.]+) in steps of ([\d.]+)")]
    public Task GivenSkuRule(string sku, decimal min, decimal step) => AddRuleAsync(sku, null, min, step, null);

    [Given(@"customer ""(.*)"" orders ""(.*)"" from ([\d.]+) in steps of ([\d.]+) up to ([\d.]+)")]
    public Task GivenCustomerRule(string customer, string sku, decimal min, decimal step, decimal max) => AddRuleAsync(sku, Company(customer), min, step, max);

    [Given(@"""(.*)"" comes in packs of ([\d.]+)")]
    public async Task GivenPackSize(string sku, decimal pack)
    {
        await using var db = World.Context();
        var product = await db.Products.SingleAsync(p => p.Sku == sku);
        product.SetPackSize(pack);
        await db.SaveChangesAsync();
    }

    [When(@"""(.*)"" buys ([\d.]+) of ""(.*)""(?: on (\S+))?")]
    public async Task WhenBuys(string customer, decimal quantity, string sku, string? date)
    {
        _last = (Company(customer), sku, quantity, Date(date) ?? DefaultDate);
        _price = await World.PriceAsync(_last.Company, sku, quantity, _last.Date);
    }

    [When(@"""(.*)"" orders ([\d.]+) of ""(.*)""")]
    public async Task WhenOrders(string customer, decimal quantity, string sku)
    {
        await using var db = World.Context();
        var id = World.Products[sku];
        var rule = (await new TieredPriceResolver(db).ForAsync(Company(customer), [id], CancellationToken.None))[id];
        _check = rule.Check(quantity);
    }

    [Then(@"the unit price is ([\d.]+) (\w{3})(?: from ""(.*)"")?")]
    public void ThenUnitPrice(decimal amount, string currency, string? code)
    {
        Assert.NotNull(_price);
        Assert.Equal(Money.Of(amount, currency), _price.UnitPrice);
        if (!string.IsNullOrEmpty(code))
        {
            Assert.Contains($"({code} list)", _price.Source, StringComparison.Ordinal);
        }
    }

    [Then(@"the price is the ERP list price of ([\d.]+) (\w{3})")]
    public void ThenListPrice(decimal amount, string currency)
    {
        Assert.NotNull(_price);
        Assert.Equal(Money.Of(amount, currency), _price.UnitPrice);
        Assert.Equal(PriceRules.ListPriceSource, _price.Source);
    }

    [Then("there is no price")]
    public void ThenNoPrice() => Assert.Null(_price);

    [Then(@"the trace says ""(.*)"" (?:does not apply|is not used) because ""(.*)""")]
    public async Task ThenTrace(string code, string reason)
    {
        await using var db = World.Context();
        var trace = await new TieredPriceResolver(db).ExplainAsync(_last.Company, World.Products[_last.Sku], _last.Quantity, _last.Date, CancellationToken.None);
        var list = Assert.Single(trace!.Lists, l => l.Code == code);
        Assert.NotEqual(ListVerdict.Won, list.Verdict);
        Assert.Contains(reason, list.Reason, StringComparison.Ordinal);
    }

    [Then(@"the assignment is refused with ""(.*)""")]
    public void ThenRefused(string message)
    {
        Assert.NotNull(_refusal);
        Assert.Contains(message, _refusal.Message, StringComparison.Ordinal);
    }

    [Then("the assignment is accepted")]
    public void ThenAccepted() => Assert.Null(_refusal);

    [Then("the quantity is accepted")]
    public void ThenQuantityAccepted() => Assert.True(_check!.IsValid, _check.Message);

    [Then(@"the quantity is refused with ""(.*)""")]
    public void ThenQuantityRefused(string message)
    {
        Assert.False(_check!.IsValid);
        Assert.Equal(message, _check.Message);
    }

    [AfterScenario]
    public async Task CleanUpAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
            _world = null;
        }
    }

    private async Task AssignAsync(string code, int? company, int? groupId, DateOnly? from, DateOnly? to)
    {
        await using var db = World.Context();
        var list = await db.Set<PriceList>().AsNoTracking().SingleAsync(l => l.Code == code);
        var sameLevel = await (from a in db.Set<PriceListAssignment>().AsNoTracking()
                               join l in db.Set<PriceList>().AsNoTracking() on a.PriceListId equals l.Id
                               where l.Level == list.Level && a.CompanyId == company && a.GroupId == groupId
                               select new { a, l }).ToListAsync();
        var currency = company is null ? null : await db.Companies.Where(c => c.Id == company).Select(c => c.Currency).SingleAsync();
        db.Add(PriceListAssignment.Create(list, company, groupId, from, to, sameLevel.Select(x => (x.a, x.l)), currency));
        await db.SaveChangesAsync();
    }

    private async Task AddRuleAsync(string sku, int? company, decimal min, decimal step, decimal? max)
    {
        await using var db = World.Context();
        db.Add(new QuantityRuleEntry(World.Products[sku], company, min, step, max));
        await db.SaveChangesAsync();
    }

    private int Company(string name) => name switch
    {
        "C1" => World.C1,
        "C2" => World.C2,
        "CH" => World.Chf,
        _ => throw new ArgumentException($"Unknown customer {name}; the pricing world has C1, C2 and CH."),
    };

    private static DateOnly? Date(string? text) =>
        string.IsNullOrEmpty(text) || text == "open" ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
