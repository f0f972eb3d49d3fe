using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Admin;

/// <summary>Administrators: every user, and inviting staff or buyers of any company.</summary>
public sealed class UsersModel(PortalDbContext db, UserInvitations invitations) : PageModel, IFormPage
{
    public sealed record Row(string Email, string Name, string? Company, string Roles, bool IsActive);

    public IReadOnlyList<Row> Users { get; private set; } = [];

    public IReadOnlyList<(int Id, string Name)> Companies { get; private set; } = [];

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
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        await invitations.InviteAsync(User.ToActor(), Invite.Email, Invite.Name, Invite.Role, Invite.CompanyId, ct);
        TempData["Flash"] = $"Invitation sent to {Invite.Email}.";
        return RedirectToPage();
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        Users = (await db.Users.AsNoTracking().OrderBy(u => u.CompanyId).ThenBy(u => u.DisplayName).Take(500)
            .Select(u => new
            {
                u.Email, u.DisplayName, u.IsActive,
                Company = db.Companies.Where(c => c.Id == u.CompanyId).Select(c => c.Name).FirstOrDefault(),
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            }).ToListAsync(ct))
            .Select(u => new Row(u.Email ?? "", u.DisplayName, u.Company, string.Join(", ", u.Roles), u.IsActive)).ToList();
        Companies = (await db.Companies.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)).ToList();
    }
}
