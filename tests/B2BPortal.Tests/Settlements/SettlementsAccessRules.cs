using System.Globalization;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Tests.Web;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Settlements;

/// <summary>Settlements' pages (bank statements and their import): accountants and administrators only (PagePolicies: Accountant).</summary>
public sealed class SettlementsAccessRules : IAccessRules
{
    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Settlements/Index"] = Access.Only(Roles.Accountant, Roles.Administrator),
        ["/Settlements/Import"] = Access.Only(Roles.Accountant, Roles.Administrator),
        ["/Settlements/Statement"] = Access.Only(Roles.Accountant, Roles.Administrator),
        ["/Settlements/Exceptions"] = Access.Only(Roles.Accountant, Roles.Administrator),
        ["/Settlements/Exception"] = Access.Only(Roles.Accountant, Roles.Administrator),
        ["/Settlements/Report"] = Access.Only(Roles.Accountant, Roles.Administrator),
    };

    /// <summary>A statement is of the distributor's own bank account: its id names no customer company's data.</summary>
    public IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds { get; } = new Dictionary<string, Func<PortalDbContext, Task<ForeignData>>?>
    {
        ["/Settlements/Statement"] = null,
        ["/Settlements/Exception"] = null,
        ["/Settlements/Report"] = null,
    };

    public async Task AddSampleRouteValuesAsync(PortalDbContext db, IDictionary<string, string> values)
    {
        var statement = await db.BankStatements().OrderBy(s => s.Id).Select(s => (int?)s.Id).FirstOrDefaultAsync();
        if (statement is { } id && !values.ContainsKey("id"))
        {
            values["id"] = id.ToString(CultureInfo.InvariantCulture);
        }
    }
}
