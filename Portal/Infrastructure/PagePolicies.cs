using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// Which policy guards which folder of pages. A page not listed falls under the fallback policy (signed in);
/// the authorization matrix test walks every page and fails on one that is reachable by the wrong role.
/// </summary>
internal static class PagePolicies
{
    public static void Apply(RazorPagesOptions o)
    {
        o.Conventions.AuthorizeFolder("/Catalog", Policies.CatalogReader);
        o.Conventions.AuthorizeFolder("/Company", Policies.BuyerAdmin);
        o.Conventions.AuthorizeFolder("/Customers", Policies.Staff);
        o.Conventions.AuthorizeFolder("/Admin", Policies.Administrator);
        o.Conventions.AuthorizeFolder("/Integration", Policies.Administrator);
        o.Conventions.AuthorizeFolder("/Tokens", Policies.TokenIssuer);
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
