using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class QuickOrderCheckConfiguration : IEntityTypeConfiguration<QuickOrderCheck>
{
    public void Configure(EntityTypeBuilder<QuickOrderCheck> b)
    {
        b.ToTable("QuickOrderChecks");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.UserId).HasMaxLength(450);
        b.Property(c => c.Source).HasMaxLength(QuickOrderCheck.SourceMaxLength);
        b.HasIndex(c => c.ExpiresAt);
        b.HasIndex(c => c.UserId);
        b.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.Cascade);
    }
}
