using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Admin;

/// <summary>
/// An Administrator's view of one user: rename, roles (a staff user's staff roles, a company user's Buyer/BuyerAdmin),
/// deactivate or reactivate, unlock, resend or revoke an open invitation, and the user's recent audit trail.
/// </summary>
public sealed class UserDetailsModel(PortalDbContext db, UserManager<PortalUser> users, UserAdministration administration, TimeProvider clock) : PageModel, IFormPage
{
    public sealed record Change(DateTimeOffset At, string ActorName, string Action, string? Before, string? After);

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    public PortalUser? Subject { get; private set; }

    public string? CompanyName { get; private set; }

    public IReadOnlyList<string> CurrentRoles { get; private set; } = [];

    public UserStatus Status { get; private set; }

    public IReadOnlyList<Change> History { get; private set; } = [];

    [BindProperty, Required, StringLength(PortalUser.DisplayNameMaxLength), Display(Name = "Display name")]
    public string DisplayName { get; set; } = string.Empty;

    [BindProperty]
    public List<string> StaffRoles { get; set; } = [];

    public bool IsStaffUser => Subject is { CompanyId: null };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Subject is null)
        {
            return NotFound();
        }

        DisplayName = Subject.DisplayName;
        return Page();
    }

    public Task<IActionResult> OnPostRenameAsync(CancellationToken ct) => ActAsync((a, u) =>
        ModelState.IsValid ? administration.RenameAsync(a, u, DisplayName, ct) : throw new DomainException("A display name has 1 to 120 characters.", nameof(DisplayName)), "The name is saved.", ct);

    public Task<IActionResult> OnPostStaffRolesAsync(CancellationToken ct) =>
        ActAsync((a, u) => administration.SetStaffRolesAsync(a, u, StaffRoles, ct), "The roles are saved; the user signs in again to use them.", ct);

    public Task<IActionResult> OnPostBuyerRoleAsync(string role, CancellationToken ct) =>
        ActAsync((a, u) => administration.ChangeBuyerRoleAsync(a, u, role, ct), "The role is changed; the user signs in again to use it.", ct);

    public Task<IActionResult> OnPostDeactivateAsync(CancellationToken ct) =>
        ActAsync((a, u) => administration.DeactivateAsync(a, u, ct), "The user is deactivated: signed out, and its API tokens are refused.", ct);

    public Task<IActionResult> OnPostReactivateAsync(CancellationToken ct) =>
        ActAsync((a, u) => administration.ReactivateAsync(a, u, ct), "The user is active again.", ct);

    public Task<IActionResult> OnPostUnlockAsync(CancellationToken ct) =>
        ActAsync((a, u) => administration.UnlockAsync(a, u, ct), "The user is unlocked.", ct);

    public Task<IActionResult> OnPostResendAsync(CancellationToken ct) =>
        ActAsync((a, u) => administration.ResendInvitationAsync(a, u, ct), "A new invitation is sent; earlier links no longer work.", ct);

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var user = await administration.FindManageableAsync(actor, Id, ct);
        if (user is null)
        {
            return NotFound();
        }

        await administration.RevokeInvitationAsync(actor, user, ct);
        TempData["Flash"] = $"The invitation of {user.Email} is revoked.";
        return RedirectToPage("/Admin/Users");
    }

    private async Task<IActionResult> ActAsync(Func<Actor, PortalUser, Task> action, string flash, CancellationToken ct)
    {
        var actor = User.ToActor();
        var user = await administration.FindManageableAsync(actor, Id, ct);
        if (user is null)
        {
            return NotFound();
        }

        await action(actor, user);
        TempData["Flash"] = flash;
        return RedirectToPage(new { id = user.Id });
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        Subject = string.IsNullOrEmpty(Id) ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == Id, ct);
        if (Subject is null)
        {
            return;
        }

        CompanyName = Subject.CompanyId is { } companyId ? await db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleAsync(ct) : null;
        CurrentRoles = (await users.GetRolesAsync(Subject)).Order().ToList();
        Status = UserAdministration.StatusOf(Subject.IsActive, await administration.IsAcceptedAsync(Subject, ct), Subject.LockoutEnd, clock.GetUtcNow());
        History = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == "User" && a.EntityId == Subject.Id)
            .OrderByDescending(a => a.Id).Take(20)
            .Select(a => new Change(a.At, a.ActorName, a.Action, a.Before, a.After))
            .ToListAsync(ct);
        if (StaffRoles.Count == 0)
        {
            StaffRoles = CurrentRoles.ToList();
        }
    }
}
