using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Identity;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace B2BPortal.Portal.Pages.Account;

/// <summary>
/// Sets a new password from an e-mailed token: used both for "forgot password" and for invitations. Its posts share
/// the sign-in limit per client address: each one is a guess at a token.
/// </summary>
[EnableRateLimiting(RateLimits.SignIn)]
public class ResetPasswordModel(UserManager<PortalUser> users) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public virtual string Heading => "Choose a new password";

    public sealed class InputModel
    {
        [Required]
        public string UserId { get; set; } = string.Empty;

        [Required]
        public string Token { get; set; } = string.Empty;

        [Required, DataType(DataType.Password), Display(Name = "New password")]
        public string Password { get; set; } = string.Empty;

        [Required, DataType(DataType.Password), Compare(nameof(Password), ErrorMessage = "The two passwords differ."), Display(Name = "Repeat the password")]
        public string ConfirmPassword { get; set; } = string.Empty;
    }

    public IActionResult OnGet(string? userId, string? token)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token))
        {
            return BadRequest("This link is incomplete. Open the link from your e-mail again.");
        }

        Input.UserId = userId;
        Input.Token = token;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByIdAsync(Input.UserId);
        if (user is null)
        {
            ModelState.AddModelError(string.Empty, "This link is no longer valid. Ask for a new one.");
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, Input.Token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "InvalidToken" ? string.Empty : "Input.Password",
                    error.Code == "InvalidToken" ? "This link has expired or was already used. Ask for a new one." : error.Description);
            }

            return Page();
        }

        if (!user.EmailConfirmed)
        {
            // Following the e-mailed link proves the address.
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        TempData["Flash"] = "Your password is set. Sign in with it now.";
        return RedirectToPage("/Account/Login");
    }
}
