using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>Invitations and password resets: an Identity token in a link, valid for Identity:InvitationValidDays.</summary>
public sealed class AccountMails(UserManager<PortalUser> users, IMailer mailer, IOptions<MailOptions> mail)
{
    /// <summary>
    /// The sign-in page answers a locked account like any wrong password, so that nobody else learns the account
    /// exists; its owner learns it from this mail, with a way back in.
    /// </summary>
    public async Task SendLockoutNoticeAsync(PortalUser user, DateTimeOffset? lockedUntil, CancellationToken ct)
    {
        var link = await LinkAsync(user, "/Account/ResetPassword");
        var until = lockedUntil is { } end ? $" until {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : string.Empty;
        await mailer.SendAsync(new OutgoingMail(user.Email!, "Your B2BPortal account is locked",
            $"Hello {user.DisplayName},\n\nafter too many failed sign-ins your B2BPortal account is locked{until}. Until then even the right password is refused.\n\nIf it was you, wait, or choose a new password with this link (it also unlocks the account):\n\n{link}\n\nIf it was not you, someone tried to guess your password: tell your administrator.",
            PortalText: $"After too many failed sign-ins your account was locked{until}. We e-mailed you a link to choose a new password, which also unlocks it. If it was not you, tell your administrator."), ct);
    }

    /// <summary>A one-time link to choose a password on the welcome page, for a user created without one (the create-admin command).</summary>
    public Task<string> WelcomeLinkAsync(PortalUser user) => LinkAsync(user, "/Account/AcceptInvitation");

    public async Task SendPasswordResetAsync(PortalUser user, CancellationToken ct)
    {
        var link = await LinkAsync(user, "/Account/ResetPassword");
        await mailer.SendAsync(new OutgoingMail(user.Email!, "Reset your B2BPortal password",
            $"Hello {user.DisplayName},\n\nsomeone asked to reset the password of your B2BPortal account. If it was you, open this link to choose a new one:\n\n{link}\n\nIf it was not you, ignore this e-mail; your password stays as it is.",
            PortalText: "Someone asked to reset your password; we e-mailed you the link. If it was not you, ignore it: your password stays as it is."), ct);
    }

    public async Task SendInvitationAsync(PortalUser user, string invitedBy, string? companyName, CancellationToken ct)
    {
        var link = await WelcomeLinkAsync(user);
        var where = companyName is null ? "the B2BPortal staff" : $"{companyName} on B2BPortal";
        await mailer.SendAsync(new OutgoingMail(user.Email!, "You are invited to B2BPortal",
            $"Hello {user.DisplayName},\n\n{invitedBy} has invited you to {where}. Open this link to choose your password:\n\n{link}\n",
            PortalText: $"{invitedBy} invited you to {where}. Welcome!"), ct);
    }

    /// <summary>
    /// Tells a company's active buyer admins that an API token now acts as one of its users, so a token nobody in the
    /// company asked for does not go unnoticed. The token itself is never in the mail.
    /// </summary>
    public async Task SendTokenIssuedAsync(PortalDbContext db, ApiToken token, PortalUser owner, string issuedBy, CancellationToken ct)
    {
        if (owner.CompanyId is not { } companyId)
        {
            return;
        }

        var adminRole = await db.Roles.Where(r => r.Name == Roles.BuyerAdmin).Select(r => r.Id).SingleAsync(ct);
        var admins = await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == companyId && u.IsActive && u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole))
            .Select(u => new { Email = u.Email!, u.DisplayName })
            .ToListAsync(ct);
        var link = mail.Value.PublicBaseUrl.TrimEnd('/') + "/Tokens";
        foreach (var admin in admins)
        {
            await mailer.SendAsync(new OutgoingMail(admin.Email, "An API token was issued for your company",
                $"Hello {admin.DisplayName},\n\n{issuedBy} issued the API token \"{token.Name}\" ({token.Hint}…). It acts as {owner.DisplayName} <{owner.Email}> with that user's rights, for {string.Join(", ", token.ScopeList)}, and expires on {token.ExpiresAt:yyyy-MM-dd}.\n\nIf nobody in your company asked for it, revoke it here:\n\n{link}\n", Link: "/Tokens"), ct);
        }
    }

    private async Task<string> LinkAsync(PortalUser user, string page)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return QueryHelpers.AddQueryString(mail.Value.PublicBaseUrl.TrimEnd('/') + page, new Dictionary<string, string?> { ["userId"] = user.Id, ["token"] = token });
    }
}

/// <summary>Creates invited users: a company's BuyerAdmin for its own company, an Administrator for anyone.</summary>
public sealed class UserInvitations(UserManager<PortalUser> users, PortalDbContext db, AccountMails mails, TimeProvider clock)
{
    public async Task<PortalUser> InviteAsync(Actor inviter, string email, string displayName, string role, int? companyId, CancellationToken ct)
    {
        if (!Roles.All.Contains(role))
        {
            throw new DomainException($"Unknown role '{role}'.", "Role");
        }

        if (!inviter.IsInRole(Roles.Administrator))
        {
            // A BuyerAdmin invites into its own company only, and never staff.
            if (inviter.CompanyId is null || companyId != inviter.CompanyId || !Roles.IsBuyerSide(role))
            {
                throw new DomainException("You can invite buyers and buyer admins of your own company only.");
            }
        }

        if (Roles.IsBuyerSide(role) && companyId is null)
        {
            throw new DomainException("A buyer belongs to a customer company: choose one.", "CompanyId");
        }

        if (!Roles.IsBuyerSide(role) && companyId is not null)
        {
            throw new DomainException("Staff belong to no customer company.", "CompanyId");
        }

        var company = companyId is null ? null : await db.Companies.FindAsync([companyId.Value], ct)
            ?? throw new DomainException("That company does not exist.", "CompanyId");

        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new DomainException($"There is already a user with the address {email}.", "Email");
        }

        var now = clock.GetUtcNow();
        var user = companyId is { } id ? PortalUser.CreateBuyerSide(email, displayName, id, now) : PortalUser.CreateStaff(email, displayName, now);
        Check(await users.CreateAsync(user));
        Check(await users.AddToRoleAsync(user, role));
        db.AuditEntries.Add(new AuditEntry(now, inviter.UserId, inviter.DisplayName, companyId, "User", user.Id, "Invited", null, $"{email} as {role}"));
        await db.SaveChangesAsync(ct);
        await mails.SendInvitationAsync(user, inviter.DisplayName, company?.Name, ct);
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
