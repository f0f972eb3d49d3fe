using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Ordering;

public static class OrderableSkus
{
    /// <summary>
    /// Products of the company's catalog that may be ordered one at a time (and in any small quantity the tests use):
    /// no pack size, and no quantity rule of the company's pricing (minimum, increment) that would refuse 1 to 4.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindAsync(PortalFactory portal, string erpCustomerNumber, int count, string? excludeCompany = null)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var quantityRules = scope.ServiceProvider.GetRequiredService<IQuantityRules>();
        var companyId = await db.Companies.Where(c => c.ErpCustomerNumber == erpCustomerNumber).Select(c => c.Id).SingleAsync();
        var products = db.Products.VisibleTo(db, companyId).Where(p => p.PackSize == 1);
        if (excludeCompany is not null)
        {
            var other = await db.Companies.Where(c => c.ErpCustomerNumber == excludeCompany).Select(c => c.Id).SingleAsync();
            var otherVisible = db.Products.VisibleTo(db, other).Select(p => p.Id);
            products = products.Where(p => !otherVisible.Contains(p.Id));
        }

        var candidates = await products.OrderBy(p => p.Id).Select(p => new { p.Id, p.Sku }).Take(200).ToListAsync();
        var rules = await quantityRules.ForAsync(companyId, candidates.Select(c => c.Id).ToList(), CancellationToken.None);
        return candidates.Where(c => !rules.TryGetValue(c.Id, out var rule) || Enumerable.Range(1, 4).All(q => rule.Check(q).IsValid))
            .Take(count).Select(c => c.Sku).ToList();
    }
}
