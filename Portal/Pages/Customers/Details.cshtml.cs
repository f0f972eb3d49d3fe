using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Customers;

/// <summary>One customer company for staff: master data, addresses, catalogs and users.</summary>
public sealed class DetailsModel(PortalDbContext db) : PageModel
{
    public CustomerCompany Company { get; private set; } = null!;

    public IReadOnlyList<string> CatalogNames { get; private set; } = [];

    public IReadOnlyList<(string Name, string Email)> Users { get; private set; } = [];

    public string? SalesRep { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var company = await db.Companies.AsNoTracking().Include(c => c.Addresses).Include(c => c.Catalogs).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null)
        {
            return NotFound();
        }

        Company = company;
        var catalogIds = company.Catalogs.Select(c => c.CatalogId).ToList();
        CatalogNames = await db.Catalogs.Where(c => catalogIds.Contains(c.Id)).Select(c => c.Name).ToListAsync(ct);
        Users = (await db.Users.Where(u => u.CompanyId == id).OrderBy(u => u.DisplayName).Select(u => new { u.DisplayName, u.Email }).ToListAsync(ct))
            .Select(u => (u.DisplayName, u.Email ?? "")).ToList();
        SalesRep = await db.Users.Where(u => u.Id == company.SalesRepUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return Page();
    }
}
