using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("Orders");
        b.Property(o => o.Number).HasMaxLength(Order.NumberMaxLength);
        b.HasIndex(o => o.Number).IsUnique();
        b.Property(o => o.PlacedByUserId).HasMaxLength(450);
        b.Property(o => o.PlacedByName).HasMaxLength(200);
        b.Property(o => o.PlacedOnBehalfByUserId).HasMaxLength(450);
        b.Property(o => o.PlacedOnBehalfByName).HasMaxLength(200);
        b.Ignore(o => o.PlacedByText);
        b.Property(o => o.State).HasConversion<string>().HasMaxLength(30);
        // Orders from before the invoicing track start as not invoiced; OrderInvoicingCatchUp then reads their invoices.
        b.Property(o => o.Invoicing).HasConversion<string>().HasMaxLength(20).HasDefaultValue(InvoicingState.NotInvoiced);
        b.Property(o => o.PurchaseOrderNumber).HasMaxLength(Order.PurchaseOrderNumberMaxLength);
        b.Property(o => o.Notes).HasMaxLength(Order.NotesMaxLength);
        b.Property(o => o.IdempotencyKey).HasMaxLength(Order.IdempotencyKeyMaxLength);
        b.Property(o => o.RequestFingerprint).HasMaxLength(Order.RequestFingerprintLength);
        b.Property(o => o.ApprovalReason).HasMaxLength(Order.ReasonMaxLength);
        b.Property(o => o.ErpOrderId).HasMaxLength(Order.ErpIdMaxLength);
        b.Property(o => o.ErpOrderNumber).HasMaxLength(Order.ErpIdMaxLength);
        b.Property(o => o.Version).IsConcurrencyToken();

        // The guarantee behind "a double click or a retried API call makes one order".
        b.HasIndex(o => new { o.CompanyId, o.IdempotencyKey }).IsUnique();
        b.HasIndex(o => new { o.CompanyId, o.CreatedAt });
        b.HasIndex(o => new { o.CompanyId, o.State });
        b.HasIndex(o => new { o.CompanyId, o.PurchaseOrderNumber });
        b.HasIndex(o => o.CreatedAt);
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(o => o.CompanyId).OnDelete(DeleteBehavior.Restrict);

        b.ComplexProperty(o => o.Total, m =>
        {
            m.Property(x => x.Amount).HasColumnName("Total");
            m.Property(x => x.Currency).HasColumnName("Currency").HasMaxLength(CurrencyCode.Length);
        });
        b.ComplexProperty(o => o.ShipTo, m =>
        {
            m.Property(x => x.Name).HasColumnName("ShipToName").HasMaxLength(100);
            m.Property(x => x.Line1).HasColumnName("ShipToLine1").HasMaxLength(200);
            m.Property(x => x.Line2).HasColumnName("ShipToLine2").HasMaxLength(200);
            m.Property(x => x.PostalCode).HasColumnName("ShipToPostalCode").HasMaxLength(20);
            m.Property(x => x.City).HasColumnName("ShipToCity").HasMaxLength(100);
            m.Property(x => x.CountryCode).HasColumnName("ShipToCountryCode").HasMaxLength(2);
        });

        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(o => o.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(o => o.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.ToTable("OrderLines");
        b.Property(l => l.Sku).HasMaxLength(Sku.MaxLength);
        b.Property(l => l.ErpItemNumber).HasMaxLength(Catalog.Product.ErpItemNumberMaxLength);
        b.Property(l => l.Name).HasMaxLength(Catalog.Product.NameMaxLength);
        b.Property(l => l.UnitOfMeasure).HasMaxLength(Catalog.Product.UnitMaxLength);
        b.Property(l => l.PriceSource).HasMaxLength(100);
        b.HasIndex(l => new { l.OrderId, l.LineNumber }).IsUnique();
        b.HasIndex(l => l.Sku);
        b.ComplexProperty(l => l.LineTotal, m =>
        {
            m.Property(x => x.Amount).HasColumnName("LineTotal");
            m.Property(x => x.Currency).HasColumnName("Currency").HasMaxLength(CurrencyCode.Length);
        });
    }
}

internal sealed class OrderHistoryConfiguration : IEntityTypeConfiguration<OrderHistoryEntry>
{
    public void Configure(EntityTypeBuilder<OrderHistoryEntry> b)
    {
        b.ToTable("OrderHistory");
        b.Property(h => h.From).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.To).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.Trigger).HasConversion<string>().HasMaxLength(30);
        b.Property(h => h.ActorId).HasMaxLength(450);
        b.Property(h => h.ActorName).HasMaxLength(200);
        b.Property(h => h.Reason).HasMaxLength(Order.ReasonMaxLength);
        b.HasIndex(h => h.OrderId);
    }
}

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> b)
    {
        b.ToTable("Carts");
        b.Property(c => c.UserId).HasMaxLength(450);
        b.HasIndex(c => c.UserId).IsUnique();
        b.HasIndex(c => c.CompanyId);
        b.Property(c => c.OnBehalfOfUserId).HasMaxLength(450);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> b)
    {
        b.ToTable("CartLines");
        b.HasIndex(l => new { l.CartId, l.ProductId }).IsUnique();
        b.Property(l => l.PriceSeenCurrency).HasMaxLength(CurrencyCode.Length);
        b.HasOne<Catalog.Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SavedListConfiguration : IEntityTypeConfiguration<SavedList>
{
    public void Configure(EntityTypeBuilder<SavedList> b)
    {
        b.ToTable("SavedLists");
        b.Property(l => l.Name).HasMaxLength(SavedList.NameMaxLength);
        b.Property(l => l.OwnerUserId).HasMaxLength(450);
        b.Property(l => l.OwnerName).HasMaxLength(200);
        b.HasIndex(l => new { l.CompanyId, l.OwnerUserId });
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(l => l.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(l => l.Lines).WithOne().HasForeignKey(l => l.SavedListId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(l => l.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SavedListLineConfiguration : IEntityTypeConfiguration<SavedListLine>
{
    public void Configure(EntityTypeBuilder<SavedListLine> b)
    {
        b.ToTable("SavedListLines");
        b.HasIndex(l => new { l.SavedListId, l.ProductId }).IsUnique();
        b.HasOne<Catalog.Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpendingLimitConfiguration : IEntityTypeConfiguration<SpendingLimit>
{
    public void Configure(EntityTypeBuilder<SpendingLimit> b)
    {
        b.ToTable("SpendingLimits");
        b.Property(l => l.UserId).HasMaxLength(450);
        b.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.SetBy).HasMaxLength(200);
        b.HasIndex(l => new { l.CompanyId, l.UserId, l.Kind });
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(l => l.CompanyId).OnDelete(DeleteBehavior.Cascade);
        b.ComplexProperty(l => l.Amount, m =>
        {
            m.Property(x => x.Amount).HasColumnName("Amount");
            m.Property(x => x.Currency).HasColumnName("Currency").HasMaxLength(CurrencyCode.Length);
        });
    }
}

internal sealed class OrderNumberCounterConfiguration : IEntityTypeConfiguration<OrderNumberCounter>
{
    public void Configure(EntityTypeBuilder<OrderNumberCounter> b)
    {
        b.ToTable("OrderNumberCounters");
        b.HasKey(c => c.Year);
        b.Property(c => c.Year).ValueGeneratedNever();
        b.Property(c => c.Last).IsConcurrencyToken();
    }
}
