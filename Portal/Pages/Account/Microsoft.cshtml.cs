using B2BPortal.Domain.Identity;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Account;

/// <summary>
/// The signed-in user's own Microsoft sign-in: link one explicitly (being signed in here proves the portal account;
/// the round trip to Microsoft proves the Microsoft one), or remove it.
/// </summary>
public sealed class MicrosoftModel(SignInManager<PortalUser> signIn, MicrosoftLogins logins, IConfiguration configuration) : PageModel
{
    public bool Enabled => IdentitySetup.MicrosoftSignInEnabled(configuration);

    public IReadOnlyList<string> Linked { get; private set; } = [];

    public async Task OnGetAsync() => Linked = await LinkedAsync();

    public async Task<IActionResult> OnPostLinkAsync()
    {
        if (!Enabled)
        {
            return NotFound();
        }

        // The user id rides along (Identity's XSRF check): the callback links only to the user who asked.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        var redirect = Url.Page("/Account/Microsoft", "Linked");
        var properties = signIn.ConfigureExternalAuthenticationProperties(IdentitySetup.MicrosoftScheme, redirect, signIn.UserManager.GetUserId(User));
        return Challenge(properties, IdentitySetup.MicrosoftScheme);
    }

    public async Task<IActionResult> OnGetLinkedAsync(CancellationToken ct)
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        var info = user is null ? null : await signIn.GetExternalLoginInfoAsync(user.Id);
        var key = info is null ? null : MicrosoftLogins.Key(info.Principal);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (user is null || key is null)
        {
            TempData["Flash"] = "Microsoft did not confirm the sign-in, so nothing was linked. Try again.";
            return RedirectToPage();
        }

        await logins.LinkAsync(user, key, "linked by the signed-in user", ct);
        TempData["Flash"] = "Your Microsoft account is linked: from now on you can sign in with Microsoft.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnlinkAsync(CancellationToken ct)
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await logins.UnlinkAsync(user, ct);
        TempData["Flash"] = "Your Microsoft sign-in is removed.";
        return RedirectToPage();
    }

    private async Task<IReadOnlyList<string>> LinkedAsync()
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        return user is null ? [] : (await signIn.UserManager.GetLoginsAsync(user)).Where(l => l.LoginProvider == IdentitySetup.MicrosoftScheme).Select(l => l.ProviderKey).ToList();
    }
}
