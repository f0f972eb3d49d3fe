using B2BPortal.Domain.Ordering;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Account;

public sealed class AccessDeniedModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>A sales rep or administrator sent away from the buyer's cart or checkout: show them where they order for a customer.</summary>
    public bool OrdersForCustomers { get; private set; }

    public void OnGet()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        OrdersForCustomers = User.Identity?.IsAuthenticated == true && OrderingOnBehalf.MayOrderOnBehalf(User.ToActor())
            && ReturnUrl is { } back && (back.StartsWith("/Ordering/Cart", StringComparison.OrdinalIgnoreCase)
                || back.StartsWith("/Ordering/Checkout", StringComparison.OrdinalIgnoreCase)
                || back.StartsWith("/Ordering/QuickOrder", StringComparison.OrdinalIgnoreCase));
    }
}
