using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class PriceListConfiguration : IEntityTypeConfiguration<PriceList>
{
    public void Configure(EntityTypeBuilder<PriceList> b)
    {
        b.ToTable("PriceLists");
        b.Property(l => l.Code).HasMaxLength(PriceList.CodeMaxLength);
        b.HasIndex(l => l.Code).IsUnique();
        b.Property(l => l.Name).HasMaxLength(PriceList.NameMaxLength);
        b.Property(l => l.Currency).HasMaxLength(CurrencyCode.Length);
        b.Property(l => l.Level).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(l => new { l.Level, l.Currency });
        b.HasMany(l => l.Entries).WithOne().HasForeignKey(e => e.PriceListId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(l => l.Entries).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PriceListEntryConfiguration : IEntityTypeConfiguration<PriceListEntry>
{
    public void Configure(EntityTypeBuilder<PriceListEntry> b)
    {
        b.ToTable("PriceListEntries");
        b.Property(e => e.UnitOfMeasure).HasMaxLength(Product.UnitMaxLength);

        // The resolver reads "tiers of these products in these lists": product first, so a cart's 1,000 products
        // are 1,000 short index ranges whatever the size of the lists.
        b.HasIndex(e => new { e.ProductId, e.PriceListId, e.MinQuantity });
        b.HasIndex(e => new { e.PriceListId, e.ProductId, e.UnitOfMeasure, e.MinQuantity }).IsUnique();
        b.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PriceListAssignmentConfiguration : IEntityTypeConfiguration<PriceListAssignment>
{
    public void Configure(EntityTypeBuilder<PriceListAssignment> b)
    {
        b.ToTable("PriceListAssignments");
        b.HasIndex(a => new { a.PriceListId, a.CompanyId });
        b.HasIndex(a => a.CompanyId);
        b.HasIndex(a => a.GroupId);
        b.HasOne<PriceList>().WithMany().HasForeignKey(a => a.PriceListId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(a => a.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CustomerGroup>().WithMany().HasForeignKey(a => a.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("CK_PriceListAssignments_Target", "(\"CompanyId\" IS NULL AND \"GroupId\" IS NOT NULL) OR (\"CompanyId\" IS NOT NULL AND \"GroupId\" IS NULL)"));
    }
}

internal sealed class CustomerGroupConfiguration : IEntityTypeConfiguration<CustomerGroup>
{
    public void Configure(EntityTypeBuilder<CustomerGroup> b)
    {
        b.ToTable("CustomerGroups");
        b.Property(g => g.Code).HasMaxLength(CustomerGroup.CodeMaxLength);
        b.HasIndex(g => g.Code).IsUnique();
        b.Property(g => g.Name).HasMaxLength(CustomerGroup.NameMaxLength);
        b.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(g => g.Members).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CustomerGroupMemberConfiguration : IEntityTypeConfiguration<CustomerGroupMember>
{
    public void Configure(EntityTypeBuilder<CustomerGroupMember> b)
    {
        b.ToTable("CustomerGroupMembers");
        b.HasKey(m => new { m.GroupId, m.CompanyId });
        b.HasIndex(m => m.CompanyId);
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(m => m.CompanyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomerPricingConfiguration : IEntityTypeConfiguration<CustomerPricing>
{
    public void Configure(EntityTypeBuilder<CustomerPricing> b)
    {
        b.ToTable("CustomerPricing");
        b.HasKey(p => p.CompanyId);
        b.Property(p => p.CompanyId).ValueGeneratedNever();
        b.Property(p => p.Strategy).HasConversion<string>().HasMaxLength(20);
        b.HasOne<CustomerCompany>().WithOne().HasForeignKey<CustomerPricing>(p => p.CompanyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuantityRuleEntryConfiguration : IEntityTypeConfiguration<QuantityRuleEntry>
{
    public void Configure(EntityTypeBuilder<QuantityRuleEntry> b)
    {
        b.ToTable("QuantityRules");
        b.HasIndex(r => new { r.ProductId, r.CompanyId }).IsUnique();
        b.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(r => r.CompanyId).OnDelete(DeleteBehavior.Cascade);
    }
}
