using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Integration.Persistence.Search;

// Baseline: SKU prefix through the unique SKU index, name/description by pattern. Provider-specific
// full-text indexes replace the pattern part (see docs/performance.md).
internal sealed class SqliteProductTextSearch : IProductTextSearch
{
    public IQueryable<Product> Filter(IQueryable<Product> products, string terms) => LikeSearch.Filter(products, terms);
}

internal sealed class PostgresProductTextSearch : IProductTextSearch
{
    public IQueryable<Product> Filter(IQueryable<Product> products, string terms) => LikeSearch.Filter(products, terms);
}

internal sealed class SqlServerProductTextSearch : IProductTextSearch
{
    public IQueryable<Product> Filter(IQueryable<Product> products, string terms) => LikeSearch.Filter(products, terms);
}

internal static class LikeSearch
{
    public static IQueryable<Product> Filter(IQueryable<Product> products, string terms)
    {
        var sku = Sku.Normalize(terms);
        var pattern = "%" + terms.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return products.Where(p => p.Sku.StartsWith(sku)
            || EF.Functions.Like(p.Name, pattern, "\\")
            || EF.Functions.Like(p.Description!, pattern, "\\"));
    }
}
