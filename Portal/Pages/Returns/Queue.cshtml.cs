using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Returns;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Returns;

/// <summary>
/// The staff returns queue: what waits on the distributor (requested, approved and on its way, received and waiting for
/// the credit), or every return. Approving, rejecting and receiving happen on the return's page, where the viewer's
/// rights decide which buttons show.
/// </summary>
public sealed class QueueModel(PortalDbContext db) : PageModel
{
    public const int MaxRows = 500;

    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public IReadOnlyList<ReturnRow> Returns { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.ReturnsFor(User.ToActor());
        if (!All)
        {
            query = query.Where(r => ReturnWorkflow.Open.Contains(r.State));
        }

        Returns = await ReturnRow.LoadAsync(db, query, MaxRows, ct);
    }
}
