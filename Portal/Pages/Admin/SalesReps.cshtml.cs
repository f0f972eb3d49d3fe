using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Admin;

/// <summary>Administrators: which sales rep owns which customer company (the rep's quotes inbox, ageing and customers follow it).</summary>
public sealed class SalesRepsModel(PortalDbContext db, UserAdministration administration) : PageModel, IFormPage
{
    public const int PageSize = 50;

    public sealed record Row(int Id, string Number, string Name, string? SalesRepUserId, string? SalesRepName);

    public IReadOnlyList<Row> Companies { get; private set; } = [];

    public IReadOnlyList<(string Id, string Name)> Reps { get; private set; } = [];

    public int TotalCount { get; private set; }

    [BindProperty(SupportsGet = true), StringLength(100)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageNumber"), Range(1, 100_000)]
    public int PageNumber { get; set; } = 1;

    public bool HasNext => Paging.Offset(PageNumber, PageSize) + Companies.Count < TotalCount;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAssignAsync(int companyId, string? salesRepUserId, CancellationToken ct)
    {
        await administration.AssignSalesRepAsync(User.ToActor(), companyId, salesRepUserId, ct);
        TempData["Flash"] = "The sales rep is assigned.";
        return RedirectToPage(new { q = Q, pageNumber = PageNumber });
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        var query = db.Companies.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q) && Q.Length <= 100)
        {
            var like = UserAdministration.ContainsPattern(Q);
            query = query.Where(c => EF.Functions.Like(c.Name.ToLower(), like, "\\") || EF.Functions.Like(c.ErpCustomerNumber.ToLower(), like, "\\"));
        }

        TotalCount = await query.CountAsync(ct);
        Companies = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(Paging.Offset(Math.Max(1, PageNumber), PageSize)).Take(PageSize)
            .Select(c => new Row(c.Id, c.ErpCustomerNumber, c.Name, c.SalesRepUserId, db.Users.Where(u => u.Id == c.SalesRepUserId).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(ct);
        var repRole = await db.Roles.Where(r => r.Name == Roles.SalesRep).Select(r => r.Id).SingleAsync(ct);
        Reps = (await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.CompanyId == null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == repRole))
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
            .ConvertAll(u => (u.Id, u.DisplayName));
    }
}
