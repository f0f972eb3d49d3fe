using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class CreditAccountConfiguration : IEntityTypeConfiguration<CreditAccount>
{
    public void Configure(EntityTypeBuilder<CreditAccount> b)
    {
        b.ToTable("CreditAccounts");
        b.HasKey(a => a.CompanyId);
        b.Property(a => a.CompanyId).ValueGeneratedNever();
        b.HasOne<CustomerCompany>().WithOne().HasForeignKey<CreditAccount>(a => a.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.Currency).HasMaxLength(Common.CurrencyCode.Length);
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.HoldReason).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.StateNote).HasMaxLength(CreditAccount.ReasonMaxLength);
        b.Property(a => a.Policy).HasConversion<string>().HasMaxLength(10);
        b.Property(a => a.TermsOverride).HasMaxLength(DueDateFormula.MaxLength);
        b.Property(a => a.OverrideReason).HasMaxLength(CreditAccount.ReasonMaxLength);
        b.Property(a => a.OverrideByName).HasMaxLength(200);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Ignore(a => a.HasOverride);
        b.HasIndex(a => a.State);
    }
}
