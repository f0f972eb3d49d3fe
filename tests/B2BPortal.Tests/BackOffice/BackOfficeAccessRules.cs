using B2BPortal.Domain.Identity;
using B2BPortal.Tests.Web;

namespace B2BPortal.Tests.BackOffice;

/// <summary>Back office: user administration, sales-rep assignment.</summary>
public sealed class BackOfficeAccessRules : IAccessRules
{
    public IReadOnlyDictionary<string, Access> Expected => new Dictionary<string, Access>
    {
        ["/Admin/UserDetails"] = Access.Only(Roles.Administrator),
        ["/Admin/SalesReps"] = Access.Only(Roles.Administrator),
    };
}
