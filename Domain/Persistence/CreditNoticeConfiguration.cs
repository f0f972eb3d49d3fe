using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class CreditNoticeConfiguration : IEntityTypeConfiguration<CreditNotice>
{
    public void Configure(EntityTypeBuilder<CreditNotice> b)
    {
        b.ToTable("CreditNotices");
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(n => n.Key).HasMaxLength(CreditNotice.KeyMaxLength);
        b.HasIndex(n => new { n.CompanyId, n.Kind, n.Key }).IsUnique();
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(n => n.CompanyId).OnDelete(DeleteBehavior.Cascade);
    }
}
