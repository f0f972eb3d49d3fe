using System.Globalization;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Tests.Web;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Credit;

/// <summary>
/// Credit's pages: the holds queue, the credit account and one customer's invoices and statement, for accountants and
/// administrators only (PagePolicies: Accountant).
/// </summary>
public sealed class CreditAccessRules : IAccessRules
{
    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Credit/Index"] = Access.Only(Roles.Accountant, Roles.Administrator),
        ["/Credit/Holds"] = Access.Only(Roles.Accountant, Roles.Administrator),
        ["/Credit/Account"] = Access.Only(Roles.Accountant, Roles.Administrator),
        ["/Credit/CustomerInvoices"] = Access.Only(Roles.Accountant, Roles.Administrator),
        ["/Credit/CustomerStatement"] = Access.Only(Roles.Accountant, Roles.Administrator),
    };

    public IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds { get; } = new Dictionary<string, Func<PortalDbContext, Task<ForeignData>>?>
    {
        // Borealis's credit account: never to Acme's users; accountants see every company's.
        ["/Credit/Account"] = BorealisForAccountantsAsync,
        ["/Credit/CustomerInvoices"] = BorealisForAccountantsAsync,
        ["/Credit/CustomerStatement"] = BorealisForAccountantsAsync,
    };

    private static async Task<ForeignData> BorealisForAccountantsAsync(PortalDbContext db)
    {
        var borealis = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C20000");
        return new ForeignData(new Dictionary<string, string> { ["companyId"] = borealis.Id.ToString(CultureInfo.InvariantCulture) },
            [borealis.Name], "accountant@b2bportal.example");
    }

    public async Task AddSampleRouteValuesAsync(PortalDbContext db, IDictionary<string, string> values)
    {
        var acme = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C10000");
        values["companyId"] = acme.Id.ToString(CultureInfo.InvariantCulture);
    }
}
