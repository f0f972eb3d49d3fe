using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Shipping;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class SyncJobStateConfiguration : IEntityTypeConfiguration<SyncJobState>
{
    public void Configure(EntityTypeBuilder<SyncJobState> b)
    {
        b.ToTable("SyncJobStates");
        b.HasKey(s => s.JobName);
        b.Property(s => s.JobName).HasMaxLength(SyncJobState.JobNameMaxLength);
    }
}

internal sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> b)
    {
        b.ToTable("SyncRuns");
        b.Property(r => r.JobName).HasMaxLength(SyncJobState.JobNameMaxLength);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.Error).HasMaxLength(SyncRun.ErrorMaxLength);
        b.Property(r => r.Node).HasMaxLength(SyncRun.NodeMaxLength);
        b.Ignore(r => r.Duration);
        b.HasIndex(r => new { r.JobName, r.StartedAt });

        // Recovery asks for the runs still running, per node: few rows, but the table holds every run of 30 days.
        b.HasIndex(r => new { r.Status, r.Node });
    }
}

internal sealed class DeadLetterConfiguration : IEntityTypeConfiguration<DeadLetter>
{
    public void Configure(EntityTypeBuilder<DeadLetter> b)
    {
        b.ToTable("DeadLetters");
        b.Property(d => d.JobName).HasMaxLength(SyncJobState.JobNameMaxLength);
        b.Property(d => d.RecordKey).HasMaxLength(DeadLetter.KeyMaxLength);
        b.Property(d => d.Reason).HasMaxLength(DeadLetter.ReasonMaxLength);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.ClosedBy).HasMaxLength(450);
        b.Ignore(d => d.IsOpen);
        b.HasIndex(d => new { d.JobName, d.RecordKey });
        b.HasIndex(d => d.Status);
    }
}

internal sealed class ErpOrderLinkConfiguration : IEntityTypeConfiguration<ErpOrderLink>
{
    public void Configure(EntityTypeBuilder<ErpOrderLink> b)
    {
        b.ToTable("ErpOrderLinks");
        b.HasKey(l => l.OrderNumber);
        b.Property(l => l.OrderNumber).HasMaxLength(ErpOrderLink.NumberMaxLength);
        b.Property(l => l.ErpOrderId).HasMaxLength(ErpOrderLink.NumberMaxLength);
        b.Property(l => l.ErpOrderNumber).HasMaxLength(ErpOrderLink.NumberMaxLength);
        b.HasIndex(l => l.ErpOrderNumber);
    }
}

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> b)
    {
        b.ToTable("Invoices");
        b.Property(i => i.ErpId).HasMaxLength(Invoice.ErpIdMaxLength);
        b.HasIndex(i => i.ErpId).IsUnique();
        b.Property(i => i.Number).HasMaxLength(Invoice.NumberMaxLength);
        b.HasIndex(i => i.Number);
        b.Property(i => i.OrderNumber).HasMaxLength(ErpOrderLink.NumberMaxLength);
        b.HasIndex(i => i.OrderNumber);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(i => new { i.CompanyId, i.DueDate });
        b.HasIndex(i => new { i.CompanyId, i.Status, i.DueDate });
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(i => i.CompanyId).OnDelete(DeleteBehavior.Restrict);
        MoneyColumns.Map(b.ComplexProperty(i => i.TotalExcludingTax), "TotalExcludingTax");
        MoneyColumns.Map(b.ComplexProperty(i => i.Total), "Total");
        MoneyColumns.Map(b.ComplexProperty(i => i.Remaining), "Remaining");
    }
}

internal sealed class CustomerPaymentConfiguration : IEntityTypeConfiguration<CustomerPayment>
{
    public void Configure(EntityTypeBuilder<CustomerPayment> b)
    {
        b.ToTable("CustomerPayments");
        b.Property(p => p.ErpId).HasMaxLength(CustomerPayment.ErpIdMaxLength);
        b.HasIndex(p => p.ErpId).IsUnique();
        b.Property(p => p.DocumentNumber).HasMaxLength(50);
        b.Property(p => p.AppliesToInvoiceNumber).HasMaxLength(Invoice.NumberMaxLength);
        b.Property(p => p.Description).HasMaxLength(200);
        b.Property(p => p.PortalReference).HasMaxLength(Settlements.ErpPaymentLink.ReferenceMaxLength);
        b.HasIndex(p => p.PortalReference);
        b.HasIndex(p => p.CompanyId);
        b.HasOne<CustomerCompany>().WithMany().HasForeignKey(p => p.CompanyId).OnDelete(DeleteBehavior.Restrict);
        MoneyColumns.Map(b.ComplexProperty(p => p.Amount), "Amount");
    }
}

internal sealed class CreditTermsConfiguration : IEntityTypeConfiguration<CreditTerms>
{
    public void Configure(EntityTypeBuilder<CreditTerms> b)
    {
        b.ToTable("CreditTerms");
        b.HasKey(c => c.CompanyId);
        b.Property(c => c.CompanyId).ValueGeneratedNever();
        b.Property(c => c.PaymentTermsCode).HasMaxLength(CreditTerms.TermsCodeMaxLength);
        b.Property(c => c.DueDateCalculation).HasMaxLength(50);
        b.HasOne<CustomerCompany>().WithOne().HasForeignKey<CreditTerms>(c => c.CompanyId).OnDelete(DeleteBehavior.Cascade);
        MoneyColumns.Map(b.ComplexProperty(c => c.CreditLimit), "CreditLimit");
        MoneyColumns.Map(b.ComplexProperty(c => c.BalanceDue), "BalanceDue");
    }
}

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> b)
    {
        b.ToTable("Shipments");
        b.Property(s => s.OrderNumber).HasMaxLength(ErpOrderLink.NumberMaxLength);
        b.HasIndex(s => s.OrderNumber);
        b.Property(s => s.Carrier).HasMaxLength(Shipment.CarrierMaxLength);
        b.Property(s => s.TrackingNumber).HasMaxLength(Shipment.TrackingNumberMaxLength);

        // Not unique: one parcel may carry two posted shipments. The ERP shipment number is what makes a shipment one.
        b.HasIndex(s => new { s.Carrier, s.TrackingNumber });
        b.Property(s => s.ErpShipmentNumber).HasMaxLength(Shipment.ErpNumberMaxLength);
        b.HasIndex(s => s.ErpShipmentNumber).IsUnique();
        b.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.TrackingUrl).HasMaxLength(500);
        b.HasIndex(s => new { s.State, s.NextPollAt });
        b.Ignore(s => s.IsMoving);
        b.Ignore(s => s.IsTracked);
        b.HasMany(s => s.Events).WithOne().HasForeignKey(e => e.ShipmentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(s => s.Events).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.ShipmentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(s => s.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ShipmentLineConfiguration : IEntityTypeConfiguration<ShipmentLine>
{
    public void Configure(EntityTypeBuilder<ShipmentLine> b)
    {
        b.ToTable("ShipmentLines");
        b.Property(l => l.ItemNumber).HasMaxLength(ShipmentLine.ItemNumberMaxLength);
        b.Property(l => l.UnitOfMeasure).HasMaxLength(ShipmentLine.UnitMaxLength);
    }
}

internal sealed class ShipmentEventConfiguration : IEntityTypeConfiguration<ShipmentEvent>
{
    public void Configure(EntityTypeBuilder<ShipmentEvent> b)
    {
        b.ToTable("ShipmentEvents");
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.StatusCode).HasMaxLength(30);
        b.Property(e => e.Description).HasMaxLength(ShipmentEvent.TextMaxLength);
        b.Property(e => e.Location).HasMaxLength(ShipmentEvent.TextMaxLength);
    }
}

internal static class MoneyColumns
{
    public static void Map(ComplexPropertyBuilder<Money> m, string prefix)
    {
        m.Property(x => x.Amount).HasColumnName(prefix);
        m.Property(x => x.Currency).HasColumnName(prefix + "Currency").HasMaxLength(CurrencyCode.Length);
    }
}
