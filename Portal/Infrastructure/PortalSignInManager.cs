using System.Security.Claims;
using System.Security.Cryptography;
using B2BPortal.Domain.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// A deactivated user (PortalUser.IsActive = false) can sign in by no route — password, a linked Microsoft login —
/// and an existing sign-in cookie stops working at its next security-stamp check
/// (Identity:SessionRevalidationMinutes).
/// Every password sign-in costs exactly one password-hash verification, whether the address is unknown, the account
/// is locked, disabled or has no password yet: the answer's timing tells an attacker nothing about the account.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    DecoyPasswordHash decoy,
    AccountMails mails)
    : SignInManager<PortalUser>(users, contextAccessor, claimsFactory, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user) => user.IsActive && await base.CanSignInAsync(user);

    public override async Task<PortalUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            decoy.Verify(UserManager.PasswordHasher, password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(PortalUser user, string password, bool lockoutOnFailure)
    {
        // Identity skips the hash for a locked or disabled account and for one without a password: verify one anyway.
        var refused = await PreSignInCheck(user);
        if (refused is not null || user.PasswordHash is null)
        {
            decoy.Verify(UserManager.PasswordHasher, password);
            if (refused is not null)
            {
                return refused;
            }
        }

        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        if (result.IsLockedOut)
        {
            // This failure locked the account (an already locked one was refused above): only its owner hears of it.
            await mails.SendLockoutNoticeAsync(user, await UserManager.GetLockoutEndDateAsync(user), CancellationToken.None);
        }

        return result;
    }
}

/// <summary>
/// A password hash of a random secret, made once by the portal's own hasher (same algorithm and iteration count as
/// real hashes), verified in place of a hash the sign-in does not have.
/// </summary>
public sealed class DecoyPasswordHash
{
    private static readonly PortalUser Nobody = PortalUser.CreateStaff("nobody@invalid", "nobody", DateTimeOffset.UnixEpoch);
    private string? _hash;

    public void Verify(IPasswordHasher<PortalUser> hasher, string password)
    {
        _hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        hasher.VerifyHashedPassword(Nobody, _hash, password);
    }
}
