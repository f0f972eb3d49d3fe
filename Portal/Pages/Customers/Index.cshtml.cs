using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Customers;

/// <summary>Staff's list of customer companies, searchable by number or name: a sales rep's own companies, every company for accountants and administrators.</summary>
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(int Id, string Number, string Name, string Currency, CustomerStatus Status, string? SalesRep, int Users);

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageNumber")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (PageNumber < 1)
        {
            ModelState.AddModelError("pageNumber", "Page numbers start at 1.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var companies = db.Companies.AsNoTracking().VisibleTo(User.ToActor());
        if (!string.IsNullOrWhiteSpace(Query))
        {
            var q = Query.Trim();
            companies = companies.Where(c => c.ErpCustomerNumber.StartsWith(q) || c.Name.Contains(q));
        }

        Rows = await companies.OrderBy(c => c.Name).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(c => new Row(c.Id, c.ErpCustomerNumber, c.Name, c.Currency, c.Status,
                db.Users.Where(u => u.Id == c.SalesRepUserId).Select(u => u.DisplayName).FirstOrDefault(),
                db.Users.Count(u => u.CompanyId == c.Id)))
            .ToListAsync(ct);
    }
}
