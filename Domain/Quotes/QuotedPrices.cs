using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Quotes;

/// <summary>
/// A price a customer holds on a sent (or accepted) quote for one product: what accepting the quote orders it at, whatever
/// the price lists say. <see cref="Source"/> is the same text the order line's price source gets (<see cref="ConvertQuote.PriceSource"/>).
/// </summary>
public sealed record QuotedPrice(string QuoteNumber, int Version, QuoteState State, DateTimeOffset ValidUntil, decimal Quantity, Money UnitPrice, string Source);

/// <summary>
/// The quoted prices that win over the price lists for a customer and a product on a day: for the "why this price" trace,
/// so it names the quote instead of explaining a list price the customer will not pay. Open offers only: a quote is
/// Sent (or Accepted, on its way to an order) and valid on that day (to the last second of valid-until).
/// </summary>
public sealed class QuotedPrices(PortalDbContext db)
{
    /// <summary>At most this many quotes are named; a customer with more open quotes for one product is an exception.</summary>
    public const int MaxQuotes = 20;

    /// <param name="quantity">The quantity asked about: a quote's quantity breaks apply to it as they would on its line.</param>
    public async Task<IReadOnlyList<QuotedPrice>> ForAsync(int companyId, int productId, decimal quantity, DateOnly date, CancellationToken ct)
    {
        var dayStart = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var quotes = await db.Quotes().AsNoTracking()
            .Where(q => q.CompanyId == companyId && (q.State == QuoteState.Sent || q.State == QuoteState.Accepted) && q.ValidUntil >= dayStart)
            .Where(q => q.Versions.Any(v => v.Number == q.CurrentVersionNumber && v.Lines.Any(l => l.ProductId == productId)))
            .OrderBy(q => q.ValidUntil).Take(MaxQuotes)
            .Include(q => q.Versions).ThenInclude(v => v.Lines.Where(l => l.ProductId == productId)).ThenInclude(l => l.Breaks)
            .AsSplitQuery()
            .ToListAsync(ct);
        return quotes
            .Select(q =>
            {
                var version = q.Current;
                var line = version.Lines.Single();
                var at = quantity > 0 ? quantity : line.Quantity;
                return new QuotedPrice(q.Number, version.Number, q.State, q.ValidUntil!.Value, line.Quantity,
                    Money.Of(line.UnitPriceAt(at, version.HeaderDiscountPercent), q.Currency), ConvertQuote.PriceSource(q));
            })
            .OrderBy(p => p.UnitPrice.Amount).ThenBy(p => p.QuoteNumber, StringComparer.Ordinal)
            .ToList();
    }
}
