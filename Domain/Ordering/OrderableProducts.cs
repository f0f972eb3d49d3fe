using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

public enum Availability
{
    InStock,
    Partial,
    Backorder,
}

/// <summary>What a company may order of one product right now: visible, priced, its quantity rule and stock.</summary>
public sealed record OrderableProduct(int Id, string Sku, string ErpItemNumber, string Name, string UnitOfMeasure, QuantityRule Rule, decimal Available)
{
    public Availability AvailabilityFor(decimal quantity) =>
        Available >= quantity ? Availability.InStock : Available > 0 ? Availability.Partial : Availability.Backorder;
}

/// <summary>
/// The batch lookups every ordering path shares (cart, checkout, import, lists, reorder, API): a fixed number of
/// queries per call however many lines, never one per product. Prices and rules come only through the pricing ports.
/// </summary>
public sealed class OrderableProducts(PortalDbContext db, IPriceResolver prices, IQuantityRules rules)
{
    /// <summary>The products of <paramref name="productIds"/> the company may see; absent ids are not in its catalog.</summary>
    public async Task<IReadOnlyDictionary<int, OrderableProduct>> FindAsync(int companyId, IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        var ids = productIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<int, OrderableProduct>();
        }

        // CatalogVisibility's rule (active, in a category of the company's catalogs) applied as a primary-key lookup plus
        // the company's category set: the correlated form lets SQLite scan all products for a 10,000-id batch.
        var categories = (await db.VisibleCategoryIdsAsync(companyId, ct)).ToHashSet();
        var visible = (await db.Products.AsNoTracking()
                .Where(p => ids.Contains(p.Id) && p.IsActive)
                .Select(p => new { p.Id, p.Sku, p.ErpItemNumber, p.Name, p.UnitOfMeasure, p.CategoryId })
                .ToListAsync(ct))
            .Where(p => categories.Contains(p.CategoryId))
            .ToList();
        var visibleIds = visible.Select(v => v.Id).ToList();
        var stock = (await db.StockLevels.AsNoTracking().Where(s => visibleIds.Contains(s.ProductId))
                .Select(s => new { s.ProductId, s.Quantity })
                .ToListAsync(ct))
            .GroupBy(s => s.ProductId)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Quantity));
        var quantityRules = await rules.ForAsync(companyId, visibleIds, ct);
        return visible.ToDictionary(
            v => v.Id,
            v => new OrderableProduct(v.Id, v.Sku, v.ErpItemNumber, v.Name, v.UnitOfMeasure,
                quantityRules.TryGetValue(v.Id, out var r) ? r : QuantityRule.AnyPositive,
                stock.TryGetValue(v.Id, out var s) ? s : 0m));
    }

    /// <summary>Product ids by SKU, for every product that exists (visible or not), so "unknown" and "not yours" can be told apart.</summary>
    public async Task<IReadOnlyDictionary<string, int>> IdsBySkuAsync(IReadOnlyCollection<string> skus, CancellationToken ct)
    {
        var list = skus.Distinct().ToList();
        if (list.Count == 0)
        {
            return new Dictionary<string, int>();
        }

        return await db.Products.AsNoTracking().Where(p => list.Contains(p.Sku)).Select(p => new { p.Sku, p.Id })
            .ToDictionaryAsync(p => p.Sku, p => p.Id, StringComparer.Ordinal, ct);
    }

    public Task<IReadOnlyDictionary<int, ResolvedPrice>> PriceAsync(int companyId, IEnumerable<(int ProductId, decimal Quantity)> lines, DateOnly date, CancellationToken ct) =>
        prices.ResolveAsync(companyId, lines.Select(l => new PriceRequest(l.ProductId, l.Quantity)).ToList(), date, ct);
}

/// <summary>A cart line as the buyer should see it now: today's price, the price they saw, stock and any problem.</summary>
public sealed record ReviewedLine(
    int ProductId,
    string Sku,
    string Name,
    string UnitOfMeasure,
    decimal Quantity,
    Money? UnitPrice,
    string? PriceSource,
    Money? LineTotal,
    Money? PriceSeen,
    Availability Availability,
    decimal Available,
    string? Problem,
    decimal? Suggestion)
{
    public bool PriceChanged => PriceSeen is { } seen && UnitPrice is { } now && seen != now;

    public bool IsOrderable => Problem is null && UnitPrice is not null;
}

public sealed record CartReview(int CartId, int Version, IReadOnlyList<ReviewedLine> Lines, Money? Total, string? Problem)
{
    public bool CanPlace => Problem is null && Lines.Count > 0 && Lines.All(l => l.IsOrderable);

    public int PriceChanges => Lines.Count(l => l.PriceChanged);

    public static CartReview Empty => new(0, 0, [], null, null);
}

/// <summary>Re-prices and re-checks a cart: what the Cart and Checkout pages show and what PlaceOrder relies on.</summary>
public sealed class CartReviewer(OrderableProducts products, TimeProvider clock)
{
    public async Task<CartReview> ReviewAsync(Cart cart, CancellationToken ct)
    {
        if (cart.Lines.Count == 0)
        {
            return new CartReview(cart.Id, cart.Version, [], null, null);
        }

        var found = await products.FindAsync(cart.CompanyId, cart.Lines.Select(l => l.ProductId).ToList(), ct);
        var prices = await products.PriceAsync(cart.CompanyId, cart.Lines.Where(l => found.ContainsKey(l.ProductId)).Select(l => (l.ProductId, l.Quantity)),
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        var lines = new List<ReviewedLine>(cart.Lines.Count);
        foreach (var l in cart.Lines.OrderBy(l => l.Id))
        {
            var seen = l.PriceSeen is { } ps && l.PriceSeenCurrency is { } pc ? Money.Of(ps, pc) : (Money?)null;
            if (!found.TryGetValue(l.ProductId, out var p))
            {
                lines.Add(new ReviewedLine(l.ProductId, "?", "No longer in your catalog", "", l.Quantity, null, null, null, seen, Availability.Backorder, 0,
                    "This product is no longer in your catalog; remove it.", null));
                continue;
            }

            prices.TryGetValue(l.ProductId, out var price);
            var check = p.Rule.Check(l.Quantity);
            var problem = price is null ? "This product has no price for your company; it cannot be ordered." : check.IsValid ? null : check.Message;
            lines.Add(new ReviewedLine(p.Id, p.Sku, p.Name, p.UnitOfMeasure, l.Quantity, price?.UnitPrice, price?.Source,
                price is null ? null : (price.UnitPrice * l.Quantity).RoundToCents(), seen, p.AvailabilityFor(l.Quantity), p.Available, problem,
                check.IsValid ? null : check.SuggestedUpper ?? check.SuggestedLower));
        }

        var priced = lines.Where(l => l.LineTotal is not null).ToList();
        string? cartProblem = null;
        Money? total = null;
        if (priced.Count > 0)
        {
            var currency = priced[0].LineTotal!.Value.Currency;
            if (priced.Any(l => l.LineTotal!.Value.Currency != currency))
            {
                cartProblem = "The cart holds prices in different currencies; place one order per currency.";
            }
            else
            {
                total = priced.Aggregate(Money.Zero(currency), (sum, l) => sum + l.LineTotal!.Value);
            }
        }

        return new CartReview(cart.Id, cart.Version, lines, total, cartProblem);
    }
}
