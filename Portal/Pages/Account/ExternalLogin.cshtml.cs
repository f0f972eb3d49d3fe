using System.Security.Claims;
using B2BPortal.Domain.Identity;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Account;

/// <summary>
/// "Sign in with Microsoft": Entra ID proves who the person is; the portal links them to the local user with the
/// same e-mail, but only when that local address is verified. Nobody gets an account by signing in.
/// </summary>
public sealed class ExternalLoginModel(SignInManager<PortalUser> signIn, IConfiguration configuration, ILogger<ExternalLoginModel> logger) : PageModel
{
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

    public async Task<IActionResult> OnGetCallbackAsync(string? returnUrl)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            Message = "Microsoft did not confirm the sign-in. Try again.";
            return Page();
        }

        var existing = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
        if (existing.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }

        if (existing.IsLockedOut)
        {
            Message = "This account is locked for a while.";
            return Page();
        }

        var email = info.Principal.FindFirstValue(ClaimTypes.Email) ?? info.Principal.FindFirstValue("preferred_username") ?? info.Principal.FindFirstValue("email");
        var user = email is null ? null : await signIn.UserManager.FindByEmailAsync(email);
        if (user is null || !user.EmailConfirmed || !user.IsActive)
        {
            logger.LogWarning("Microsoft sign-in for {Email} has no verified local user", email);
            Message = $"There is no portal account with the verified address {email}. Ask your company's administrator to invite you first.";
            return Page();
        }

        var added = await signIn.UserManager.AddLoginAsync(user, info);
        if (!added.Succeeded)
        {
            Message = string.Join(" ", added.Errors.Select(e => e.Description));
            return Page();
        }

        logger.LogInformation("Linked Microsoft sign-in to {Email}", email);
        await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
