using System.Security.Claims;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Infrastructure;

public static class PortalClaimTypes
{
    public const string CompanyId = "b2b:company_id";
    public const string DisplayName = "b2b:display_name";
}

public static class ClaimsPrincipalExtensions
{
    /// <summary>The buyer's company; null for staff. Every buyer-side query filters by it.</summary>
    public static int? CompanyId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(PortalClaimTypes.CompanyId), out var id) ? id : null;

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The user is not signed in.");

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(PortalClaimTypes.DisplayName) ?? user.Identity?.Name ?? "unknown";

    public static bool IsStaff(this ClaimsPrincipal user) => Roles.Staff.Any(user.IsInRole);

    public static Actor ToActor(this ClaimsPrincipal user) =>
        Actor.User(user.UserId(), user.DisplayName(), user.CompanyId(), Roles.All.Where(user.IsInRole).ToHashSet());
}

/// <summary>Puts the company and display name into the sign-in cookie, so no request has to look them up.</summary>
public sealed class PortalClaimsFactory(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaimTypes.DisplayName, user.DisplayName));
        if (user.CompanyId is { } companyId)
        {
            identity.AddClaim(new Claim(PortalClaimTypes.CompanyId, companyId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
