using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Pages.Customers;

/// <summary>
/// One customer company on one page for the staff who look after it: recent orders with their states, open quotes,
/// credit (exposure, available credit, the account's hold, orders on credit hold — the accountants' figures from
/// <see cref="CreditStanding"/>), overdue invoices, the latest audited activity, master data, and "Order for this
/// customer" one click away. A sales rep sees the companies they serve; accountants and administrators every company
/// (<see cref="CustomerOverview.VisibleTo"/>): any other id answers 404.
/// </summary>
public sealed class DetailsModel(PortalDbContext db, TimeProvider clock, IOptions<CreditOptions> credit) : PageModel
{
    public const int OverdueShown = 20;

    public CustomerCompany Company { get; private set; } = null!;

    public IReadOnlyList<string> CatalogNames { get; private set; } = [];

    public IReadOnlyList<(string Name, string Email)> Users { get; private set; } = [];

    public string? SalesRep { get; private set; }

    public CreditStanding Credit { get; private set; } = null!;

    /// <summary>Every open invoice past its due date (no grace), oldest first.</summary>
    public IReadOnlyList<OverdueInvoice> Overdue { get; private set; } = [];

    public CustomerActivity Activity { get; private set; } = null!;

    /// <summary>Whether "Order for this customer" is offered: a sales rep serving the company, or an administrator.</summary>
    public bool MayOrderForCustomer { get; private set; }

    /// <summary>Quote pages are for sales reps and administrators; an accountant sees the list without links.</summary>
    public bool MayOpenQuotes { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var staff = User.ToActor();
        var company = await db.Companies.AsNoTracking().VisibleTo(staff).Include(c => c.Addresses).Include(c => c.Catalogs).SingleOrDefaultAsync(c => c.Id == id, ct);
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
        var today = clock.Today();
        Credit = await db.StandingAsync(id, credit.Value, today, ct);
        Overdue = await db.OverdueAsync(id, today, 0, OverdueShown, ct);
        Activity = await db.ActivityAsync(id, ct);
        MayOrderForCustomer = OrderingOnBehalf.MayOrderOnBehalf(staff) && (staff.IsInRole(Domain.Identity.Roles.Administrator) || company.SalesRepUserId == staff.UserId);
        MayOpenQuotes = staff.IsInRole(Domain.Identity.Roles.SalesRep) || staff.IsInRole(Domain.Identity.Roles.Administrator);
        return Page();
    }
}
