using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Returns;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class ReturnRequestConfiguration : IEntityTypeConfiguration<ReturnRequest>
{
    public void Configure(EntityTypeBuilder<ReturnRequest> b)
    {
        b.ToTable("Returns");
        b.Property(r => r.Number).HasMaxLength(ReturnRequest.NumberMaxLength);
        b.HasIndex(r => r.Number).IsUnique();
        // The race guard: two returns of one order cannot take the same sequence, so the quantity check runs again for the loser.
        b.HasIndex(r => new { r.OrderId, r.Sequence }).IsUnique();
        b.Property(r => r.OrderNumber).HasMaxLength(Order.NumberMaxLength);
        b.Property(r => r.Currency).HasMaxLength(CurrencyCode.Length);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.RequestedByUserId).HasMaxLength(450);
        b.Property(r => r.RequestedByName).HasMaxLength(200);
        b.Property(r => r.Comment).HasMaxLength(ReturnRequest.CommentMaxLength);
        b.Property(r => r.DecisionReason).HasMaxLength(ReturnRequest.ReasonMaxLength);
        b.Property(r => r.CreditMemoNumber).HasMaxLength(ReturnRequest.CreditMemoNumberMaxLength);
        b.Property(r => r.ErpCreditMemoId).HasMaxLength(CreditMemo.ErpIdMaxLength);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.ComplexProperty(r => r.Total, m =>
        {
            m.Property(x => x.Amount).HasColumnName("Total");
            m.Property(x => x.Currency).HasColumnName("TotalCurrency").HasMaxLength(CurrencyCode.Length);
        });
        b.HasIndex(r => new { r.CompanyId, r.CreatedAt });
        b.HasIndex(r => new { r.State, r.UpdatedAt });
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(r => r.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReturnRequestId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(r => r.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(r => r.Photos).WithOne().HasForeignKey(p => p.ReturnRequestId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(r => r.Photos).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(r => r.History).WithOne().HasForeignKey(h => h.ReturnRequestId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(r => r.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CreditMemoConfiguration : IEntityTypeConfiguration<CreditMemo>
{
    public void Configure(EntityTypeBuilder<CreditMemo> b)
    {
        b.ToTable("CreditMemos");
        b.Property(m => m.ErpId).HasMaxLength(CreditMemo.ErpIdMaxLength);
        b.HasIndex(m => m.ErpId).IsUnique();
        b.Property(m => m.Number).HasMaxLength(CreditMemo.NumberMaxLength);
        b.HasIndex(m => m.Number);
        b.Property(m => m.ReturnNumber).HasMaxLength(ReturnRequest.NumberMaxLength);
        b.HasIndex(m => m.ReturnNumber);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(m => new { m.CompanyId, m.CreditMemoDate });
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(m => m.CompanyId).OnDelete(DeleteBehavior.Restrict);
        MoneyColumns.Map(b.ComplexProperty(m => m.TotalExcludingTax), "TotalExcludingTax");
        MoneyColumns.Map(b.ComplexProperty(m => m.Total), "Total");
    }
}

internal sealed class ReturnLineConfiguration : IEntityTypeConfiguration<ReturnLine>
{
    public void Configure(EntityTypeBuilder<ReturnLine> b)
    {
        b.ToTable("ReturnLines");
        b.Property(l => l.Sku).HasMaxLength(Sku.MaxLength);
        b.Property(l => l.ErpItemNumber).HasMaxLength(Product.ErpItemNumberMaxLength);
        b.Property(l => l.Name).HasMaxLength(Product.NameMaxLength);
        b.Property(l => l.UnitOfMeasure).HasMaxLength(Product.UnitMaxLength);
        b.Property(l => l.Reason).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.ReasonText).HasMaxLength(ReturnRequest.ReasonMaxLength);
        b.ComplexProperty(l => l.LineTotal, m =>
        {
            m.Property(x => x.Amount).HasColumnName("LineTotal");
            m.Property(x => x.Currency).HasColumnName("Currency").HasMaxLength(CurrencyCode.Length);
        });
    }
}

internal sealed class ReturnPhotoConfiguration : IEntityTypeConfiguration<ReturnPhoto>
{
    public void Configure(EntityTypeBuilder<ReturnPhoto> b)
    {
        b.ToTable("ReturnPhotos");
        b.Property(p => p.FileName).HasMaxLength(ReturnPhoto.FileNameMaxLength);
        b.Property(p => p.ContentType).HasMaxLength(ReturnPhoto.ContentTypeMaxLength);
        b.Property(p => p.Content).HasMaxLength(ReturnPhoto.MaxBytes);
    }
}

internal sealed class ReturnHistoryConfiguration : IEntityTypeConfiguration<ReturnHistoryEntry>
{
    public void Configure(EntityTypeBuilder<ReturnHistoryEntry> b)
    {
        b.ToTable("ReturnHistory");
        b.Property(h => h.From).HasConversion<string>().HasMaxLength(20);
        b.Property(h => h.To).HasConversion<string>().HasMaxLength(20);
        b.Property(h => h.Trigger).HasConversion<string>().HasMaxLength(20);
        b.Property(h => h.ActorId).HasMaxLength(450);
        b.Property(h => h.ActorName).HasMaxLength(200);
        b.Property(h => h.Reason).HasMaxLength(ReturnRequest.ReasonMaxLength);
    }
}
