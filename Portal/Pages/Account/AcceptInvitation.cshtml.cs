using B2BPortal.Domain.Identity;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace B2BPortal.Portal.Pages.Account;

/// <summary>
/// An invited user's first visit: the same token flow as a reset, worded as a welcome. Instead of a password the
/// invited user may sign in with Microsoft: the invitation's token goes along and, being proof of the address,
/// links that Microsoft account to this user (ExternalLogin).
/// </summary>
public sealed class AcceptInvitationModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, MicrosoftLogins logins, IConfiguration configuration)
    : ResetPasswordModel(users)
{
    public override string Heading => "Welcome: choose your password";

    public bool MicrosoftEnabled => IdentitySetup.MicrosoftSignInEnabled(configuration);

    public async Task<IActionResult> OnPostMicrosoftAsync()
    {
        if (!MicrosoftEnabled)
        {
            return NotFound();
        }

        var user = await signIn.UserManager.FindByIdAsync(Input.UserId);
        if (user is null || !await logins.IsInvitationValidAsync(user, Input.Token))
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, "This link has expired or was already used. Ask for a new one.");
            return Page();
        }

        var redirect = Url.Page("/Account/ExternalLogin", "Callback");
        var properties = signIn.ConfigureExternalAuthenticationProperties(IdentitySetup.MicrosoftScheme, redirect);
        properties.Items[MicrosoftLogins.InvitedUserItem] = user.Id;
        properties.Items[MicrosoftLogins.InvitationTokenItem] = Input.Token;
        return Challenge(properties, IdentitySetup.MicrosoftScheme);
    }
}
