using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Pricing;

/// <summary>All price lists for sales reps (read) and administrators (edit, import, export).</summary>
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public sealed record Row(int Id, string Code, string Name, PriceListLevel Level, int Priority, string Currency, DateOnly? ValidFrom, DateOnly? ValidTo, int Tiers, int Assignments);

    public IReadOnlyList<Row> Lists { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Lists = await db.Set<PriceList>().AsNoTracking()
            .OrderByDescending(l => l.Level).ThenByDescending(l => l.Priority).ThenBy(l => l.Code)
            .Select(l => new Row(l.Id, l.Code, l.Name, l.Level, l.Priority, l.Currency, l.ValidFrom, l.ValidTo,
                l.Entries.Count, db.Set<PriceListAssignment>().Count(a => a.PriceListId == l.Id)))
            .ToListAsync(ct);
}
