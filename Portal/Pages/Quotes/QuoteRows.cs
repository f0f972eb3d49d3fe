using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Quotes;

/// <summary>One quote in a list: who, what state, how old, how much (the current version's total).</summary>
public sealed record QuoteRow(string Number, string CompanyName, string RequestedBy, string? OwnerRep, QuoteState State, int Version, Money Value,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ValidUntil, string? OrderNumber)
{
    public QuoteHolder Holder => QuoteWorkflow.Holder(State);
}

internal static class QuoteRows
{
    public const int MaxRows = 500;

    /// <summary>The newest quotes of <paramref name="quotes"/> (already filtered to what the viewer may see), with their values.</summary>
    public static async Task<List<QuoteRow>> LoadAsync(PortalDbContext db, IQueryable<Quote> quotes, CancellationToken ct)
    {
        var list = await quotes.AsNoTracking().OrderByDescending(q => q.UpdatedAt).Take(MaxRows)
            .Include(q => q.Versions).ThenInclude(v => v.Lines).ThenInclude(l => l.Breaks).AsSplitQuery().ToListAsync(ct);
        var companyIds = list.Select(q => q.CompanyId).Distinct().ToList();
        var names = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return list.Select(q => new QuoteRow(q.Number, names[q.CompanyId], q.RequestedByName, q.OwnerRepName, q.State, q.CurrentVersionNumber,
            Money.Of(q.Current.Total, q.Currency), q.CreatedAt, q.UpdatedAt, q.ValidUntil, q.OrderNumber)).ToList();
    }
}
