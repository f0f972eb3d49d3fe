using B2BPortal.Domain.Identity;
using B2BPortal.Tests.Web;

namespace B2BPortal.Tests.Audit;

/// <summary>The audit log viewer: accountants and administrators (everything), buyer admins (their company's entries).</summary>
public sealed class AuditAccessRules : IAccessRules
{
    public IReadOnlyDictionary<string, Access> Expected => new Dictionary<string, Access>
    {
        ["/Audit/Index"] = Access.Only(Roles.BuyerAdmin, Roles.Accountant, Roles.Administrator),
    };
}
