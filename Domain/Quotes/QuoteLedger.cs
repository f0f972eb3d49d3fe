using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Quotes;

/// <summary>Quotes' tables on the shared context, and what goes into the same SaveChanges as a quote's change: its audit entries.</summary>
public static class QuoteLedger
{
    public static DbSet<Quote> Quotes(this PortalDbContext db) => db.Set<Quote>();

    public static DbSet<MarginFloor> MarginFloors(this PortalDbContext db) => db.Set<MarginFloor>();

    public static void Record(PortalDbContext db, Quote quote)
    {
        foreach (var c in quote.TakeUnaudited())
        {
            db.AuditEntries.Add(new AuditEntry(c.At, c.Actor.UserId, c.Actor.DisplayName, quote.CompanyId, "Quote", quote.Number, c.Action,
                Clip(c.Before), Clip(c.After)));
        }
    }

    /// <summary>
    /// The quote with everything it shows, if the actor may see it: staff see every quote, a buyer only their company's
    /// (another company's quote is "not found", the same as one that does not exist).
    /// </summary>
    public static Task<Quote?> QuoteForAsync(this PortalDbContext db, Domain.Common.Actor actor, string number, bool tracking, CancellationToken ct)
    {
        IQueryable<Quote> quotes = db.Quotes().Include(q => q.Versions).ThenInclude(v => v.Lines).ThenInclude(l => l.Breaks).Include(q => q.History).AsSplitQuery();
        if (!tracking)
        {
            quotes = quotes.AsNoTracking();
        }

        if (!actor.IsStaff)
        {
            var companyId = actor.CompanyId ?? -1;
            quotes = quotes.Where(q => q.CompanyId == companyId);
        }

        var normalized = (number ?? string.Empty).Trim().ToUpperInvariant();
        return quotes.SingleOrDefaultAsync(q => q.Number == normalized, ct);
    }

    /// <summary>Audit values are bounded; a 500-line quote's terms are cut, the full terms stay in the versions themselves.</summary>
    private static string? Clip(string? value) => value is { Length: > 4000 } ? value[..3997] + "..." : value;
}

/// <summary>No such quote for this actor: pages answer 404, the same for "not yours" and "does not exist".</summary>
public sealed class QuoteNotFoundException(string number) : Exception($"Quote {number} not found.");

/// <summary>The yearly sequence behind quote numbers (Q-2026-000042); its value is the concurrency token.</summary>
public class QuoteNumberCounter
{
    private QuoteNumberCounter() { }

    public QuoteNumberCounter(int year) => Year = year;

    public int Year { get; private set; }

    public int Last { get; private set; }

    public string Take() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Q-{Year}-{++Last:000000}");
}
