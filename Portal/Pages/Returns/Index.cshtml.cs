using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Returns;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Returns;

/// <summary>A buyer's returns: the company's, newest change first. Another company's are never in the query.</summary>
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public const int MaxRows = 200;

    public IReadOnlyList<ReturnRow> Returns { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Returns = await ReturnRow.LoadAsync(db, db.ReturnsFor(User.ToActor()), MaxRows, ct);
}
