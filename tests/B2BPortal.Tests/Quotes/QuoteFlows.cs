using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Quotes;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Quotes;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Quotes;

/// <summary>The quote's steps over an <see cref="OrderingWorld"/>, through the use cases, for the tests and the SpecFlow steps.</summary>
public static class QuoteFlows
{
    public static readonly Actor Approver = new("staff-admin", "Ada Admin", null, new HashSet<string> { Roles.Administrator });

    public static readonly Actor Manager = new("staff-manager", "Max Manager", null, new HashSet<string> { Roles.SalesRep });

    public static Task<OrderingWorld> CreateAsync(DatabaseProvider provider) =>
        OrderingWorld.CreateAsync(provider, s => s.AddPortalQuotes(new ConfigurationBuilder().Build()));

    public static Task<string> RequestAsync(OrderingWorld world) => world.WithAsync(async sp =>
    {
        var hammer = await world.ProductIdAsync(OrderingWorld.Hammer);
        return await sp.GetRequiredService<QuoteService>().RequestAsync(world.BuyerA, [new RequestedLine(hammer, 2, 16m)], "For the new site", CancellationToken.None);
    });

    /// <summary>The ERP's unit cost of the hammer, as the stock sync would set it.</summary>
    public static async Task SetHammerCostAsync(OrderingWorld world, decimal cost)
    {
        await using var db = world.Database.CreateContext();
        (await db.Products.SingleAsync(p => p.Sku == OrderingWorld.Hammer)).SetUnitCost(cost);
        await db.SaveChangesAsync();
    }

    /// <summary>A hammer quote the sales rep has started to review: its number, the version the rep sees and its line.</summary>
    public static async Task<(string Number, int Seen, int Line)> InReviewAsync(OrderingWorld world)
    {
        var number = await RequestAsync(world);
        var seen = await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.StartReview);
        return (number, seen, await FirstLineAsync(world, number));
    }

    /// <summary>Requested, reviewed, priced at <paramref name="hammerPrice"/> (well above the hammer's cost of 10) and sent.</summary>
    public static async Task<string> SentQuoteAsync(OrderingWorld world, decimal hammerPrice, DateOnly? validUntil = null)
    {
        await SetHammerCostAsync(world, 10m);
        var (number, seen, line) = await InReviewAsync(world);
        seen = await ReviseAsync(world, OrderingWorld.SalesRep, number, seen, [new QuoteLineTerms(line, 2, null, hammerPrice, null, [])]);
        await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.Send, seen, validUntil ?? new DateOnly(2026, 12, 31));
        return number;
    }

    /// <summary>
    /// Hammer (2 at <paramref name="hammerPrice"/>) and bolts (24 at 0.40), reviewed and sent; the rep lets the buyer accept
    /// some lines only when <paramref name="allowPartial"/>. Returns the number and the two line numbers (hammer, bolts).
    /// </summary>
    public static async Task<(string Number, int Hammer, int Bolts)> TwoLineSentQuoteAsync(OrderingWorld world, decimal hammerPrice, bool allowPartial)
    {
        await SetHammerCostAsync(world, 10m);
        await using (var costs = world.Database.CreateContext())
        {
            // Bolts cost 0.20: the offer of 0.40 is a 50 % margin, above any floor, so the quote is sent without approval.
            (await costs.Products.SingleAsync(p => p.Sku == OrderingWorld.Bolts)).SetUnitCost(0.20m);
            await costs.SaveChangesAsync();
        }

        var number = await world.WithAsync(async sp =>
        {
            var hammer = await world.ProductIdAsync(OrderingWorld.Hammer);
            var bolts = await world.ProductIdAsync(OrderingWorld.Bolts);
            return await sp.GetRequiredService<QuoteService>().RequestAsync(world.BuyerA, [new RequestedLine(hammer, 2, null), new RequestedLine(bolts, 24, null)], null, CancellationToken.None);
        });
        var seen = await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.StartReview);
        await using var db = world.Database.CreateContext();
        var lines = (await db.QuoteForAsync(OrderingWorld.SalesRep, number, tracking: false, CancellationToken.None))!.Current.Lines;
        var hammerLine = lines.Single(l => l.Sku == OrderingWorld.Hammer).LineNumber;
        var boltsLine = lines.Single(l => l.Sku == OrderingWorld.Bolts).LineNumber;
        seen = await world.WithAsync(async sp => (await sp.GetRequiredService<QuoteService>().ReviseAsync(OrderingWorld.SalesRep, number, seen, 0m,
            [new QuoteLineTerms(hammerLine, 2, null, hammerPrice, null, []), new QuoteLineTerms(boltsLine, 24, null, 0.40m, null, [])], [], allowPartial, CancellationToken.None)).Version);
        await ActAsync(world, OrderingWorld.SalesRep, number, QuoteTrigger.Send, seen, new DateOnly(2026, 12, 31));
        return (number, hammerLine, boltsLine);
    }

    public static Task<ConvertQuoteResult> AcceptLinesAsync(OrderingWorld world, Actor buyer, string number, int version, IReadOnlyCollection<int>? lines) =>
        world.WithAsync(sp => sp.GetRequiredService<ConvertQuote>().AcceptAsync(buyer, number, version, lines, new PlaceOrderCommand(null, null, null, null, null, null, null), CancellationToken.None));

    public static Task<int> ActAsync(OrderingWorld world, Actor actor, string number, QuoteTrigger trigger, int? seen = null, DateOnly? validUntil = null) =>
        world.WithAsync(async sp =>
        {
            var version = seen ?? await VersionAsync(world, number);
            return (await sp.GetRequiredService<QuoteService>().ActAsync(actor, number, version, trigger, "because", validUntil, CancellationToken.None)).Version;
        });

    public static Task<int> ReviseAsync(OrderingWorld world, Actor actor, string number, int seen, IReadOnlyList<QuoteLineTerms> lines) =>
        world.WithAsync(async sp => (await sp.GetRequiredService<QuoteService>().ReviseAsync(actor, number, seen, 0m, lines, [], CancellationToken.None)).Version);

    public static Task<ConvertQuoteResult> AcceptAsync(OrderingWorld world, Actor buyer, string number, int version) =>
        world.WithAsync(sp => sp.GetRequiredService<ConvertQuote>().AcceptAsync(buyer, number, version, new PlaceOrderCommand(null, null, null, null, null, null, null), CancellationToken.None));

    public static Task<QuoteExpiryResult> RunExpiryAsync(OrderingWorld world) =>
        world.WithAsync(sp => sp.GetRequiredService<QuoteExpiry>().RunAsync(CancellationToken.None));

    public static async Task<int> VersionAsync(OrderingWorld world, string number)
    {
        await using var db = world.Database.CreateContext();
        return await db.Quotes().Where(q => q.Number == number).Select(q => q.Version).SingleAsync();
    }

    public static async Task<int> FirstLineAsync(OrderingWorld world, string number)
    {
        await using var db = world.Database.CreateContext();
        return (await db.QuoteForAsync(OrderingWorld.SalesRep, number, tracking: false, CancellationToken.None))!.Current.Lines.Min(l => l.LineNumber);
    }
}
