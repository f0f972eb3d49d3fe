using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Admin;

/// <summary>Administrators: every user, searched by name, e-mail or company and paged; inviting staff or buyers of any company.</summary>
public sealed class UsersModel(PortalDbContext db, UserInvitations invitations, TimeProvider clock) : PageModel, IFormPage
{
    public const int PageSize = 25;

    public sealed record Row(string Id, string Email, string Name, string? Company, string Roles, UserStatus Status);

    public IReadOnlyList<Row> Users { get; private set; } = [];

    public IReadOnlyList<(int Id, string Name)> Companies { get; private set; } = [];

    public int TotalCount { get; private set; }

    public bool HasNext => Paging.Offset(PageNumber, PageSize) + Users.Count < TotalCount;

    [BindProperty(SupportsGet = true), StringLength(100)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public UserStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageNumber"), Range(1, 100_000)]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    public sealed class InviteInput
    {
        [Required, EmailAddress, Display(Name = "E-mail")]
        public string Email { get; set; } = string.Empty;

        [Required, StringLength(PortalUser.DisplayNameMaxLength), Display(Name = "Name")]
        public string Name { get; set; } = string.Empty;

        [Required]
        public string Role { get; set; } = Roles.Buyer;

        [Display(Name = "Company (buyers only)")]
        public int? CompanyId { get; set; }
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (Roles.IsBuyerSide(Invite.Role) && Invite.CompanyId is null)
        {
            ModelState.AddModelError("Invite.CompanyId", $"A {(Invite.Role == Roles.BuyerAdmin ? "buyer admin" : "buyer")} belongs to a customer company: choose the company (\"none\" is for staff only).");
        }
        else if (Roles.Staff.Contains(Invite.Role) && Invite.CompanyId is not null)
        {
            ModelState.AddModelError("Invite.CompanyId", $"A {Invite.Role} is staff and belongs to no customer company: choose \"none (staff)\".");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await invitations.InviteAsync(User.ToActor(), Invite.Email, Invite.Name, Invite.Role, Invite.CompanyId, ct);
        TempData["Flash"] = $"Invitation sent to {Invite.Email}.";
        return RedirectToPage();
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var page = Math.Max(1, PageNumber);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q) && Q.Length <= 100)
        {
            var like = UserAdministration.ContainsPattern(Q);
            query = query.Where(u => EF.Functions.Like(u.Email!.ToLower(), like, "\\") || EF.Functions.Like(u.DisplayName.ToLower(), like, "\\")
                || db.Companies.Any(c => c.Id == u.CompanyId && (EF.Functions.Like(c.Name.ToLower(), like, "\\") || EF.Functions.Like(c.ErpCustomerNumber.ToLower(), like, "\\"))));
        }

        query = Status switch
        {
            UserStatus.Deactivated => query.Where(u => !u.IsActive),
            UserStatus.Invited => UserAdministration.Invited(db, query.Where(u => u.IsActive)),
            UserStatus.Locked => query.Where(u => u.IsActive && u.LockoutEnd != null && u.LockoutEnd > now),
            UserStatus.Active => query.Where(u => u.IsActive && (u.PasswordHash != null || db.UserLogins.Any(l => l.UserId == u.Id))),
            _ => query,
        };

        TotalCount = await query.CountAsync(ct);
        var rows = await query.OrderBy(u => u.CompanyId == null ? 0 : 1).ThenBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Skip(Paging.Offset(page, PageSize)).Take(PageSize)
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.IsActive, u.LockoutEnd,
                Accepted = u.PasswordHash != null || db.UserLogins.Any(l => l.UserId == u.Id),
                Company = db.Companies.Where(c => c.Id == u.CompanyId).Select(c => c.Name).FirstOrDefault(),
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            }).ToListAsync(ct);

        // "Active" also lists locked users (they are accepted and active); the status shown says which.
        Users = rows.ConvertAll(u => new Row(u.Id, u.Email ?? "", u.DisplayName, u.Company, string.Join(", ", u.Roles.Order()),
            UserAdministration.StatusOf(u.IsActive, u.Accepted, u.LockoutEnd, now)));
        Companies = (await db.Companies.AsNoTracking().OrderBy(c => c.Name).Take(1000).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)).ToList();
    }
}
