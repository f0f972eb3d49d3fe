using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Credit;

/// <summary>The columns an ageing report sorts by.</summary>
public enum AgeingSort
{
    Company,
    SalesRep,
    Currency,
    Current,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
    Total,
}

/// <summary>What the accountant asked for: as of which day, whose customers, which currency, in which order.</summary>
/// <param name="SalesRepUserId">Only the companies this sales rep owns; null for all.</param>
/// <param name="Currency">Only invoices in this currency; null for all (each currency still totals on its own).</param>
public sealed record AgeingRequest(DateOnly AsOf, string? SalesRepUserId, string? Currency, AgeingSort Sort, bool Descending);

/// <summary>Open amounts by days past due, in one currency. Days past due on the as-of day: due that day or later is current.</summary>
public sealed record AgeingBuckets(decimal Current, decimal Days1To30, decimal Days31To60, decimal Days61To90, decimal Over90)
{
    public static readonly AgeingBuckets Empty = new(0, 0, 0, 0, 0);

    public decimal Total => Current + Days1To30 + Days31To60 + Days61To90 + Over90;

    public AgeingBuckets Add(AgeingBuckets other) =>
        new(Current + other.Current, Days1To30 + other.Days1To30, Days31To60 + other.Days31To60, Days61To90 + other.Days61To90, Over90 + other.Over90);
}

/// <summary>One company's open amounts in one currency (a company invoiced in two currencies has two rows).</summary>
public sealed record AgeingRow(int CompanyId, string CompanyNumber, string CompanyName, string? SalesRepUserId, string? SalesRepName, string Currency, int Invoices, AgeingBuckets Buckets);

/// <summary>The report: rows in the order asked for, and totals per currency (amounts in different currencies are never added).</summary>
public sealed record AgeingReport(AgeingRequest Request, IReadOnlyList<AgeingRow> Rows, IReadOnlyDictionary<string, AgeingBuckets> TotalsByCurrency);

/// <summary>
/// Accounts receivable ageing, aggregated in the database: one GROUP BY company and currency with a SUM(CASE …) per
/// bucket, so 200,000 invoices come back as one row per company. "As of" a day means: invoices issued (invoice date)
/// on or before that day that are open with a remaining amount, aged by their due date against that day. The remaining
/// amount is the one the ERP synced last, not what it was on that day: a payment the ERP booked since then already
/// reduced it.
/// </summary>
public static class ArAgeing
{
    public static async Task<AgeingReport> AgeingAsync(this PortalDbContext db, AgeingRequest request, CancellationToken ct)
    {
        var asOf = request.AsOf;

        // Bucket edges as dates, so every provider compares plain columns with parameters (no date arithmetic in SQL).
        var due1 = asOf.AddDays(-1);
        var due30 = asOf.AddDays(-30);
        var due60 = asOf.AddDays(-60);
        var due90 = asOf.AddDays(-90);

        var invoices = db.Invoices.AsNoTracking()
            .Where(i => i.Status == InvoiceStatus.Open && i.Remaining.Amount > 0 && i.InvoiceDate <= asOf);
        if (request.Currency is { } currency)
        {
            invoices = invoices.Where(i => i.Remaining.Currency == currency);
        }

        var grouped = invoices
            .GroupBy(i => new { i.CompanyId, i.Remaining.Currency })
            .Select(g => new
            {
                g.Key.CompanyId,
                g.Key.Currency,
                Count = g.Count(),
                Current = g.Sum(i => i.DueDate >= asOf ? i.Remaining.Amount : 0m),
                Days1To30 = g.Sum(i => i.DueDate <= due1 && i.DueDate >= due30 ? i.Remaining.Amount : 0m),
                Days31To60 = g.Sum(i => i.DueDate < due30 && i.DueDate >= due60 ? i.Remaining.Amount : 0m),
                Days61To90 = g.Sum(i => i.DueDate < due60 && i.DueDate >= due90 ? i.Remaining.Amount : 0m),
                Over90 = g.Sum(i => i.DueDate < due90 ? i.Remaining.Amount : 0m),
                Total = g.Sum(i => i.Remaining.Amount),
            });

        var joined = from b in grouped
                     join c in db.Companies on b.CompanyId equals c.Id
                     select new { b, c.ErpCustomerNumber, c.Name, c.SalesRepUserId };
        if (request.SalesRepUserId is { } rep)
        {
            joined = joined.Where(r => r.SalesRepUserId == rep);
        }

        var rows = await joined.ToListAsync(ct);
        var repIds = rows.Select(r => r.SalesRepUserId).OfType<string>().Distinct().ToList();
        var reps = await db.Users.AsNoTracking().Where(u => repIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        var report = rows.ConvertAll(r => new AgeingRow(r.b.CompanyId, r.ErpCustomerNumber, r.Name, r.SalesRepUserId,
            r.SalesRepUserId is { } id && reps.TryGetValue(id, out var name) ? name : null, r.b.Currency, r.b.Count,
            new AgeingBuckets(r.b.Current, r.b.Days1To30, r.b.Days31To60, r.b.Days61To90, r.b.Over90)));
        report = Sorted(report, request.Sort, request.Descending);
        var totals = report.GroupBy(r => r.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Aggregate(AgeingBuckets.Empty, (sum, r) => sum.Add(r.Buckets)), StringComparer.Ordinal);
        return new AgeingReport(request, report, totals);
    }

    /// <summary>The sales reps who own at least one company, for the filter.</summary>
    public static async Task<IReadOnlyList<(string Id, string Name)>> SalesRepsAsync(this PortalDbContext db, CancellationToken ct)
    {
        var reps = await db.Users.AsNoTracking()
            .Where(u => db.Companies.Any(c => c.SalesRepUserId == u.Id))
            .OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName })
            .ToListAsync(ct);
        return reps.ConvertAll(r => (r.Id, r.DisplayName));
    }

    /// <summary>
    /// The currencies to offer in the filter: the companies' own and those of the report shown (an invoice may be in
    /// another currency than its company's). Not a DISTINCT over every invoice, which would scan them all again.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AgeingCurrenciesAsync(this PortalDbContext db, AgeingReport report, CancellationToken ct)
    {
        var companies = await db.Companies.AsNoTracking().Select(c => c.Currency).Distinct().ToListAsync(ct);
        return companies.Concat(report.TotalsByCurrency.Keys).Append(report.Request.Currency).OfType<string>()
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Sorts the aggregated rows (one per company and currency, a few hundred): by the chosen column, then by company and currency.</summary>
    private static List<AgeingRow> Sorted(List<AgeingRow> rows, AgeingSort sort, bool descending)
    {
        Func<AgeingRow, object?> key = sort switch
        {
            AgeingSort.SalesRep => r => r.SalesRepName ?? "",
            AgeingSort.Currency => r => r.Currency,
            AgeingSort.Current => r => r.Buckets.Current,
            AgeingSort.Days1To30 => r => r.Buckets.Days1To30,
            AgeingSort.Days31To60 => r => r.Buckets.Days31To60,
            AgeingSort.Days61To90 => r => r.Buckets.Days61To90,
            AgeingSort.Over90 => r => r.Buckets.Over90,
            AgeingSort.Total => r => r.Buckets.Total,
            _ => r => r.CompanyName,
        };
        var comparer = Comparer<object?>.Create((a, b) => a is string x && b is string y ? string.Compare(x, y, StringComparison.OrdinalIgnoreCase) : Comparer<object?>.Default.Compare(a, b));
        var ordered = descending ? rows.OrderByDescending(key, comparer) : rows.OrderBy(key, comparer);
        return ordered.ThenBy(r => r.CompanyName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();
    }
}

/// <summary>Labels of the buckets, shared by the page and the exports.</summary>
public static class AgeingColumns
{
    public static readonly IReadOnlyList<(AgeingSort Sort, string Label)> Buckets =
    [
        (AgeingSort.Current, "Current"),
        (AgeingSort.Days1To30, "1–30 days"),
        (AgeingSort.Days31To60, "31–60 days"),
        (AgeingSort.Days61To90, "61–90 days"),
        (AgeingSort.Over90, "Over 90 days"),
    ];

    public static IReadOnlyList<decimal> Values(AgeingBuckets b) => [b.Current, b.Days1To30, b.Days31To60, b.Days61To90, b.Over90];
}
