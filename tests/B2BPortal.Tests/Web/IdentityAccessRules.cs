using B2BPortal.Domain.Identity;

namespace B2BPortal.Tests.Web;

/// <summary>Identity pages: a user's own Microsoft sign-in, and the sign-in tenants of a company.</summary>
public sealed class IdentityAccessRules : IAccessRules
{
    public IReadOnlyDictionary<string, Access> Expected => new Dictionary<string, Access>
    {
        ["/Account/Microsoft"] = Access.SignedIn,
        ["/Identity/SignInTenants"] = Access.Only(Roles.BuyerAdmin, Roles.Administrator),
    };
}
