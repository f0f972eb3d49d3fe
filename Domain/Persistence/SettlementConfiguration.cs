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
        b.HasIndex(e => new { e.BankStatementId, e.EntryNumber, e.TransactionNumber }).IsUnique();
        b.HasIndex(e => e.StructuredReference);
    }
}
