using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class RemovalConfiguration : IEntityTypeConfiguration<Removal>
{
    public void Configure(EntityTypeBuilder<Removal> b)
    {
        b.ToTable("Removals");
        b.Property(r => r.UserId).HasMaxLength(450);
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Summary).HasMaxLength(Removal.SummaryMaxLength);
        b.HasIndex(r => new { r.UserId, r.Kind });
        b.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(r => r.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.RemovalId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(r => r.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class RemovalLineConfiguration : IEntityTypeConfiguration<RemovalLine>
{
    public void Configure(EntityTypeBuilder<RemovalLine> b)
    {
        b.ToTable("RemovalLines");
        b.Ignore(l => l.Price);
        b.Property(l => l.PriceSeenCurrency).HasMaxLength(Common.CurrencyCode.Length);
        b.HasOne<Catalog.Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
