using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<CustomerCompany>
{
    public void Configure(EntityTypeBuilder<CustomerCompany> b)
    {
        b.ToTable("Companies");
        b.Property(c => c.ErpCustomerNumber).HasMaxLength(CustomerCompany.ErpNumberMaxLength);
        b.HasIndex(c => c.ErpCustomerNumber).IsUnique();
        b.Property(c => c.Name).HasMaxLength(CustomerCompany.NameMaxLength);
        b.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.SalesRepUserId).HasMaxLength(450);
        b.Property(c => c.SignInTenants).HasMaxLength(CustomerCompany.SignInTenantsMaxLength);
        b.Ignore(c => c.SignInTenantIds);
        b.HasMany(c => c.Addresses).WithOne().HasForeignKey(a => a.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Addresses).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(c => c.Catalogs).WithOne().HasForeignKey(a => a.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Catalogs).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CompanyAddressConfiguration : IEntityTypeConfiguration<CompanyAddress>
{
    public void Configure(EntityTypeBuilder<CompanyAddress> b)
    {
        b.ToTable("CompanyAddresses");
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Label).HasMaxLength(100);
        b.Property(a => a.Line1).HasMaxLength(200);
        b.Property(a => a.Line2).HasMaxLength(200);
        b.Property(a => a.PostalCode).HasMaxLength(20);
        b.Property(a => a.City).HasMaxLength(100);
        b.Property(a => a.CountryCode).HasMaxLength(2).IsFixedLength();
        b.Ignore(a => a.OneLine);
    }
}

internal sealed class CompanyCatalogConfiguration : IEntityTypeConfiguration<CompanyCatalog>
{
    public void Configure(EntityTypeBuilder<CompanyCatalog> b)
    {
        b.ToTable("CompanyCatalogs");
        b.HasKey(c => new { c.CompanyId, c.CatalogId });
        b.HasOne<Catalog.ProductCatalog>().WithMany().HasForeignKey(c => c.CatalogId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(PortalUser.DisplayNameMaxLength);
        b.Property(u => u.TimeZone).HasMaxLength(PortalUser.TimeZoneMaxLength);
        b.HasIndex(u => u.CompanyId);
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(u => u.CompanyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("ApiTokens");
        b.Property(t => t.Name).HasMaxLength(ApiToken.NameMaxLength);
        b.Property(t => t.TokenHash).HasMaxLength(64);
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.Property(t => t.Hint).HasMaxLength(20);
        b.Property(t => t.UserId).HasMaxLength(450);
        b.Property(t => t.CreatedBy).HasMaxLength(450);
        b.Property(t => t.RevokedBy).HasMaxLength(450);
        b.Property(t => t.Scopes).HasMaxLength(ApiScopes.StoredMaxLength);
        b.Ignore(t => t.ScopeList);
        b.HasOne<PortalUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.CompanyId);
    }
}
