using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Pricing;

/// <summary>
/// The foundation's pricing: every company pays the ERP list price, in the list price's currency, and may order
/// any multiple of the pack size. Tiered price lists (Domain/Pricing) replace both registrations.
/// </summary>
public sealed class ListPriceResolver(PortalDbContext db) : IPriceResolver, IQuantityRules
{
    public async Task<IReadOnlyDictionary<int, ResolvedPrice>> ResolveAsync(int companyId, IReadOnlyCollection<PriceRequest> lines, DateOnly date, CancellationToken ct)
    {
        var ids = lines.Select(l => l.ProductId).Distinct().ToList();
        var prices = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.ListPrice }).ToDictionaryAsync(p => p.Id, p => p.ListPrice, ct);
        return lines.Where(l => prices.ContainsKey(l.ProductId))
            .GroupBy(l => l.ProductId)
            .ToDictionary(g => g.Key, g => new ResolvedPrice(g.Key, g.First().Quantity, prices[g.Key], "List price"));
    }

    public async Task<IReadOnlyDictionary<int, QuantityRule>> ForAsync(int companyId, IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        var ids = productIds.Distinct().ToList();
        return await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => new QuantityRule(p.PackSize, p.PackSize, null), ct);
    }
}
