using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.ToTable("Categories");
        b.Property(c => c.Name).HasMaxLength(Category.NameMaxLength);
        b.Property(c => c.Slug).HasMaxLength(Category.SlugMaxLength);
        b.HasIndex(c => c.Slug).IsUnique();
        b.HasIndex(c => c.ParentId);
        b.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProductCatalogConfiguration : IEntityTypeConfiguration<ProductCatalog>
{
    public void Configure(EntityTypeBuilder<ProductCatalog> b)
    {
        b.ToTable("Catalogs");
        b.Property(c => c.Code).HasMaxLength(ProductCatalog.CodeMaxLength);
        b.HasIndex(c => c.Code).IsUnique();
        b.Property(c => c.Name).HasMaxLength(ProductCatalog.NameMaxLength);
        b.HasMany(c => c.Categories).WithOne().HasForeignKey(c => c.CatalogId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Categories).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CatalogCategoryConfiguration : IEntityTypeConfiguration<CatalogCategory>
{
    public void Configure(EntityTypeBuilder<CatalogCategory> b)
    {
        b.ToTable("CatalogCategories");
        b.HasKey(c => new { c.CatalogId, c.CategoryId });
        b.HasIndex(c => c.CategoryId);
        b.HasOne<Category>().WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("Products");
        b.Property(p => p.Sku).HasMaxLength(Sku.MaxLength);
        b.HasIndex(p => p.Sku).IsUnique();
        b.Property(p => p.SkuKey).HasMaxLength(Sku.MaxLength);
        b.HasIndex(p => p.SkuKey);
        b.Property(p => p.ErpItemNumber).HasMaxLength(Product.ErpItemNumberMaxLength);
        b.HasIndex(p => p.ErpItemNumber).IsUnique();
        b.Property(p => p.Name).HasMaxLength(Product.NameMaxLength);
        b.HasIndex(p => p.Name);
        b.Property(p => p.Description).HasMaxLength(Product.DescriptionMaxLength);
        b.Property(p => p.Brand).HasMaxLength(Product.BrandMaxLength);
        b.HasIndex(p => p.Brand);
        b.Property(p => p.UnitOfMeasure).HasMaxLength(Product.UnitMaxLength);
        b.HasIndex(p => new { p.CategoryId, p.IsActive });
        b.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.ComplexProperty(p => p.ListPrice, m =>
        {
            m.Property(x => x.Amount).HasColumnName("ListPrice");
            m.Property(x => x.Currency).HasColumnName("ListPriceCurrency").HasMaxLength(CurrencyCode.Length);
        });
        b.PrimitiveCollection(p => p.ImageUrls);
        b.OwnsMany(p => p.Attributes, a => a.ToJson());
        b.Navigation(p => p.Attributes).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(p => p.Stock).WithOne().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Stock).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> b)
    {
        b.ToTable("StockLevels");
        b.HasKey(s => new { s.ProductId, s.WarehouseCode });
        b.Property(s => s.WarehouseCode).HasMaxLength(StockLevel.WarehouseMaxLength);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.Property(a => a.ActorId).HasMaxLength(450);
        b.Property(a => a.ActorName).HasMaxLength(200);
        b.Property(a => a.EntityType).HasMaxLength(AuditEntry.EntityTypeMaxLength);
        b.Property(a => a.EntityId).HasMaxLength(AuditEntry.EntityIdMaxLength);
        b.Property(a => a.Action).HasMaxLength(AuditEntry.ActionMaxLength);
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.HasIndex(a => a.At);
        b.HasIndex(a => a.CompanyId);
    }
}
