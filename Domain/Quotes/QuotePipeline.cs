using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Quotes;

/// <summary>
/// A sales rep's pipeline over a period (whole UTC days, both ends included): how many quotes went out for the first time,
/// how many of those became orders, how long on average the customer waited for the first offer, and what was won (orders
/// made from quotes in the period, per currency).
/// </summary>
public sealed record QuotePipelineFigures(DateOnly From, DateOnly To, int QuotesSent, int SentAndOrdered, decimal? ConversionRatePercent,
    TimeSpan? AverageTimeToSend, int QuotesWon, IReadOnlyList<Money> ValueWon);

/// <summary>
/// Computes <see cref="QuotePipelineFigures"/> in the database: two aggregate queries over the quotes' own columns
/// (<see cref="Quote.FirstSentAt"/>, <see cref="Quote.SecondsToFirstSend"/>, <see cref="Quote.OrderedAt"/>,
/// <see cref="Quote.OrderedValue"/>), never by loading quotes into memory, so a year of a busy rep costs two index range scans.
/// </summary>
public sealed class QuotePipeline(PortalDbContext db)
{
    /// <summary>The longest period asked at once: enough for a year over year look, small enough to stay a range scan.</summary>
    public const int MaxDays = 731;

    /// <param name="repUserId">The rep whose quotes count (the quotes they own); null for every rep's.</param>
    public async Task<QuotePipelineFigures> ForAsync(string? repUserId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (to < from)
        {
            throw new DomainException("The period ends before it starts.", "To");
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new DomainException($"Ask for at most {MaxDays} days at once.", "From");
        }

        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var quotes = db.Quotes().AsNoTracking();
        if (repUserId is not null)
        {
            quotes = quotes.Where(q => q.OwnerRepUserId == repUserId);
        }

        var sent = await quotes.Where(q => q.FirstSentAt >= start && q.FirstSentAt < end)
            .GroupBy(q => 1)
            .Select(g => new
            {
                Sent = g.Count(),
                Ordered = g.Count(q => q.OrderedAt != null),
                AverageSeconds = g.Average(q => (double?)q.SecondsToFirstSend),
            })
            .SingleOrDefaultAsync(ct);
        var won = await quotes.Where(q => q.OrderedAt >= start && q.OrderedAt < end)
            .GroupBy(q => q.Currency)
            .Select(g => new { Currency = g.Key, Count = g.Count(), Value = g.Sum(q => q.OrderedValue ?? 0m) })
            .ToListAsync(ct);

        var sentCount = sent?.Sent ?? 0;
        var ordered = sent?.Ordered ?? 0;
        return new QuotePipelineFigures(from, to, sentCount, ordered,
            sentCount == 0 ? null : decimal.Round(ordered * 100m / sentCount, 1, MidpointRounding.AwayFromZero),
            sent?.AverageSeconds is { } seconds ? TimeSpan.FromSeconds(Math.Round(seconds)) : null,
            won.Sum(w => w.Count),
            won.OrderBy(w => w.Currency, StringComparer.Ordinal).Select(w => Money.Of(w.Value, w.Currency)).ToList());
    }
}
