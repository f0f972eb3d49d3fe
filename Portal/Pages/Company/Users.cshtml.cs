using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Company;

/// <summary>A BuyerAdmin's list of its company's users, and inviting new ones.</summary>
public sealed class UsersModel(PortalDbContext db, UserInvitations invitations) : PageModel, IFormPage
{
    public sealed record Row(string Id, string Email, string Name, string Role, bool IsActive, bool Locked);

    public IReadOnlyList<Row> Users { get; private set; } = [];

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
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        await invitations.InviteAsync(User.ToActor(), Invite.Email, Invite.Name, Invite.Role, User.CompanyId(), ct);
        TempData["Flash"] = $"Invitation sent to {Invite.Email}.";
        return RedirectToPage();
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        var companyId = User.CompanyId();
        Users = await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == companyId)
            .OrderBy(u => u.DisplayName)
            .Select(u => new Row(u.Id, u.Email!, u.DisplayName,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).FirstOrDefault() ?? "",
                u.IsActive, u.LockoutEnd != null && u.LockoutEnd > DateTimeOffset.UtcNow))
            .ToListAsync(ct);
    }
}
