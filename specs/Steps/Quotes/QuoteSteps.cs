using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Quotes;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Ordering;
using B2BPortal.Tests.Quotes;
using Microsoft.EntityFrameworkCore;
using TechTalk.SpecFlow;
using Xunit;

namespace B2BPortal.Specs.Steps.Quotes;

/// <summary>Thin steps over the quote use cases (QuoteService, ConvertQuote) on a fresh SQLite database per scenario (QuoteFlows).</summary>
[Binding]
public sealed class QuoteSteps : IAsyncDisposable
{
    private static readonly Actor Accountant = new("staff-accountant", "Anna Accountant", null, new HashSet<string> { Roles.Accountant });

    private OrderingWorld? _world;
    private string _number = string.Empty;
    private Exception? _refusal;
    private int _boltsLine;

    private OrderingWorld World => _world ?? throw new InvalidOperationException("No world: start with a Given.");

    [Given(@"a quote of Acme that is ""(.*)""")]
    public async Task GivenQuoteInState(QuoteState state)
    {
        _world ??= await QuoteFlows.CreateAsync(DatabaseProvider.Sqlite);
        if (state is QuoteState.Sent or QuoteState.RevisionRequested)
        {
            _number = await QuoteFlows.SentQuoteAsync(World, 18m);
            if (state == QuoteState.RevisionRequested)
            {
                await QuoteFlows.ActAsync(World, World.BuyerA, _number, QuoteTrigger.RequestRevision);
            }

            return;
        }

        _number = await QuoteFlows.RequestAsync(World);
        if (state == QuoteState.Submitted)
        {
            return;
        }

        await QuoteFlows.ActAsync(World, OrderingWorld.SalesRep, _number, QuoteTrigger.StartReview);
        if (state is QuoteState.PendingInternalApproval or QuoteState.Approved)
        {
            await QuoteFlows.ActAsync(World, OrderingWorld.SalesRep, _number, QuoteTrigger.RequestApproval);
        }

        if (state == QuoteState.Approved)
        {
            await QuoteFlows.ActAsync(World, QuoteFlows.Approver, _number, QuoteTrigger.Approve);
        }
    }

    [Given(@"a quote of Acme sent valid until (\d{4}-\d{2}-\d{2})")]
    public async Task GivenSentUntil(string date)
    {
        _world ??= await QuoteFlows.CreateAsync(DatabaseProvider.Sqlite);
        _number = await QuoteFlows.SentQuoteAsync(World, 17.50m, DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [Given(@"my margin floor is (\d+) %")]
    public async Task GivenFloor(decimal percent)
    {
        _world ??= await QuoteFlows.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = World.Database.CreateContext();
        db.MarginFloors().Add(new MarginFloor(OrderingWorld.SalesRep.UserId, null, percent));
        await db.SaveChangesAsync();
    }

    [Given(@"a quote of Acme for hammers costing EUR (\d+) that I price at EUR (\d+)")]
    public async Task GivenPricedQuote(decimal cost, decimal price)
    {
        await QuoteFlows.SetHammerCostAsync(World, cost);
        (_number, var seen, var line) = await QuoteFlows.InReviewAsync(World);
        await QuoteFlows.ReviseAsync(World, OrderingWorld.SalesRep, _number, seen, [new QuoteLineTerms(line, 2, null, price, null, [])]);
    }

    [Given(@"a quote of Acme for hammers and bolts that I send (allowing partial acceptance|as a whole)")]
    public async Task GivenTwoLineQuote(string how)
    {
        _world ??= await QuoteFlows.CreateAsync(DatabaseProvider.Sqlite);
        (_number, _, _boltsLine) = await QuoteFlows.TwoLineSentQuoteAsync(World, 17.50m, allowPartial: how == "allowing partial acceptance");
    }

    [When("the buyer accepts only the bolts")]
    public Task WhenAcceptsOnlyBolts() => AcceptBoltsAsync(1);

    [When("the buyer accepts only the bolts twice")]
    public Task WhenAcceptsOnlyBoltsTwice() => AcceptBoltsAsync(2);

    private async Task AcceptBoltsAsync(int times)
    {
        _refusal = await Record.ExceptionAsync(() => Task.WhenAll(Enumerable.Range(0, times)
            .Select(i => QuoteFlows.AcceptLinesAsync(World, i == 0 ? World.BuyerA : World.SecondBuyerA, _number, 1, [_boltsLine]))));
    }

    [Then(@"there is one order, with only the bolts at EUR (.*)")]
    public async Task ThenOneOrderOfBolts(decimal price)
    {
        Assert.Null(_refusal);
        await using var db = World.Database.CreateContext();
        var line = (await db.Orders().Include(o => o.Lines).SingleAsync()).Lines.Single();
        Assert.Equal((OrderingWorld.Bolts, price), (line.Sku, line.UnitPrice));
    }

    [Given(@"the hammer's list price rises to EUR (\d+)")]
    public async Task GivenListPrice(decimal price)
    {
        await using var db = World.Database.CreateContext();
        (await db.Products.SingleAsync(p => p.Sku == OrderingWorld.Hammer)).SetListPrice(Money.Of(price, "EUR"));
        await db.SaveChangesAsync();
    }

    [When(@"the (.*) tries to (.*) the quote")]
    public async Task WhenActorTries(string actor, string action)
    {
        var who = actor switch
        {
            "buyer" => World.BuyerA,
            "sales rep" => OrderingWorld.SalesRep,
            "administrator" => QuoteFlows.Approver,
            "accountant" => Accountant,
            "buyer of another company" => World.BuyerB,
            _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, null),
        };
        _refusal = await Record.ExceptionAsync(() => action == "accept"
            ? QuoteFlows.AcceptAsync(World, who, _number, 1)
            : QuoteFlows.ActAsync(World, who, _number, Enum.GetValues<QuoteTrigger>().Single(t => QuoteWorkflow.Label(t) == action), validUntil: new DateOnly(2026, 12, 31)));
    }

    [When(@"the buyer accepts it at (.*)")]
    public async Task WhenAcceptsAt(string at)
    {
        World.Clock.SetUtcNow(DateTimeOffset.ParseExact(at + "Z", "yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture));
        _refusal = await Record.ExceptionAsync(() => QuoteFlows.AcceptAsync(World, World.BuyerA, _number, 1));
    }

    [When("the buyer accepts it twice")]
    public async Task WhenAcceptsTwice()
    {
        await Task.WhenAll(QuoteFlows.AcceptAsync(World, World.BuyerA, _number, 1), QuoteFlows.AcceptAsync(World, World.SecondBuyerA, _number, 1));
    }

    [Then(@"the quote is ""(.*)""")]
    public async Task ThenState(QuoteState state)
    {
        await using var db = World.Database.CreateContext();
        Assert.Equal(state, await db.Quotes().Where(q => q.Number == _number).Select(q => q.State).SingleAsync());
    }

    [Then(@"that is refused with ""(.*)""")]
    public void ThenRefused(string message)
    {
        Assert.NotNull(_refusal);
        Assert.Contains(message, _refusal!.Message, StringComparison.Ordinal);
    }

    [Then(@"there is one order, with hammers at EUR (.*) and the price source naming the quote")]
    public async Task ThenOneOrder(decimal price)
    {
        await using var db = World.Database.CreateContext();
        var order = await db.Orders().Include(o => o.Lines).SingleAsync();
        Assert.Equal(price, order.Lines.Single().UnitPrice);
        Assert.Contains(_number, order.Lines.Single().PriceSource, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
