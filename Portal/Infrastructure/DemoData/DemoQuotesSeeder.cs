using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Domain.Quotes;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Infrastructure.DemoData;

/// <summary>
/// Quotes in the states a newcomer wants to see in the demo rep's inbox, made through the real use cases: Acme has one
/// waiting for the rep, one sent in its second version (so the diff shows; the buyer may accept some of its lines) and one declined; Borealis has one
/// waiting for internal approval (a discount below the margin floor); Contoso has one whose buyer asked for a revision.
/// The quoted products get a unit cost of half their list price (contract prices can be well below it), as the ERP's stock sync would bring.
/// </summary>
public sealed class DemoQuotesSeeder(PortalDbContext db, QuoteService quotes, TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var repUser = await db.Users.AsNoTracking().SingleAsync(u => u.Email == "rep@b2bportal.example", ct);
        var rep = new Actor(repUser.Id, repUser.DisplayName, null, new HashSet<string> { Roles.SalesRep });
        var alice = await ActorAsync("buyer@acme.example", Roles.Buyer, ct);
        var bianca = await ActorAsync("buyer@borealis.example", Roles.Buyer, ct);
        var carla = await ActorAsync("buyer@contoso.example", Roles.Buyer, ct);
        var until = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30);

        await RequestAsync(alice, skip: 10, lines: 3, "New production line, first fit-out", ct);

        var sent = await RequestAsync(alice, skip: 13, lines: 2, "Yearly framework, please quote breaks", ct);
        await OfferAsync(rep, sent, discountPercent: 5m, allowPartial: false, ct);
        await quotes.ActAsync(rep, sent, await VersionAsync(sent, ct), QuoteTrigger.Send, null, until, ct);
        await quotes.ActAsync(alice, sent, await VersionAsync(sent, ct), QuoteTrigger.RequestRevision, "Can you do better on the larger quantity?", null, ct);
        await quotes.ActAsync(rep, sent, await VersionAsync(sent, ct), QuoteTrigger.StartReview, null, null, ct);
        await OfferAsync(rep, sent, discountPercent: 10m, allowPartial: true, ct);
        await quotes.ActAsync(rep, sent, await VersionAsync(sent, ct), QuoteTrigger.Send, "Second offer with a break", until, ct);

        // Declined rather than ordered: the demo's five sample orders stay the only orders (SampleOrdersTests counts them).
        var declined = await RequestAsync(alice, skip: 15, lines: 2, "Spare parts", ct);
        await OfferAsync(rep, declined, discountPercent: 3m, allowPartial: false, ct);
        await quotes.ActAsync(rep, declined, await VersionAsync(declined, ct), QuoteTrigger.Send, null, until, ct);
        await quotes.ActAsync(alice, declined, await VersionAsync(declined, ct), QuoteTrigger.Decline, "Bought elsewhere", null, ct);

        var approval = await RequestAsync(bianca, skip: 5, lines: 2, "Cleaning contract for three sites", ct);
        await OfferAsync(rep, approval, discountPercent: 40m, allowPartial: false, ct);
        await quotes.ActAsync(rep, approval, await VersionAsync(approval, ct), QuoteTrigger.RequestApproval, "Strategic customer", null, ct);

        var revision = await RequestAsync(carla, skip: 4, lines: 2, "Site Havenstraat", ct);
        await OfferAsync(rep, revision, discountPercent: 2m, allowPartial: false, ct);
        await quotes.ActAsync(rep, revision, await VersionAsync(revision, ct), QuoteTrigger.Send, null, until, ct);
        await quotes.ActAsync(carla, revision, await VersionAsync(revision, ct), QuoteTrigger.RequestRevision, "We need twice the quantity", null, ct);
    }

    private async Task<Actor> ActorAsync(string email, string role, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email, ct);
        return new Actor(user.Id, user.DisplayName, user.CompanyId, new HashSet<string> { role });
    }

    /// <summary>Products of the buyer's catalog without a special quantity rule, ten packs each; they get a demo unit cost.</summary>
    private async Task<string> RequestAsync(Actor buyer, int skip, int lines, string notes, CancellationToken ct)
    {
        var companyId = buyer.CompanyId!.Value;
        var products = await db.Products.Where(p => p.IsActive).VisibleTo(db, companyId)
            .Where(p => !db.Set<QuantityRuleEntry>().Any(r => r.ProductId == p.Id))
            .OrderBy(p => p.Id).Skip(skip).Take(lines).ToListAsync(ct);
        foreach (var p in products)
        {
            p.SetUnitCost(decimal.Round(p.ListPrice.Amount * 0.5m, 2));
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return await quotes.RequestAsync(buyer, products.Select(p => new RequestedLine(p.Id, p.PackSize * 10, null)).ToList(), notes, ct);
    }

    /// <summary>Starts the review if needed and offers every line at <paramref name="discountPercent"/> off, with a break at 5× the quantity.</summary>
    private async Task OfferAsync(Actor rep, string number, decimal discountPercent, bool allowPartial, CancellationToken ct)
    {
        var quote = (await db.QuoteForAsync(rep, number, tracking: false, ct))!;
        if (quote.State == QuoteState.Submitted)
        {
            await quotes.ActAsync(rep, number, quote.Version, QuoteTrigger.StartReview, null, null, ct);
            quote = (await db.QuoteForAsync(rep, number, tracking: false, ct))!;
        }

        var terms = quote.Current.Lines.Select(l => new QuoteLineTerms(l.LineNumber, l.Quantity, l.TargetPrice, null, discountPercent,
            [new QuoteBreakTerms(l.Quantity * 5, decimal.Round(l.ListPrice * (1 - (discountPercent + 5) / 100m), 2))])).ToList();
        await quotes.ReviseAsync(rep, number, quote.Version, 0m, terms, [], allowPartial, ct);
        db.ChangeTracker.Clear();
    }

    private Task<int> VersionAsync(string number, CancellationToken ct) =>
        db.Quotes().AsNoTracking().Where(q => q.Number == number).Select(q => q.Version).SingleAsync(ct);
}
