using B2BPortal.Domain.Identity;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Identity.Web;

namespace B2BPortal.Portal.Pages.Account;

/// <summary>
/// "Sign in with Microsoft": Entra ID proves who the person is — a tenant and an object id (MicrosoftLogins.Key) —
/// and a login linked to that pair signs in. An unlinked one is linked only with proof of the portal account
/// (an invitation that came along, or an allowed tenant that verified the address); the e-mail claim alone never
/// links. Nobody gets an account by signing in.
/// </summary>
public sealed class ExternalLoginModel(SignInManager<PortalUser> signIn, MicrosoftLogins logins, IConfiguration configuration, ILogger<ExternalLoginModel> logger) : PageModel
{
    public const string NotLinked = "This Microsoft account is not linked to a portal account. Sign in with your e-mail and password, then link it under \"Microsoft sign-in\"; or use the link in your invitation.";

    public string? Message { get; private set; }

    public IActionResult OnGet() => RedirectToPage("/Account/Login");

    public IActionResult OnPost(string? returnUrl)
    {
        if (!IdentitySetup.MicrosoftSignInEnabled(configuration))
        {
            return NotFound();
        }

        var redirect = Url.Page("/Account/ExternalLogin", "Callback", new { returnUrl });
        var properties = signIn.ConfigureExternalAuthenticationProperties(IdentitySetup.MicrosoftScheme, redirect);
        return Challenge(properties, IdentitySetup.MicrosoftScheme);
    }

    public async Task<IActionResult> OnGetCallbackAsync(string? returnUrl, CancellationToken ct)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        var key = info is null ? null : MicrosoftLogins.Key(info.Principal);
        if (info is null || key is null)
        {
            Message = "Microsoft did not confirm the sign-in. Try again.";
            return Page();
        }

        var existing = await signIn.ExternalLoginSignInAsync(IdentitySetup.MicrosoftScheme, key, isPersistent: false, bypassTwoFactor: false);
        if (existing.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }

        if (existing.IsLockedOut || existing.IsNotAllowed)
        {
            Message = "This account cannot sign in right now. Try again later or ask your company's administrator.";
            return Page();
        }

        var invited = await logins.InvitedUserAsync(info.AuthenticationProperties);
        var user = invited ?? await logins.VerifiedByAllowedTenantAsync(info.Principal, ct);
        if (user is null)
        {
            logger.LogWarning("Microsoft sign-in {Key} (claimed e-mail {Email}) is not linked and proves no portal account", key, info.Principal.FindFirst("email")?.Value);
            Message = NotLinked;
            return Page();
        }

        await logins.LinkAsync(user, key, invited is null ? "tenant allowed by the company, verified e-mail" : "invitation", ct);
        if (invited is not null)
        {
            // The invitation is spent: a new security stamp invalidates its token. Following it proved the address.
            invited.EmailConfirmed = true;
            await signIn.UserManager.UpdateSecurityStampAsync(invited);
        }

        logger.LogInformation("Linked Microsoft sign-in {Key} to user {UserId} ({Tenant})", key, user.Id, info.Principal.GetTenantId());
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        await signIn.SignInAsync(user, isPersistent: false, IdentitySetup.MicrosoftScheme);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
