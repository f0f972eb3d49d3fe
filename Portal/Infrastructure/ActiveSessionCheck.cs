using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// Ends a sign-in cookie on the very next request after its user was deactivated or had rights taken away: one
/// primary-key read of the user's active flag and security stamp per signed-in request, compared with the stamp the
/// cookie was issued with. Identity's own validator (Identity:SessionRevalidationMinutes) still refreshes the claims;
/// this check only makes a renewed stamp (deactivation, role change, password reset) take effect at once rather than
/// minutes later.
/// </summary>
internal static class ActiveSessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal?.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var userId = context.Principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var stamp = context.Principal.FindFirst(stampClaim)?.Value;
        var db = services.GetRequiredService<PortalDbContext>();
        var current = userId is null ? null : await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.IsActive, u.SecurityStamp })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (current is { IsActive: true } && current.SecurityStamp == stamp)
        {
            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
