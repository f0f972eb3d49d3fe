using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages;

/// <summary>The start page after sign-in: the user's company and where to go next.</summary>
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public string? CompanyName { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (User.CompanyId() is { } companyId)
        {
            CompanyName = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleOrDefaultAsync(ct);
        }
    }
}
