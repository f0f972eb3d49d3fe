using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Pricing;

public sealed record PriceRequest(int ProductId, decimal Quantity);

/// <summary>A product as the caller has just read it: its ERP list price and unit are what pricing falls back to and matches tiers on.</summary>
public sealed record ListedProduct(int ProductId, string Sku, Money ListPrice, string UnitOfMeasure);

/// <summary>A unit price for one line, and a short "why" a buyer may see.</summary>
public sealed record ResolvedPrice(int ProductId, decimal Quantity, Money UnitPrice, string Source);

/// <summary>
/// Prices lines for a company on a date, in one batch (one query per call, never one per product).
/// Every price a buyer sees or pays comes through here: catalog, product page, cart, checkout and API.
/// A product with no price for the company is absent from the result; it cannot be ordered.
/// </summary>
public interface IPriceResolver
{
    Task<IReadOnlyDictionary<int, ResolvedPrice>> ResolveAsync(int companyId, IReadOnlyCollection<PriceRequest> lines, DateOnly date, CancellationToken ct);

    /// <summary>
    /// One unit of each product, for a list the caller has just read with the products' list prices and units (a catalog
    /// page): the same prices as <see cref="ResolveAsync"/> at quantity 1, without reading the products again.
    /// </summary>
    Task<IReadOnlyDictionary<int, ResolvedPrice>> ResolveListedAsync(int companyId, IReadOnlyCollection<ListedProduct> products, DateOnly date, CancellationToken ct);
}
