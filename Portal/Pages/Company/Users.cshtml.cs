using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Company;

/// <summary>
/// A BuyerAdmin's users of its company: who is invited (link not yet used), active, locked or deactivated; inviting,
/// resending or revoking an invitation, deactivating and reactivating, and switching between Buyer and BuyerAdmin.
/// The rules and the audit trail are in <see cref="UserAdministration"/>.
/// </summary>
public sealed class UsersModel(PortalDbContext db, UserInvitations invitations, UserAdministration administration, SignInManager<PortalUser> signIn, SpendingLimitEditor limits, TimeProvider clock)
    : PageModel, IFormPage
{
    public sealed record Row(string Id, string Email, string Name, string Role, UserStatus Status, DateTimeOffset CreatedAt, bool IsSelf);

    public IReadOnlyList<Row> Users { get; private set; } = [];

    /// <summary>Each active user's order limit and monthly budget, the company's budget, and this month's spending.</summary>
    public CompanySpending? Spending { get; private set; }

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

    /// <summary>Sets, changes or (empty amount) removes an order limit or budget (<see cref="SpendingLimitEditor"/>, audited there); userId empty: the company's budget.</summary>
    public async Task<IActionResult> OnPostSetLimitAsync(string? userId, SpendingLimitKind kind, string? amount, CancellationToken ct)
    {
        if (!await limits.SetAsync(User.ToActor(), userId, kind, amount, ct))
        {
            return NotFound();
        }

        TempData["Flash"] = "Order limit or budget saved.";
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostDeactivateAsync(string id, CancellationToken ct) =>
        ActAsync(id, (actor, user) => administration.DeactivateAsync(actor, user, ct), u => $"{u.Email} is deactivated: signed out, and its API tokens are refused.", ct);

    public Task<IActionResult> OnPostReactivateAsync(string id, CancellationToken ct) =>
        ActAsync(id, (actor, user) => administration.ReactivateAsync(actor, user, ct), u => $"{u.Email} is active again.", ct);

    public Task<IActionResult> OnPostResendAsync(string id, CancellationToken ct) =>
        ActAsync(id, (actor, user) => administration.ResendInvitationAsync(actor, user, ct), u => $"A new invitation was sent to {u.Email}; earlier links no longer work.", ct);

    public Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken ct) =>
        ActAsync(id, (actor, user) => administration.RevokeInvitationAsync(actor, user, ct), u => $"The invitation of {u.Email} is revoked.", ct);

    public async Task<IActionResult> OnPostRoleAsync(string id, string role, CancellationToken ct)
    {
        var actor = User.ToActor();
        var user = await administration.FindManageableAsync(actor, id, ct);
        if (user is null)
        {
            return NotFound();
        }

        await administration.ChangeBuyerRoleAsync(actor, user, role, ct);
        TempData["Flash"] = $"{user.Email} is now {(role == Roles.BuyerAdmin ? "a buyer admin" : "a buyer")}.";
        if (user.Id != actor.UserId)
        {
            return RedirectToPage();
        }

        // The new stamp ended this very sign-in: sign in again with the new role, which no longer reaches this page.
        await signIn.RefreshSignInAsync(user);
        return Redirect("/");
    }

    private async Task<IActionResult> ActAsync(string id, Func<Domain.Common.Actor, PortalUser, Task> action, Func<PortalUser, string> flash, CancellationToken ct)
    {
        var actor = User.ToActor();
        var user = await administration.FindManageableAsync(actor, id, ct);
        if (user is null)
        {
            return NotFound();
        }

        await action(actor, user);
        TempData["Flash"] = flash(user);
        return RedirectToPage();
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        var companyId = User.CompanyId();
        Spending = companyId is { } id ? await limits.ForCompanyAsync(id, ct) : null;
        var me = User.UserId();
        var now = clock.GetUtcNow();
        var rows = await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == companyId)
            .OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.IsActive, u.LockoutEnd, u.CreatedAt,
                Accepted = u.PasswordHash != null || db.UserLogins.Any(l => l.UserId == u.Id),
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).FirstOrDefault(),
            })
            .ToListAsync(ct);
        Users = rows.ConvertAll(u => new Row(u.Id, u.Email ?? "", u.DisplayName, u.Role ?? "", UserAdministration.StatusOf(u.IsActive, u.Accepted, u.LockoutEnd, now), u.CreatedAt, u.Id == me));
    }
}
