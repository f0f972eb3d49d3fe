using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Catalog;

public sealed record WarehouseStock(string Warehouse, decimal Quantity, DateTimeOffset AsOf);

public sealed record ProductDetail(
    int Id,
    string Sku,
    string ErpItemNumber,
    string Name,
    string? Description,
    string? Brand,
    int CategoryId,
    string CategoryName,
    string UnitOfMeasure,
    decimal PackSize,
    Money Price,
    IReadOnlyList<string> ImageUrls,
    IReadOnlyList<ProductAttribute> Attributes,
    IReadOnlyList<WarehouseStock> Stock)
{
    public decimal Available => Stock.Sum(s => s.Quantity);

    /// <summary>The oldest figure among the warehouses: how fresh the total is.</summary>
    public DateTimeOffset? StockAsOf => Stock.Count == 0 ? null : Stock.Min(s => s.AsOf);
}

public sealed record CategoryNode(int Id, int? ParentId, string Name, string Slug, int SortOrder);

/// <summary>Catalog reads shared by pages and the API; every one takes the viewer's company (null for staff).</summary>
public static class CatalogQueries
{
    /// <summary>A product by SKU, or null when it does not exist, is inactive, or is not in the company's catalogs.</summary>
    public static async Task<ProductDetail?> ProductAsync(this PortalDbContext db, int? companyId, string sku, CancellationToken ct)
    {
        var normalized = Sku.Normalize(sku);
        var products = db.Products.AsNoTracking().Where(p => p.IsActive && p.Sku == normalized);
        if (companyId is { } company)
        {
            products = products.VisibleTo(db, company);
        }

        var product = await products
            .Select(p => new
            {
                p.Id, p.Sku, p.ErpItemNumber, p.Name, p.Description, p.Brand, p.CategoryId,
                CategoryName = db.Categories.Where(c => c.Id == p.CategoryId).Select(c => c.Name).First(),
                p.UnitOfMeasure, p.PackSize, p.ListPrice, p.ImageUrls, p.Attributes,
                Stock = p.Stock.OrderBy(s => s.WarehouseCode).Select(s => new WarehouseStock(s.WarehouseCode, s.Quantity, s.AsOf)).ToList(),
            })
            .SingleOrDefaultAsync(ct);

        return product is null
            ? null
            : new ProductDetail(product.Id, product.Sku, product.ErpItemNumber, product.Name, product.Description, product.Brand,
                product.CategoryId, product.CategoryName, product.UnitOfMeasure, product.PackSize, product.ListPrice,
                product.ImageUrls, product.Attributes.ToList(), product.Stock);
    }

    /// <summary>The categories a company may browse, with their ancestors so the tree stays connected.</summary>
    public static async Task<IReadOnlyList<CategoryNode>> CategoriesAsync(this PortalDbContext db, int? companyId, CancellationToken ct)
    {
        var all = await db.Categories.AsNoTracking()
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new CategoryNode(c.Id, c.ParentId, c.Name, c.Slug, c.SortOrder))
            .ToListAsync(ct);
        if (companyId is null)
        {
            return all;
        }

        var visible = (await db.VisibleCategoryIdsAsync(companyId.Value, ct)).ToHashSet();
        var byId = all.ToDictionary(c => c.Id);
        foreach (var id in visible.ToList())
        {
            for (var parent = byId[id].ParentId; parent is { } p && visible.Add(p); parent = byId[p].ParentId)
            {
            }
        }

        return all.Where(c => visible.Contains(c.Id)).ToList();
    }

    public static async Task<IReadOnlyList<string>> BrandsAsync(this PortalDbContext db, int? companyId, CancellationToken ct)
    {
        var products = db.Products.AsNoTracking().Where(p => p.IsActive && p.Brand != null);
        if (companyId is { } company)
        {
            products = products.VisibleTo(db, company);
        }

        return await products.Select(p => p.Brand!).Distinct().OrderBy(b => b).ToListAsync(ct);
    }
}
