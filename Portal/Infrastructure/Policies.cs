using B2BPortal.Domain.Identity;
using Microsoft.AspNetCore.Authorization;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// Every page and endpoint names one of these. The fallback policy (signed in) covers anything that forgets;
/// anonymous pages opt out explicitly. Company isolation is enforced in the queries, by the company claim.
/// </summary>
public static class Policies
{
    /// <summary>Anyone signed in who may read a catalog: buyers (their company's) and staff (all).</summary>
    public const string CatalogReader = nameof(CatalogReader);

    /// <summary>A buyer-side user with a company.</summary>
    public const string BuyerSide = nameof(BuyerSide);

    public const string BuyerAdmin = nameof(BuyerAdmin);

    /// <summary>Who may read orders: buyers (their company's) and staff (all). Actions are checked by the order workflow.</summary>
    public const string OrderReader = nameof(OrderReader);

    /// <summary>Who may see quotes: buyers (their company's) and the staff who work quotes (SalesRep, Administrator). Actions are checked by the quote workflow.</summary>
    public const string QuoteReader = nameof(QuoteReader);

    /// <summary>Any staff role.</summary>
    public const string Staff = nameof(Staff);

    public const string SalesRep = nameof(SalesRep);

    public const string Accountant = nameof(Accountant);

    public const string Administrator = nameof(Administrator);

    /// <summary>Who may issue and revoke API tokens: a company's BuyerAdmin (for its users) or an Administrator.</summary>
    public const string TokenIssuer = nameof(TokenIssuer);

    /// <summary>Who may manage users: a company's BuyerAdmin (its own users) or an Administrator.</summary>
    public const string UserManager = nameof(UserManager);

    /// <summary>Who may read the audit log: accountants and administrators (all of it), a company's BuyerAdmin (his company's entries only).</summary>
    public const string AuditReader = nameof(AuditReader);

    public static void Configure(AuthorizationOptions o)
    {
        AuthorizationPolicyBuilder Signed() => new AuthorizationPolicyBuilder().RequireAuthenticatedUser();

        // Signed in for every endpoint that forgets a policy. A request that matched no endpoint at all passes,
        // so an unknown address gets the 404 page rather than a sign-in redirect.
        o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAssertion(c =>
            c.User.Identity?.IsAuthenticated == true || (c.Resource is HttpContext http && http.GetEndpoint() is null)).Build();
        o.AddPolicy(CatalogReader, Signed().RequireRole(Roles.All.ToArray()).RequireAssertion(c =>
            c.User.IsStaff() || c.User.CompanyId() is not null).Build());
        o.AddPolicy(BuyerSide, Signed().RequireRole(Roles.Buyer, Roles.BuyerAdmin).RequireClaim(PortalClaimTypes.CompanyId).Build());
        o.AddPolicy(OrderReader, Signed().RequireAssertion(c => c.User.IsStaff() || (c.User.CompanyId() is not null && (c.User.IsInRole(Roles.Buyer) || c.User.IsInRole(Roles.BuyerAdmin)))).Build());
        o.AddPolicy(QuoteReader, Signed().RequireAssertion(c => c.User.IsInRole(Roles.SalesRep) || c.User.IsInRole(Roles.Administrator)
            || (c.User.CompanyId() is not null && (c.User.IsInRole(Roles.Buyer) || c.User.IsInRole(Roles.BuyerAdmin)))).Build());
        o.AddPolicy(BuyerAdmin, Signed().RequireRole(Roles.BuyerAdmin).RequireClaim(PortalClaimTypes.CompanyId).Build());
        o.AddPolicy(Staff, Signed().RequireRole(Roles.SalesRep, Roles.Accountant, Roles.Administrator).Build());
        o.AddPolicy(SalesRep, Signed().RequireRole(Roles.SalesRep, Roles.Administrator).Build());
        o.AddPolicy(Accountant, Signed().RequireRole(Roles.Accountant, Roles.Administrator).Build());
        o.AddPolicy(Administrator, Signed().RequireRole(Roles.Administrator).Build());
        o.AddPolicy(TokenIssuer, Signed().RequireAssertion(c =>
            c.User.IsInRole(Roles.Administrator) || (c.User.IsInRole(Roles.BuyerAdmin) && c.User.CompanyId() is not null)).Build());
        o.AddPolicy(AuditReader, Signed().RequireAssertion(c => c.User.IsInRole(Roles.Administrator) || c.User.IsInRole(Roles.Accountant)
            || (c.User.IsInRole(Roles.BuyerAdmin) && c.User.CompanyId() is not null)).Build());
        o.AddPolicy(UserManager, Signed().RequireAssertion(c =>
            c.User.IsInRole(Roles.Administrator) || (c.User.IsInRole(Roles.BuyerAdmin) && c.User.CompanyId() is not null)).Build());
    }
}
