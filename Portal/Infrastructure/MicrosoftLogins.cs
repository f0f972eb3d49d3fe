using System.Security.Claims;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Identity.Web;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// Who a "Sign in with Microsoft" is, and when it may be linked to a portal user.
/// A Microsoft login is its tenant id and object id (<c>tid:oid</c>), which Entra ID guarantees; the <c>email</c> and
/// <c>preferred_username</c> claims are whatever the tenant's administrator typed, so they never identify anybody
/// (the "nOAuth" flaw). A first link needs proof that the person owns the portal account: they are signed in locally
/// and link it themselves, they hold an invitation link, or their tenant is one their company allows and it says it
/// verified the address (<c>xms_edov</c>).
/// </summary>
public sealed class MicrosoftLogins(UserManager<PortalUser> users, PortalDbContext db, TimeProvider clock)
{
    /// <summary>AuthenticationProperties items that carry an invitation through the Microsoft round trip (protected in the state).</summary>
    public const string InvitedUserItem = "b2b.invited-user";
    public const string InvitationTokenItem = "b2b.invitation-token";

    /// <summary>The login key, <c>tid:oid</c>, or null when the token lacks either.</summary>
    public static string? Key(ClaimsPrincipal principal) =>
        principal.GetTenantId() is { Length: > 0 } tid && principal.GetObjectId() is { Length: > 0 } oid ? $"{tid}:{oid}" : null;

    /// <summary>The invited user whose invitation token came back with the sign-in, if the token is still good.</summary>
    public async Task<PortalUser?> InvitedUserAsync(AuthenticationProperties? properties)
    {
        if (properties?.Items.TryGetValue(InvitedUserItem, out var userId) != true || userId is null
            || !properties.Items.TryGetValue(InvitationTokenItem, out var token) || token is null)
        {
            return null;
        }

        var user = await users.FindByIdAsync(userId);
        return user is { IsActive: true } && await IsInvitationValidAsync(user, token) ? user : null;
    }

    public Task<bool> IsInvitationValidAsync(PortalUser user, string token) =>
        users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<PortalUser>.ResetPasswordTokenPurpose, token);

    /// <summary>
    /// The buyer a first sign-in may be linked to without other proof: the token's tenant is one the buyer's company
    /// allows and says it verified the e-mail's domain (<c>xms_edov</c>). Staff are never linked this way.
    /// </summary>
    public async Task<PortalUser?> VerifiedByAllowedTenantAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var verified = principal.FindFirstValue("xms_edov") is { } edov && (edov.Equals("true", StringComparison.OrdinalIgnoreCase) || edov == "1");
        var email = principal.FindFirstValue("email") ?? principal.FindFirstValue(ClaimTypes.Email);
        if (!verified || email is null || !Guid.TryParse(principal.GetTenantId(), out var tenant))
        {
            return null;
        }

        var user = await users.FindByEmailAsync(email);
        if (user is not { EmailConfirmed: true, IsActive: true, CompanyId: { } companyId })
        {
            return null;
        }

        var allowed = await db.Companies.AsNoTracking().Where(c => c.Id == companyId).Select(c => c.SignInTenants).SingleAsync(ct);
        return allowed.Contains(tenant.ToString("D"), StringComparison.OrdinalIgnoreCase) ? user : null;
    }

    /// <summary>Links the Microsoft login to the user and audits how ownership was proven.</summary>
    public async Task LinkAsync(PortalUser user, string key, string proof, CancellationToken ct)
    {
        var added = await users.AddLoginAsync(user, new UserLoginInfo(IdentitySetup.MicrosoftScheme, key, "Microsoft"));
        if (!added.Succeeded)
        {
            throw new DomainException(added.Errors.Any(e => e.Code == "LoginAlreadyAssociated")
                ? "This Microsoft account is already linked to a portal user."
                : string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), user.Id, user.DisplayName, user.CompanyId, "User", user.Id, "MicrosoftLinked", null, $"{key} ({proof})"));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes the user's Microsoft logins (the user's own choice, on the account page).</summary>
    public async Task UnlinkAsync(PortalUser user, CancellationToken ct)
    {
        foreach (var login in (await users.GetLoginsAsync(user)).Where(l => l.LoginProvider == IdentitySetup.MicrosoftScheme))
        {
            await users.RemoveLoginAsync(user, login.LoginProvider, login.ProviderKey);
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), user.Id, user.DisplayName, user.CompanyId, "User", user.Id, "MicrosoftUnlinked", login.ProviderKey, null));
        }

        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Changes a company's allowed sign-in tenants: its own BuyerAdmin or an Administrator; audited.</summary>
public sealed class CompanySignInTenants(PortalDbContext db, TimeProvider clock)
{
    public async Task SaveAsync(Actor actor, int companyId, string tenants, CancellationToken ct)
    {
        if (!actor.IsInRole(Roles.Administrator) && !(actor.IsInRole(Roles.BuyerAdmin) && actor.CompanyId == companyId))
        {
            throw new DomainException("You can change the sign-in tenants of your own company only.");
        }

        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == companyId, ct) ?? throw new DomainException("That company does not exist.");
        var before = company.SignInTenants;
        company.AllowSignInTenants(tenants.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        if (company.SignInTenants != before)
        {
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), actor.UserId, actor.DisplayName, companyId, "Company", companyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "SignInTenantsChanged", before, company.SignInTenants));
            await db.SaveChangesAsync(ct);
        }
    }
}
