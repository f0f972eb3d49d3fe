using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Quotes;

/// <summary>A line a buyer asks a quote for: a product, a quantity and, if they have one, the price they aim at.</summary>
public sealed record RequestedLine(int ProductId, decimal Quantity, decimal? TargetPrice);

/// <summary>An extra line a rep adds, by SKU.</summary>
public sealed record ProposedLine(string Sku, decimal Quantity);

/// <summary>
/// The quote's use cases for pages (and later the API): request, revise, and the people-driven transitions. Each loads the
/// quote the actor may see, checks that it is the version the actor looked at, lets the aggregate check state and role,
/// and saves the change with its audit entries in one SaveChanges, then mails the other side (<see cref="QuoteMails"/>).
/// A quote changed by someone else in between is refused with "reload", never overwritten.
/// </summary>
public sealed class QuoteService(PortalDbContext db, OrderableProducts products, MarginFloors floors, QuoteMails mails, TimeProvider clock)
{
    public async Task<string> RequestAsync(Actor buyer, IReadOnlyList<RequestedLine> requested, string? notes, CancellationToken ct)
    {
        var companyId = buyer.CompanyId ?? throw new DomainException("Only a buyer of a customer company requests quotes.");
        if (requested.Count == 0)
        {
            throw new DomainException("Add the products you want a quote for.");
        }

        var lines = await NewLinesAsync(companyId, requested, ct);
        var company = await db.Companies.AsNoTracking().Where(c => c.Id == companyId).Select(c => new { c.Currency, c.SalesRepUserId }).SingleAsync(ct);
        var repName = company.SalesRepUserId is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == company.SalesRepUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var counter = await db.Set<QuoteNumberCounter>().SingleOrDefaultAsync(c => c.Year == now.UtcDateTime.Year, ct);
            if (counter is null)
            {
                counter = new QuoteNumberCounter(now.UtcDateTime.Year);
                db.Add(counter);
            }

            var quote = Quote.Request(counter.Take(), companyId, company.Currency, buyer, company.SalesRepUserId, repName, lines, notes, now);
            quote.Submit(buyer, now);
            db.Quotes().Add(quote);
            QuoteLedger.Record(db, quote);
            try
            {
                await db.SaveChangesAsync(ct);
                await mails.AfterTransitionAsync(quote, QuoteState.Draft, ct);
                return quote.Number;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another request took the same number at the same moment: take the next one.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>A quote request for what is in the buyer's cart; the cart stays as it is.</summary>
    public async Task<string> RequestFromCartAsync(Actor buyer, IReadOnlyDictionary<int, decimal> targetPrices, string? notes, CancellationToken ct)
    {
        var cart = await db.Carts().AsNoTracking().Include(c => c.Lines).SingleOrDefaultAsync(c => c.UserId == buyer.UserId, ct);
        if (cart is null || cart.Lines.Count == 0)
        {
            throw new DomainException("Your cart is empty: add the products you want a quote for first.");
        }

        return await RequestAsync(buyer, cart.Lines.Select(l => new RequestedLine(l.ProductId, l.Quantity, targetPrices.TryGetValue(l.ProductId, out var t) ? t : null)).ToList(), notes, ct);
    }

    public Task<Quote> ReviseAsync(Actor actor, string number, int seenVersion, decimal headerDiscountPercent, IReadOnlyList<QuoteLineTerms> lines,
        IReadOnlyList<ProposedLine> proposed, CancellationToken ct) =>
        ReviseAsync(actor, number, seenVersion, headerDiscountPercent, lines, proposed, null, ct);

    /// <param name="allowPartialAcceptance">The rep's choice whether the buyer may accept some lines only (null: unchanged).</param>
    public async Task<Quote> ReviseAsync(Actor actor, string number, int seenVersion, decimal headerDiscountPercent, IReadOnlyList<QuoteLineTerms> lines,
        IReadOnlyList<ProposedLine> proposed, bool? allowPartialAcceptance, CancellationToken ct)
    {
        var quote = await LoadAsync(actor, number, seenVersion, ct);
        var added = new List<NewQuoteLine>();
        if (proposed.Count > 0)
        {
            var ids = await products.IdsBySkuAsync(proposed.Select(p => Sku.Normalize(p.Sku)).ToList(), ct);
            var requested = proposed.Select(p => ids.TryGetValue(Sku.Normalize(p.Sku), out var id)
                ? new RequestedLine(id, p.Quantity, null)
                : throw new DomainException($"No product {Sku.Normalize(p.Sku)} in the customer's catalog.", "Sku")).ToList();
            added.AddRange(await NewLinesAsync(quote.CompanyId, requested, ct));
        }

        quote.Revise(actor, new QuoteRevision(headerDiscountPercent, lines, added, allowPartialAcceptance), clock.GetUtcNow());
        return await SaveAsync(quote, ct);
    }

    /// <summary>The transitions people pull, except accepting (see <see cref="ConvertQuote"/>).</summary>
    public async Task<Quote> ActAsync(Actor actor, string number, int seenVersion, QuoteTrigger trigger, string? reason, DateOnly? validUntil, CancellationToken ct)
    {
        var quote = await LoadAsync(actor, number, seenVersion, ct);
        var before = quote.State;
        var now = clock.GetUtcNow();
        switch (trigger)
        {
            case QuoteTrigger.Submit:
                quote.Submit(actor, now);
                break;
            case QuoteTrigger.StartReview:
                quote.StartReview(actor, now);
                break;
            case QuoteTrigger.RequestApproval:
                var below = await floors.BelowFloorAsync(quote, ct);
                var why = below.Count == 0 ? "No line is below its margin floor" : "Below the margin floor: " + string.Join(", ", below);
                var text = reason is null ? why : $"{reason.Trim()} — {why}";
                quote.RequestApproval(actor, now, text.Length > Quote.ReasonMaxLength ? text[..Quote.ReasonMaxLength] : text);
                break;
            case QuoteTrigger.Approve:
                quote.Approve(actor, now, reason);
                break;
            case QuoteTrigger.Reject:
                quote.Reject(actor, now, reason);
                break;
            case QuoteTrigger.Send:
                var until = validUntil ?? throw new DomainException("Give the date the offer is valid until.", "ValidUntil");
                // Valid up to and including the last second of that day, UTC.
                var end = new DateTimeOffset(until.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
                quote.Send(actor, end, quote.State == QuoteState.InReview ? await floors.BelowFloorAsync(quote, ct) : [], now);
                break;
            case QuoteTrigger.RequestRevision:
                quote.RequestRevision(actor, now, reason);
                break;
            case QuoteTrigger.Decline:
                quote.Decline(actor, now, reason);
                break;
            case QuoteTrigger.Cancel:
                quote.Cancel(actor, now, reason);
                break;
            default:
                throw new DomainException($"\"{QuoteWorkflow.Label(trigger)}\" is not done with this button.");
        }

        await SaveAsync(quote, ct);
        await mails.AfterTransitionAsync(quote, before, ct);
        return quote;
    }

    private async Task<Quote> LoadAsync(Actor actor, string number, int seenVersion, CancellationToken ct)
    {
        var quote = await db.QuoteForAsync(actor, number, tracking: true, ct) ?? throw new QuoteNotFoundException(number);
        return quote.Version == seenVersion ? quote : throw Changed(quote.Number, null);
    }

    private async Task<Quote> SaveAsync(Quote quote, CancellationToken ct)
    {
        QuoteLedger.Record(db, quote);
        try
        {
            await db.SaveChangesAsync(ct);
            return quote;
        }
        catch (DbUpdateConcurrencyException ex)
        {
            db.ChangeTracker.Clear();
            throw Changed(quote.Number, ex);
        }
    }

    internal static DomainException Changed(string number, Exception? inner)
    {
        var message = $"This quote changed — reload. Someone else changed quote {number} since you opened it; nothing of yours was saved, so reload it and make your change again.";
        return inner is null ? new DomainException(message) : new DomainException(message, inner);
    }

    /// <summary>The lines as the company sees the products today: visible, priced (the list price offers start from), with cost.</summary>
    private async Task<List<NewQuoteLine>> NewLinesAsync(int companyId, IReadOnlyList<RequestedLine> requested, CancellationToken ct)
    {
        var found = await products.FindAsync(companyId, requested.Select(r => r.ProductId).ToList(), ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var prices = await products.PriceAsync(companyId, requested.Where(r => found.ContainsKey(r.ProductId) && r.Quantity > 0).Select(r => (r.ProductId, r.Quantity)), today, ct);
        var ids = requested.Select(r => r.ProductId).ToList();
        var costs = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.UnitCost }).ToDictionaryAsync(p => p.Id, p => p.UnitCost, ct);
        var lines = new List<NewQuoteLine>();
        foreach (var r in requested)
        {
            if (!found.TryGetValue(r.ProductId, out var p))
            {
                throw new DomainException($"Product #{r.ProductId} is not in the customer's catalog.", "Sku");
            }

            if (r.Quantity <= 0)
            {
                throw new DomainException($"{p.Sku}: enter a quantity above zero.", "Quantity");
            }

            if (!prices.TryGetValue(r.ProductId, out var price))
            {
                throw new DomainException($"{p.Sku} has no price for the customer; it cannot be quoted.", "Sku");
            }

            lines.Add(new NewQuoteLine(p.Id, p.Sku, p.Name, p.UnitOfMeasure, r.Quantity, price.UnitPrice.Amount, costs.GetValueOrDefault(p.Id), r.TargetPrice));
        }

        return lines;
    }
}
