using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Identity;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace B2BPortal.Portal.Pages.Account;

[EnableRateLimiting(RateLimits.SignIn)]
public sealed class LoginModel(SignInManager<PortalUser> signIn, IConfiguration configuration, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; set; }

    public bool MicrosoftEnabled => IdentitySetup.MicrosoftSignInEnabled(configuration);

    public sealed class InputModel
    {
        [Required, EmailAddress, Display(Name = "E-mail")]
        public string Email { get; set; } = string.Empty;

        [Required, DataType(DataType.Password)]
        public string Password { get; set; } = string.Empty;

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }

    public async Task OnGetAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {Email} signed in", Input.Email);
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }

        // One answer for an unknown address, a wrong password, a locked and a disabled account: the page must not
        // tell anyone which accounts exist. The owner of a locked account hears of it by e-mail (AccountMails).
        logger.LogInformation("Sign-in refused for {Email}: {Result}", Input.Email, result);
        ModelState.AddModelError(string.Empty, "The e-mail or password is not right.");
        return Page();
    }
}
