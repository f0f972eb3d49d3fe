using B2BPortal.Domain.Settlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class BankStatementConfiguration : IEntityTypeConfiguration<BankStatement>
{
    public void Configure(EntityTypeBuilder<BankStatement> b)
    {
        b.ToTable("BankStatements");
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.StatementId).HasMaxLength(BankStatement.StatementIdMaxLength);
        b.Property(s => s.Account).HasMaxLength(BankStatement.AccountMaxLength);
        b.Property(s => s.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(s => s.MessageName).HasMaxLength(BankStatement.MessageMaxLength);
        b.Property(s => s.MessageId).HasMaxLength(BankStatement.MessageMaxLength);
        b.Property(s => s.SequenceNumber).HasMaxLength(BankStatement.MessageMaxLength);
        b.Property(s => s.OpeningCode).HasMaxLength(BankStatement.BalanceCodeMaxLength);
        b.Property(s => s.BalanceProblem).HasMaxLength(BankStatement.ProblemMaxLength);
        b.Property(s => s.FileName).HasMaxLength(BankStatement.FileNameMaxLength);
        b.Property(s => s.ContentHash).HasMaxLength(BankStatement.HashLength);
        b.Property(s => s.ImportedBy).HasMaxLength(BankStatement.ActorMaxLength);
        b.Ignore(s => s.AddsUp);

        // The bank's statement id is unique per account and message kind: a second import of it is refused by the database too.
        b.HasIndex(s => new { s.Account, s.Kind, s.StatementId }).IsUnique();
        b.HasIndex(s => s.ContentHash);
        b.HasIndex(s => s.ImportedAt);
        b.HasMany(s => s.Entries).WithOne().HasForeignKey(e => e.BankStatementId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(s => s.Entries).HasField("_entries").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class StatementEntryConfiguration : IEntityTypeConfiguration<StatementEntry>
{
    public void Configure(EntityTypeBuilder<StatementEntry> b)
    {
        b.ToTable("StatementEntries");
        MoneyColumns.Map(b.ComplexProperty(e => e.Amount), "Amount");
        b.Property(e => e.Direction).HasConversion<string>().HasMaxLength(10);
        b.Property(e => e.ReferenceKind).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Status).HasMaxLength(4);
        b.Property(e => e.EntryReference).HasMaxLength(StatementEntry.ReferenceMaxLength);
        b.Property(e => e.BankReference).HasMaxLength(StatementEntry.ReferenceMaxLength);
        b.Property(e => e.EndToEndId).HasMaxLength(StatementEntry.ReferenceMaxLength);
        b.Property(e => e.StructuredReference).HasMaxLength(StatementEntry.ReferenceMaxLength);
        b.Property(e => e.BankTransactionCode).HasMaxLength(StatementEntry.CodeMaxLength);
        b.Property(e => e.CounterpartyName).HasMaxLength(StatementEntry.NameMaxLength);
        b.Property(e => e.CounterpartyAccount).HasMaxLength(StatementEntry.AccountMaxLength);
        b.Property(e => e.ReferredDocuments).HasMaxLength(StatementEntry.TextMaxLength);
        b.Property(e => e.RemittanceText).HasMaxLength(StatementEntry.TextMaxLength);
        b.Property(e => e.Note).HasMaxLength(BankStatement.ProblemMaxLength);
        b.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(20).HasDefaultValue(EntryOutcome.Pending);
        b.Ignore(e => e.IsIncomingPayment);
        b.HasIndex(e => new { e.BankStatementId, e.Outcome });
        b.HasIndex(e => e.EndToEndId);
        b.HasIndex(e => new { e.BankStatementId, e.EntryNumber, e.TransactionNumber }).IsUnique();
        b.HasIndex(e => e.StructuredReference);
    }
}

internal sealed class PaymentMatchConfiguration : IEntityTypeConfiguration<PaymentMatch>
{
    public void Configure(EntityTypeBuilder<PaymentMatch> b)
    {
        b.ToTable("PaymentMatches");
        MoneyColumns.Map(b.ComplexProperty(m => m.Amount), "Amount");
        b.Property(m => m.Rule).HasConversion<string>().HasMaxLength(30);
        b.Property(m => m.State).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.AdjustmentKind).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.AdjustmentState).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Explanation).HasMaxLength(PaymentMatch.ExplanationMaxLength);
        b.Property(m => m.MatchedBy).HasMaxLength(PaymentMatch.ActorMaxLength);
        b.Property(m => m.UndoneBy).HasMaxLength(PaymentMatch.ActorMaxLength);
        b.Property(m => m.AdjustmentDecidedBy).HasMaxLength(PaymentMatch.ActorMaxLength);
        b.Property(m => m.UndoReason).HasMaxLength(PaymentMatch.ReasonMaxLength);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.Ignore(m => m.IsManual);
        b.Ignore(m => m.Settled);
        b.HasIndex(m => new { m.StatementEntryId, m.State });
        b.HasIndex(m => m.CompanyId);
        b.HasOne<StatementEntry>().WithMany().HasForeignKey(m => m.StatementEntryId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.Allocations).WithOne().HasForeignKey(a => a.PaymentMatchId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(m => m.Allocations).HasField("_allocations").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PaymentAllocationConfiguration : IEntityTypeConfiguration<PaymentAllocation>
{
    public void Configure(EntityTypeBuilder<PaymentAllocation> b)
    {
        b.ToTable("PaymentAllocations");
        MoneyColumns.Map(b.ComplexProperty(a => a.Amount), "Amount");
        b.Property(a => a.InvoiceNumber).HasMaxLength(Domain.Invoicing.Invoice.NumberMaxLength);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(a => a.InvoiceId);
        b.HasOne<Domain.Invoicing.Invoice>().WithMany().HasForeignKey(a => a.InvoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PayerMappingConfiguration : IEntityTypeConfiguration<PayerMapping>
{
    public void Configure(EntityTypeBuilder<PayerMapping> b)
    {
        b.ToTable("PayerMappings");
        b.Property(p => p.Key).HasMaxLength(PayerMapping.KeyMaxLength);
        b.Property(p => p.LearnedFrom).HasMaxLength(PaymentMatch.ReasonMaxLength);
        b.HasIndex(p => p.Key).IsUnique();
        b.HasOne<Domain.Customers.CustomerCompany>().WithMany().HasForeignKey(p => p.CompanyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SettlementExceptionConfiguration : IEntityTypeConfiguration<SettlementException>
{
    public void Configure(EntityTypeBuilder<SettlementException> b)
    {
        b.ToTable("SettlementExceptions");
        MoneyColumns.Map(b.ComplexProperty(x => x.Amount), "Amount");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Description).HasMaxLength(SettlementException.DescriptionMaxLength);
        b.Property(x => x.Resolution).HasMaxLength(SettlementException.NoteMaxLength);
        b.Property(x => x.AssignedToId).HasMaxLength(PaymentMatch.ActorMaxLength);
        b.Property(x => x.AssignedToName).HasMaxLength(PaymentMatch.ActorMaxLength);
        b.Property(x => x.ClosedBy).HasMaxLength(PaymentMatch.ActorMaxLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        b.HasIndex(x => new { x.State, x.OpenedAt });
        b.HasIndex(x => x.StatementEntryId);
        b.HasOne<StatementEntry>().WithMany().HasForeignKey(x => x.StatementEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ErpPaymentLinkConfiguration : IEntityTypeConfiguration<ErpPaymentLink>
{
    public void Configure(EntityTypeBuilder<ErpPaymentLink> b)
    {
        b.ToTable("ErpPaymentLinks");
        b.HasKey(l => l.Reference);
        b.Property(l => l.Reference).HasMaxLength(ErpPaymentLink.ReferenceMaxLength);
        b.HasIndex(l => l.AllocationId).IsUnique();
        b.HasIndex(l => l.PaymentMatchId);
        b.Property(l => l.InvoiceNumber).HasMaxLength(Domain.Invoicing.Invoice.NumberMaxLength);
        b.Property(l => l.State).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.ErpJournalId).HasMaxLength(ErpPaymentLink.ErpIdMaxLength);
        b.Property(l => l.ErpLineId).HasMaxLength(ErpPaymentLink.ErpIdMaxLength);
        b.Property(l => l.ErpPaymentId).HasMaxLength(ErpPaymentLink.ErpIdMaxLength);
        b.Property(l => l.UndoOutcome).HasMaxLength(ErpPaymentLink.OutcomeMaxLength);
        b.Ignore(l => l.ReversalReference);
        MoneyColumns.Map(b.ComplexProperty(l => l.Amount), "Amount");
        b.HasOne<PaymentAllocation>().WithMany().HasForeignKey(l => l.AllocationId).OnDelete(DeleteBehavior.Restrict);
    }
}
