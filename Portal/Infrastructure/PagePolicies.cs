using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// Which policy guards which folder of pages. A page not listed falls under the fallback policy (signed in);
/// the authorization matrix test walks every page and fails on one that is reachable by the wrong role.
/// </summary>
internal static class PagePolicies
{
    /// <summary>Ordering: order details for buyers and staff; everything else buyer-side; approvals for BuyerAdmins; ordering on a buyer's behalf for SalesRep and Administrator; staff search for staff.</summary>
    private static void Ordering(RazorPagesOptions o)
    {
        o.Conventions.AuthorizeFolder("/Ordering", Policies.OrderReader);
        foreach (var page in new[] { "/Ordering/Cart", "/Ordering/QuickOrder", "/Ordering/Lists", "/Ordering/Checkout", "/Ordering/Orders" })
        {
            o.Conventions.AuthorizePage(page, Policies.BuyerSide);
        }

        o.Conventions.AuthorizePage("/Ordering/Approvals", Policies.BuyerAdmin);
        // Ordering for a customer: sales reps (for the companies they serve, checked on every request) and administrators.
        o.Conventions.AuthorizeFolder("/Ordering/OnBehalf", Policies.SalesRep);
        o.Conventions.AuthorizeFolder("/Orders", Policies.Staff);
    }

    /// <summary>
    /// Credit: the AR ageing for staff (sales reps see their own customers), the finance pages for the company's buyers,
    /// every other credit page for accountants. One policy per page, so no page falls between two.
    /// </summary>
    private static void Credit(RazorPagesOptions o) =>
        o.Conventions.AddFolderApplicationModelConvention("/Credit", page => page.EndpointMetadata.Add(new AuthorizeAttribute(page.ViewEnginePath switch
        {
            "/Credit/Ageing" => Policies.Staff,
            "/Credit/Invoices" or "/Credit/Statement" => Policies.BuyerSide,
            _ => Policies.Accountant,
        })));
    /// <summary>Quotes: the detail for buyers and quote staff; the buyer's list and request form buyer-side; the inbox for SalesRep and Administrator.</summary>
    private static void Quotes(RazorPagesOptions o)
    {
        o.Conventions.AuthorizeFolder("/Quotes", Policies.QuoteReader);
        o.Conventions.AuthorizePage("/Quotes/Index", Policies.BuyerSide);
        o.Conventions.AuthorizePage("/Quotes/Request", Policies.BuyerSide);
        o.Conventions.AuthorizePage("/Quotes/Inbox", Policies.SalesRep);
    }

    /// <summary>Returns: the detail for the company's buyers and staff; the buyer's list and request form buyer-side; the queue for staff.</summary>
    private static void Returns(RazorPagesOptions o)
    {
        o.Conventions.AuthorizeFolder("/Returns", Policies.OrderReader);
        o.Conventions.AuthorizePage("/Returns/Index", Policies.BuyerSide);
        o.Conventions.AuthorizePage("/Returns/Request", Policies.BuyerSide);
        o.Conventions.AuthorizePage("/Returns/Queue", Policies.Staff);
    }

    public static void Apply(RazorPagesOptions o)
    {
        o.Conventions.AuthorizeFolder("/Catalog", Policies.CatalogReader);
        o.Conventions.AuthorizeFolder("/Company", Policies.BuyerAdmin);
        o.Conventions.AuthorizeFolder("/Customers", Policies.Staff);
        o.Conventions.AuthorizeFolder("/Admin", Policies.Administrator);
        o.Conventions.AuthorizeFolder("/Pricing", Policies.SalesRep);
        Credit(o);
        o.Conventions.AuthorizeFolder("/Settlements", Policies.Accountant);

        o.Conventions.AuthorizeFolder("/Integration", Policies.Administrator);
        o.Conventions.AuthorizeFolder("/Tokens", Policies.TokenIssuer);
        o.Conventions.AuthorizeFolder("/Audit", Policies.AuditReader);
        o.Conventions.AuthorizeFolder("/Identity", Policies.UserManager);
        Ordering(o);
        Quotes(o);
        Returns(o);
        // Anyone signed in: their own notification centre and preferences (the user id comes from the sign-in).
        o.Conventions.AuthorizeFolder("/Notifications");
        o.Conventions.AllowAnonymousToPage("/Account/Login");
        o.Conventions.AllowAnonymousToPage("/Account/ForgotPassword");
        o.Conventions.AllowAnonymousToPage("/Account/ResetPassword");
        o.Conventions.AllowAnonymousToPage("/Account/AcceptInvitation");
        o.Conventions.AllowAnonymousToPage("/Account/ExternalLogin");
        o.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
        o.Conventions.AllowAnonymousToPage("/Error");
        o.Conventions.AllowAnonymousToPage("/Status");
    }
}

internal static class RateLimits
{
    public const string SignIn = "sign-in";
}
