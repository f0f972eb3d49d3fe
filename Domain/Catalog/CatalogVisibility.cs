using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Catalog;

/// <summary>
/// The one definition of "what a company may see": active products in a category that belongs to a catalog
/// assigned to the company. Every buyer-facing read of products starts here, so no page can forget it.
/// </summary>
public static class CatalogVisibility
{
    public static IQueryable<Product> VisibleTo(this IQueryable<Product> products, PortalDbContext db, int companyId) =>
        products.Where(p => p.IsActive && db.Set<Customers.CompanyCatalog>()
            .Where(cc => cc.CompanyId == companyId)
            .Join(db.Set<CatalogCategory>(), cc => cc.CatalogId, cat => cat.CatalogId, (cc, cat) => cat.CategoryId)
            .Contains(p.CategoryId));

    /// <summary>The category ids a company may browse, for building its category tree.</summary>
    public static Task<List<int>> VisibleCategoryIdsAsync(this PortalDbContext db, int companyId, CancellationToken ct) =>
        db.Set<Customers.CompanyCatalog>()
            .Where(cc => cc.CompanyId == companyId)
            .Join(db.Set<CatalogCategory>(), cc => cc.CatalogId, cat => cat.CatalogId, (cc, cat) => cat.CategoryId)
            .Distinct()
            .ToListAsync(ct);
}
