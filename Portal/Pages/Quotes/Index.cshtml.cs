using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Quotes;

/// <summary>A buyer's quotes: the company's, newest first, with what each waits for.</summary>
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public IReadOnlyList<QuoteRow> Quotes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var companyId = User.CompanyId() ?? -1;
        Quotes = await QuoteRows.LoadAsync(db, db.Quotes().Where(q => q.CompanyId == companyId), ct);
    }
}
