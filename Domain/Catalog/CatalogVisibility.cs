using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Catalog;

/// <summary>
/// The one definition of "what a company may see": active products in a category that belongs to a catalog
/// assigned to the company. Every buyer-facing read of products starts here, so no page can forget it.
/// </summary>
public static class CatalogVisibility
{
    /// <remarks>
    /// Written as a correlated EXISTS (an index probe of CatalogCategories per candidate product), not as
    /// "CategoryId IN (the company's categories)": with IN, SQLite drives the query from the category index and
    /// then sorts all 70,000 visible products (stock subqueries included) to show one page; with EXISTS it walks
    /// the name or price index and stops after the page. PostgreSQL plans both as the same semi-join.
    /// </remarks>
    public static IQueryable<Product> VisibleTo(this IQueryable<Product> products, PortalDbContext db, int companyId) =>
        products.Where(p => p.IsActive && db.Set<Customers.CompanyCatalog>()
            .Where(cc => cc.CompanyId == companyId)
            .Join(db.Set<CatalogCategory>(), cc => cc.CatalogId, cat => cat.CatalogId, (cc, cat) => cat.CategoryId)
            .Any(categoryId => categoryId == p.CategoryId));

    /// <summary>The category ids a company may browse, for building its category tree.</summary>
    public static Task<List<int>> VisibleCategoryIdsAsync(this PortalDbContext db, int companyId, CancellationToken ct) =>
        db.Set<Customers.CompanyCatalog>()
            .Where(cc => cc.CompanyId == companyId)
            .Join(db.Set<CatalogCategory>(), cc => cc.CatalogId, cat => cat.CatalogId, (cc, cat) => cat.CategoryId)
            .Distinct()
            .ToListAsync(ct);
}
