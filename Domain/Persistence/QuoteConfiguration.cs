using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Quotes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class QuoteConfiguration : IEntityTypeConfiguration<Quote>
{
    public void Configure(EntityTypeBuilder<Quote> b)
    {
        b.ToTable("Quotes");
        b.Property(q => q.Number).HasMaxLength(Quote.NumberMaxLength);
        b.HasIndex(q => q.Number).IsUnique();
        b.Property(q => q.Currency).HasMaxLength(CurrencyCode.Length);
        b.Property(q => q.OwnerRepUserId).HasMaxLength(450);
        b.Property(q => q.OwnerRepName).HasMaxLength(200);
        b.Property(q => q.RequestedByUserId).HasMaxLength(450);
        b.Property(q => q.RequestedByName).HasMaxLength(200);
        b.Property(q => q.State).HasConversion<string>().HasMaxLength(30);
        b.Property(q => q.BuyerNotes).HasMaxLength(Quote.NotesMaxLength);
        b.Property(q => q.ApprovalReason).HasMaxLength(Quote.ReasonMaxLength);
        b.Property(q => q.OrderNumber).HasMaxLength(Ordering.Order.NumberMaxLength);
        b.Property(q => q.Version).IsConcurrencyToken();
        b.HasIndex(q => new { q.CompanyId, q.State });
        b.HasIndex(q => new { q.OwnerRepUserId, q.State });
        b.HasIndex(q => new { q.State, q.ValidUntil });

        // The pipeline's period filters: quotes first sent, and quotes ordered, in a period, per rep.
        b.HasIndex(q => new { q.OwnerRepUserId, q.FirstSentAt });
        b.HasIndex(q => new { q.OwnerRepUserId, q.OrderedAt });
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(q => q.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(q => q.Current);
        b.Ignore(q => q.Previous);
        b.HasMany(q => q.Versions).WithOne().HasForeignKey(v => v.QuoteId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(q => q.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(q => q.History).WithOne().HasForeignKey(h => h.QuoteId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(q => q.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class QuoteVersionConfiguration : IEntityTypeConfiguration<QuoteVersion>
{
    public void Configure(EntityTypeBuilder<QuoteVersion> b)
    {
        b.ToTable("QuoteVersions");
        b.HasIndex(v => new { v.QuoteId, v.Number }).IsUnique();
        b.Ignore(v => v.IsSent);
        b.Ignore(v => v.Total);
        b.HasMany(v => v.Lines).WithOne().HasForeignKey(l => l.QuoteVersionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(v => v.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class QuoteLineConfiguration : IEntityTypeConfiguration<QuoteLine>
{
    public void Configure(EntityTypeBuilder<QuoteLine> b)
    {
        b.ToTable("QuoteLines");
        b.Property(l => l.Sku).HasMaxLength(Sku.MaxLength);
        b.Property(l => l.Name).HasMaxLength(Product.NameMaxLength);
        b.Property(l => l.UnitOfMeasure).HasMaxLength(Product.UnitMaxLength);
        b.HasIndex(l => new { l.QuoteVersionId, l.LineNumber }).IsUnique();
        b.HasIndex(l => l.ProductId);
        b.HasMany(l => l.Breaks).WithOne().HasForeignKey(x => x.QuoteLineId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(l => l.Breaks).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class QuoteBreakConfiguration : IEntityTypeConfiguration<QuoteBreak>
{
    public void Configure(EntityTypeBuilder<QuoteBreak> b) => b.ToTable("QuoteBreaks");
}

internal sealed class QuoteHistoryConfiguration : IEntityTypeConfiguration<QuoteHistoryEntry>
{
    public void Configure(EntityTypeBuilder<QuoteHistoryEntry> b)
    {
        b.ToTable("QuoteHistory");
        b.Property(h => h.From).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.To).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.Trigger).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.ActorId).HasMaxLength(450);
        b.Property(h => h.ActorName).HasMaxLength(200);
        b.Property(h => h.Reason).HasMaxLength(Quote.ReasonMaxLength);
    }
}

internal sealed class QuoteNumberCounterConfiguration : IEntityTypeConfiguration<QuoteNumberCounter>
{
    public void Configure(EntityTypeBuilder<QuoteNumberCounter> b)
    {
        b.ToTable("QuoteNumberCounters");
        b.HasKey(c => c.Year);
        b.Property(c => c.Year).ValueGeneratedNever();
        b.Property(c => c.Last).IsConcurrencyToken();
    }
}

internal sealed class MarginFloorConfiguration : IEntityTypeConfiguration<MarginFloor>
{
    public void Configure(EntityTypeBuilder<MarginFloor> b)
    {
        b.ToTable("MarginFloors");
        b.Property(f => f.SalesRepUserId).HasMaxLength(450);
        b.HasIndex(f => f.SalesRepUserId).IsUnique();
        b.HasIndex(f => f.CategoryId).IsUnique();
        b.HasOne<Category>().WithMany().HasForeignKey(f => f.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
