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

        var user = await signIn.UserManager.FindByEmailAsync(Input.Email);
        if (user is { IsActive: false })
        {
            // Only someone who knows the password learns that the account is disabled; to anyone else it is
            // the same wrong-password answer as for any address.
            var passwordRight = await signIn.UserManager.CheckPasswordAsync(user, Input.Password);
            ModelState.AddModelError(string.Empty, passwordRight
                ? "This account is disabled. Ask your company's administrator."
                : "The e-mail or password is not right.");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {Email} signed in", Input.Email);
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("User {Email} is locked out", Input.Email);
            ModelState.AddModelError(string.Empty, "Too many failed sign-ins: this account is locked for a while. Try again later or reset your password.");
            return Page();
        }

        ModelState.AddModelError(string.Empty, "The e-mail or password is not right.");
        return Page();
    }
}
