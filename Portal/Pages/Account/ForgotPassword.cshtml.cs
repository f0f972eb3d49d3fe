using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Identity;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace B2BPortal.Portal.Pages.Account;

[EnableRateLimiting(RateLimits.SignIn)]
public sealed class ForgotPasswordModel(UserManager<PortalUser> users, AccountMails mails) : PageModel
{
    [BindProperty, Required, EmailAddress, Display(Name = "E-mail")]
    public string Email { get; set; } = string.Empty;

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The same answer whether or not the address exists, so the form cannot be used to probe for accounts.
        var user = await users.FindByEmailAsync(Email);
        if (user is { IsActive: true })
        {
            await mails.SendPasswordResetAsync(user, ct);
        }

        Sent = true;
        return Page();
    }
}
