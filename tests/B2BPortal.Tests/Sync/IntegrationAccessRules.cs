using B2BPortal.Domain.Identity;
using B2BPortal.Tests.Web;

namespace B2BPortal.Tests.Sync;

/// <summary>ERP/courier sync's page: schedules, outbox and dead letters are for administrators only (PagePolicies: Administrator).</summary>
public sealed class IntegrationAccessRules : IAccessRules
{
    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Integration/Index"] = Access.Only(Roles.Administrator),
    };
}
