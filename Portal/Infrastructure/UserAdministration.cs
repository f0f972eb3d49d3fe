using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>Where a user stands: invited and not yet accepted, active, locked out after failed sign-ins, or deactivated.</summary>
public enum UserStatus
{
    Invited,
    Active,
    Locked,
    Deactivated,
}

/// <summary>
/// Everything done to a user after the invitation, in one place so every caller gets the same rules and the same audit
/// trail: a company's BuyerAdmin manages its own company's buyers; an Administrator manages everyone. A change that
/// takes rights away (deactivation, a role change) renews the user's security stamp, which ends every sign-in cookie of
/// the user on its next request (<see cref="ActiveSessionCheck"/>); API tokens check the user on every call anyway.
/// </summary>
public sealed class UserAdministration(UserManager<PortalUser> users, PortalDbContext db, AccountMails mails, TimeProvider clock)
{
    /// <summary>Invited: no password chosen yet and no Microsoft login linked, i.e. the invitation link was never used.</summary>
    public static IQueryable<PortalUser> Invited(PortalDbContext db, IQueryable<PortalUser> query) =>
        query.Where(u => u.PasswordHash == null && !db.UserLogins.Any(l => l.UserId == u.Id));

    /// <summary>A LIKE pattern (escape character \\) matching text that contains the lower-cased term, for case-blind searches on every provider.</summary>
    public static string ContainsPattern(string term) =>
        "%" + term.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    public static UserStatus StatusOf(bool isActive, bool accepted, DateTimeOffset? lockoutEnd, DateTimeOffset now) =>
        !isActive ? UserStatus.Deactivated
        : !accepted ? UserStatus.Invited
        : lockoutEnd > now ? UserStatus.Locked
        : UserStatus.Active;

    /// <summary>The user if the actor may manage it (an Administrator: anyone; a BuyerAdmin: its company's users); else null, which pages answer with 404.</summary>
    public async Task<PortalUser?> FindManageableAsync(Actor actor, string? userId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        return user is not null && CanManage(actor, user) ? user : null;
    }

    public async Task<bool> IsAcceptedAsync(PortalUser user, CancellationToken ct) =>
        user.PasswordHash is not null || await db.UserLogins.AnyAsync(l => l.UserId == user.Id, ct);

    public async Task DeactivateAsync(Actor actor, PortalUser user, CancellationToken ct)
    {
        Guard(actor, user);
        if (user.Id == actor.UserId)
        {
            throw new DomainException("You cannot deactivate yourself: ask another administrator.");
        }

        if (!user.IsActive)
        {
            throw new DomainException($"{user.Email} is already deactivated.");
        }

        await InOneTransactionAsync(async () =>
        {
            user.Deactivate();
            Audit(actor, user, "Deactivated", "Active", "Deactivated");
            Check(await users.UpdateSecurityStampAsync(user));
        }, ct);
    }

    public async Task ReactivateAsync(Actor actor, PortalUser user, CancellationToken ct)
    {
        Guard(actor, user);
        if (user.IsActive)
        {
            throw new DomainException($"{user.Email} is already active.");
        }

        await InOneTransactionAsync(async () =>
        {
            user.Activate();
            Audit(actor, user, "Reactivated", "Deactivated", "Active");
            Check(await users.UpdateAsync(user));
        }, ct);
    }

    /// <summary>Buyer ⇄ BuyerAdmin within the user's company. A company keeps at least one active buyer admin when its own admin demotes himself.</summary>
    public async Task ChangeBuyerRoleAsync(Actor actor, PortalUser user, string role, CancellationToken ct)
    {
        Guard(actor, user);
        if (user.CompanyId is null || !Roles.IsBuyerSide(role))
        {
            throw new DomainException("A company user is either Buyer or BuyerAdmin.", "Role");
        }

        var current = (await users.GetRolesAsync(user)).Where(Roles.IsBuyerSide).ToList();
        if (current.Count == 1 && current[0] == role)
        {
            throw new DomainException($"{user.Email} is already {role}.", "Role");
        }

        if (role == Roles.Buyer && user.Id == actor.UserId && !await OtherActiveAsync(user, Roles.BuyerAdmin, u => u.CompanyId == user.CompanyId, ct))
        {
            throw new DomainException("You are your company's last buyer admin: make a colleague buyer admin first.", "Role");
        }

        await InOneTransactionAsync(async () =>
        {
            if (current.Count > 0)
            {
                Check(await users.RemoveFromRolesAsync(user, current));
            }

            Check(await users.AddToRoleAsync(user, role));
            Audit(actor, user, "RoleChanged", string.Join(", ", current), role);
            Check(await users.UpdateSecurityStampAsync(user));
        }, ct);
    }

    /// <summary>An Administrator sets a staff user's roles (any of SalesRep, Accountant, Administrator; at least one).</summary>
    public async Task SetStaffRolesAsync(Actor actor, PortalUser user, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        RequireAdministrator(actor);
        if (user.CompanyId is not null)
        {
            throw new DomainException("A company's user has buyer roles only.", "Roles");
        }

        var wanted = roles.Distinct().ToList();
        if (wanted.Count == 0 || wanted.Any(r => !Roles.Staff.Contains(r)))
        {
            throw new DomainException("Choose at least one of SalesRep, Accountant and Administrator.", "Roles");
        }

        var current = (await users.GetRolesAsync(user)).ToList();
        if (current.Order().SequenceEqual(wanted.Order()))
        {
            return;
        }

        if (current.Contains(Roles.Administrator) && !wanted.Contains(Roles.Administrator) && user.IsActive
            && !await OtherActiveAsync(user, Roles.Administrator, u => u.CompanyId == null, ct))
        {
            throw new DomainException("This is the last active administrator: make someone else administrator first.", "Roles");
        }

        await InOneTransactionAsync(async () =>
        {
            var remove = current.Except(wanted).ToList();
            var add = wanted.Except(current).ToList();
            if (remove.Count > 0)
            {
                Check(await users.RemoveFromRolesAsync(user, remove));
            }

            if (add.Count > 0)
            {
                Check(await users.AddToRolesAsync(user, add));
            }

            Audit(actor, user, "RolesChanged", string.Join(", ", current.Order()), string.Join(", ", wanted.Order()));
            Check(await users.UpdateSecurityStampAsync(user));
        }, ct);
    }

    public async Task RenameAsync(Actor actor, PortalUser user, string displayName, CancellationToken ct)
    {
        Guard(actor, user);
        var before = user.DisplayName;
        user.Rename(displayName);
        if (before == user.DisplayName)
        {
            return;
        }

        await InOneTransactionAsync(async () =>
        {
            Audit(actor, user, "Renamed", before, user.DisplayName);
            Check(await users.UpdateAsync(user));
        }, ct);
    }

    /// <summary>Ends a lockout after failed sign-ins (the user may also end it by resetting the password).</summary>
    public async Task UnlockAsync(Actor actor, PortalUser user, CancellationToken ct)
    {
        RequireAdministrator(actor);
        if (user.LockoutEnd is null || user.LockoutEnd <= clock.GetUtcNow())
        {
            throw new DomainException($"{user.Email} is not locked.");
        }

        var until = user.LockoutEnd;
        await InOneTransactionAsync(async () =>
        {
            Audit(actor, user, "Unlocked", $"locked until {until:yyyy-MM-dd HH:mm} UTC", "unlocked");
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
        }, ct);
    }

    /// <summary>A new invitation mail; the new stamp makes every earlier link of this user invalid.</summary>
    public async Task ResendInvitationAsync(Actor actor, PortalUser user, CancellationToken ct)
    {
        Guard(actor, user);
        await RequireInvitedAsync(user, ct);
        await InOneTransactionAsync(async () =>
        {
            Audit(actor, user, "InvitationResent", null, $"to {user.Email}");
            Check(await users.UpdateSecurityStampAsync(user));
        }, ct);
        var company = user.CompanyId is { } id ? await db.Companies.Where(c => c.Id == id).Select(c => c.Name).SingleAsync(ct) : null;
        await mails.SendInvitationAsync(user, actor.DisplayName, company, ct);
    }

    /// <summary>Withdraws an invitation nobody accepted: the user is deleted, so its address can be invited again.</summary>
    public async Task RevokeInvitationAsync(Actor actor, PortalUser user, CancellationToken ct)
    {
        Guard(actor, user);
        await RequireInvitedAsync(user, ct);
        await InOneTransactionAsync(async () =>
        {
            Audit(actor, user, "InvitationRevoked", $"{user.Email} invited", null);
            Check(await users.DeleteAsync(user));
        }, ct);
    }

    /// <summary>An Administrator gives a company to a sales rep (or takes it away with null).</summary>
    public async Task AssignSalesRepAsync(Actor actor, int companyId, string? salesRepUserId, CancellationToken ct)
    {
        RequireAdministrator(actor);
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == companyId, ct)
            ?? throw new DomainException("That company does not exist.");
        string? repName = null;
        if (!string.IsNullOrEmpty(salesRepUserId))
        {
            var roleId = await db.Roles.Where(r => r.Name == Roles.SalesRep).Select(r => r.Id).SingleAsync(ct);
            repName = await db.Users.Where(u => u.Id == salesRepUserId && u.IsActive && u.CompanyId == null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId))
                .Select(u => u.DisplayName).SingleOrDefaultAsync(ct)
                ?? throw new DomainException("Choose an active sales rep.", "SalesRepUserId");
        }
        else
        {
            salesRepUserId = null;
        }

        if (company.SalesRepUserId == salesRepUserId)
        {
            return;
        }

        var before = company.SalesRepUserId is { } old ? await db.Users.Where(u => u.Id == old).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        company.AssignSalesRep(salesRepUserId);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), actor.UserId, actor.DisplayName, company.Id, "Company", company.ErpCustomerNumber, "SalesRepAssigned", before, repName));
        await db.SaveChangesAsync(ct);
    }

    private static bool CanManage(Actor actor, PortalUser user) =>
        actor.IsInRole(Roles.Administrator) || (actor.IsInRole(Roles.BuyerAdmin) && actor.CompanyId is not null && user.CompanyId == actor.CompanyId);

    private static void Guard(Actor actor, PortalUser user)
    {
        if (!CanManage(actor, user))
        {
            throw new DomainException("You can manage your own company's users only.");
        }
    }

    private static void RequireAdministrator(Actor actor)
    {
        if (!actor.IsInRole(Roles.Administrator))
        {
            throw new DomainException("Only an administrator can do this.");
        }
    }

    private async Task RequireInvitedAsync(PortalUser user, CancellationToken ct)
    {
        if (!user.IsActive || await IsAcceptedAsync(user, ct))
        {
            throw new DomainException($"{user.Email} has no open invitation: it was accepted or the user is deactivated.");
        }
    }

    private async Task<bool> OtherActiveAsync(PortalUser user, string role, System.Linq.Expressions.Expression<Func<PortalUser, bool>> scope, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync(ct);
        return await db.Users.Where(scope).AnyAsync(u => u.Id != user.Id && u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId), ct);
    }

    private void Audit(Actor actor, PortalUser user, string action, string? before, string? after) =>
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), actor.UserId, actor.DisplayName, user.CompanyId, "User", user.Id, action, before, after));

    /// <summary>Identity saves after each call: one transaction makes the change and its audit entry land together or not at all.</summary>
    private async Task InOneTransactionAsync(Func<Task> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await work();
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
