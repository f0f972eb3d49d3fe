using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Identity;

/// <summary>
/// The Microsoft Entra ID tenants a company's users may come from (CustomerCompany.SignInTenants). A BuyerAdmin edits
/// its own company's list (a companyId in the address is ignored); an Administrator picks any company.
/// </summary>
public sealed class SignInTenantsModel(PortalDbContext db, CompanySignInTenants tenants) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public int? CompanyId { get; set; }

    [BindProperty, StringLength(CustomerCompany.SignInTenantsMaxLength * 2), Display(Name = "Tenant ids (one per line)")]
    public string? Tenants { get; set; }

    public string? CompanyName { get; private set; }

    public IReadOnlyList<(int Id, string Name)> Companies { get; private set; } = [];

    public bool IsAdministrator => User.IsInRole(Roles.Administrator);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (CompanyId is not null && CompanyName is null)
        {
            return NotFound();
        }

        Tenants = CompanyId is { } id ? string.Join('\n', (await db.Companies.AsNoTracking().SingleAsync(c => c.Id == id, ct)).SignInTenantIds) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid || OwnCompany() is not { } companyId)
        {
            await LoadAsync(ct);
            return Page();
        }

        await tenants.SaveAsync(User.ToActor(), companyId, Tenants ?? string.Empty, ct);
        TempData["Flash"] = "The allowed sign-in tenants are saved.";
        return RedirectToPage(new { companyId = IsAdministrator ? companyId : (int?)null });
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        CompanyId = OwnCompany();
        if (IsAdministrator)
        {
            Companies = (await db.Companies.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)).ToList();
        }

        CompanyName = CompanyId is { } id ? await db.Companies.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).SingleOrDefaultAsync(ct) : null;
    }

    /// <summary>The company this request may edit: a BuyerAdmin's own, whatever the address says; the chosen one for an Administrator.</summary>
    private int? OwnCompany() => IsAdministrator ? CompanyId : User.CompanyId();
}
