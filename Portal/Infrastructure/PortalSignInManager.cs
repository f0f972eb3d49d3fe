using System.Security.Claims;
using B2BPortal.Domain.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// A deactivated user (PortalUser.IsActive = false) can sign in by no route — password, a linked Microsoft login —
/// and an existing sign-in cookie stops working at its next security-stamp check
/// (Identity:SessionRevalidationMinutes).
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation)
    : SignInManager<PortalUser>(users, contextAccessor, claimsFactory, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user) => user.IsActive && await base.CanSignInAsync(user);

    public override async Task<PortalUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }
}
