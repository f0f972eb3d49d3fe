using System.Globalization;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Tests.Web;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Pricing;

/// <summary>
/// Pricing's pages and endpoints. The /Pricing folder is for sales reps and administrators (PagePolicies: SalesRep);
/// creating a list and importing into one are for administrators only (the pages' own [Authorize]). A buyer's price
/// comes from the API under CatalogReader; the "why this price" trace is staff-only (SalesRep).
/// </summary>
public sealed class PricingAccessRules : IAccessRules
{
    private static readonly string[] PriceManagers = [Roles.SalesRep, Roles.Administrator];

    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Pricing/Index"] = Access.Only(PriceManagers),
        ["/Pricing/Details"] = Access.Only(PriceManagers),
        ["/Pricing/Explain"] = Access.Only(PriceManagers),
        ["/Pricing/Groups"] = Access.Only(PriceManagers),
        ["/Pricing/QuantityRules"] = Access.Only(PriceManagers),
        ["/Pricing/Edit"] = Access.Only(Roles.Administrator),
        ["/Pricing/Import"] = Access.Only(Roles.Administrator),

        ["GET /api/v1/pricing/prices"] = Access.Only([.. Roles.All]),
        ["GET /api/v1/pricing/explain"] = Access.Only(PriceManagers),
    };

    public IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds { get; } = new Dictionary<string, Func<PortalDbContext, Task<ForeignData>>?>
    {
        // Borealis's price list (its Resellers group's): its code must not reach Acme's users; staff do see it.
        ["/Pricing/Details"] = db => BorealisPriceListAsync(db, "rep@b2bportal.example"),
        ["/Pricing/Import"] = db => BorealisPriceListAsync(db, "admin@b2bportal.example"),
    };

    private static async Task<ForeignData> BorealisPriceListAsync(PortalDbContext db, string ownerEmail)
    {
        var list = await db.Set<PriceList>().Where(l => l.Code == "GRP-RESELLER").Select(l => new { l.Id, l.Code }).SingleAsync();
        return new ForeignData(new Dictionary<string, string> { ["id"] = list.Id.ToString(CultureInfo.InvariantCulture) }, [list.Code], ownerEmail);
    }
}
