using B2BPortal.Domain.Returns;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Returns;

/// <summary>A return as the lists show it.</summary>
public sealed record ReturnRow(string Number, string OrderNumber, string Company, ReturnState State, string RequestedBy, decimal Total, string Currency, int Lines,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>One projection for the buyer's list and the staff queue, newest change first, at most <paramref name="take"/>.</summary>
    public static Task<List<ReturnRow>> LoadAsync(Domain.Persistence.PortalDbContext db, IQueryable<ReturnRequest> returns, int take, CancellationToken ct) =>
        returns.AsNoTracking()
            .OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id)
            .Take(take)
            .Select(r => new ReturnRow(r.Number, r.OrderNumber, db.Companies.Where(c => c.Id == r.CompanyId).Select(c => c.Name).First(), r.State, r.RequestedByName,
                r.Total.Amount, r.Total.Currency, r.Lines.Count, r.CreatedAt, r.UpdatedAt))
            .ToListAsync(ct);
}
