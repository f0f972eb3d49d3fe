using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;

namespace B2BPortal.Domain.Settlements;

/// <summary>
/// One bank statement (camt.053 Stmt) or notification (camt.054 Ntfctn) as imported: the bank's identity of it, its
/// balances and whether they add up, and the file it came from. The bank is master of every figure; the portal never
/// corrects one, it shows the difference.
/// </summary>
public class BankStatement
{
    public const int StatementIdMaxLength = 35;
    public const int AccountMaxLength = 34;
    public const int FileNameMaxLength = 255;
    public const int MessageMaxLength = 35;
    public const int HashLength = 64;
    public const int ProblemMaxLength = 500;
    public const int BalanceCodeMaxLength = 4;
    public const int ActorMaxLength = 256;

    private readonly List<StatementEntry> _entries = [];

    private BankStatement() { }

    public BankStatement(SettlementMessageKind kind, string statementId, string account, string currency, string fileName, string contentHash, DateTimeOffset importedAt, string importedBy)
    {
        Kind = kind;
        StatementId = Required(statementId, StatementIdMaxLength, "statement id");
        Account = Required(account, AccountMaxLength, "account");
        Currency = CurrencyCode.Normalize(currency);
        FileName = Clip(fileName, FileNameMaxLength);
        ContentHash = contentHash;
        ImportedAt = importedAt;
        ImportedBy = Clip(importedBy, ActorMaxLength);
    }

    public int Id { get; private set; }

    public SettlementMessageKind Kind { get; private set; }

    /// <summary>The bank's Stmt/Id (Ntfctn/Id): with the account, what makes a re-import a duplicate.</summary>
    public string StatementId { get; private set; } = string.Empty;

    public string Account { get; private set; } = string.Empty;

    public string Currency { get; private set; } = string.Empty;

    public string? MessageName { get; private set; }

    public string? MessageId { get; private set; }

    public string? SequenceNumber { get; private set; }

    public DateTimeOffset? CreatedAt { get; private set; }

    public DateOnly? FromDate { get; private set; }

    public DateOnly? ToDate { get; private set; }

    /// <summary>OPBD, or PRCD when the bank sent only the previous closing balance.</summary>
    public string? OpeningCode { get; private set; }

    public decimal? OpeningBalance { get; private set; }

    public decimal? ClosingBalance { get; private set; }

    public decimal Credits { get; private set; }

    public decimal Debits { get; private set; }

    /// <summary>Stated closing − (opening + credits − debits): zero when it adds up, null when it cannot be checked.</summary>
    public decimal? Difference { get; private set; }

    /// <summary>Why the statement does not reconcile, as shown to the accountant; null when it adds up.</summary>
    public string? BalanceProblem { get; private set; }

    public string FileName { get; private set; } = string.Empty;

    /// <summary>SHA-256 (hex) of the file it came from: the same file imported again adds nothing.</summary>
    public string ContentHash { get; private set; } = string.Empty;

    public DateTimeOffset ImportedAt { get; private set; }

    public string ImportedBy { get; private set; } = string.Empty;

    public IReadOnlyCollection<StatementEntry> Entries => _entries.AsReadOnly();

    public bool AddsUp => Difference == 0m && BalanceProblem is null;

    public void Describe(string messageName, string? messageId, string? sequenceNumber, DateTimeOffset? createdAt, DateOnly? from, DateOnly? to)
    {
        MessageName = Clip(messageName, MessageMaxLength);
        MessageId = messageId is null ? null : Clip(messageId, MessageMaxLength);
        SequenceNumber = sequenceNumber is null ? null : Clip(sequenceNumber, MessageMaxLength);
        CreatedAt = createdAt?.ToUniversalTime();
        FromDate = from;
        ToDate = to;
    }

    public void SetBalances(string? openingCode, decimal? opening, decimal? closing, decimal credits, decimal debits, decimal? difference, string? problem)
    {
        OpeningCode = openingCode is null ? null : Clip(openingCode, BalanceCodeMaxLength);
        OpeningBalance = opening;
        ClosingBalance = closing;
        Credits = credits;
        Debits = debits;
        Difference = difference;
        BalanceProblem = problem is null ? null : Clip(problem, ProblemMaxLength);
    }

    public void AddEntry(StatementEntry entry) => _entries.Add(entry);

    internal static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    private static string Required(string value, int max, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainException($"A bank statement needs its {what}.");
        }

        return Clip(value.Trim(), max);
    }
}

/// <summary>
/// One payment on a statement: a booking (Ntry), or one transaction of a batch booking (its TxDtls), which is what the
/// portal matches to invoices. <see cref="EntryNumber"/>/<see cref="TransactionNumber"/> place it on the bank's statement.
/// </summary>
public class StatementEntry
{
    public const int ReferenceMaxLength = 35;
    public const int NameMaxLength = 140;
    public const int AccountMaxLength = 34;
    public const int TextMaxLength = 1000;
    public const int CodeMaxLength = 35;

    private StatementEntry() { }

    public StatementEntry(int entryNumber, int transactionNumber, Money amount, EntryDirection direction, bool isReversal, DateOnly? bookingDate, DateOnly? valueDate)
    {
        if (amount.Amount < 0m)
        {
            throw new DomainException("A statement entry's amount is never negative; its direction says credit or debit.");
        }

        EntryNumber = entryNumber;
        TransactionNumber = transactionNumber;
        Amount = amount;
        Direction = direction;
        IsReversal = isReversal;
        BookingDate = bookingDate;
        ValueDate = valueDate;
    }

    public long Id { get; private set; }

    public int BankStatementId { get; private set; }

    public int EntryNumber { get; private set; }

    /// <summary>1 for a single booking; the position within the batch for a batch booking's payments.</summary>
    public int TransactionNumber { get; private set; }

    /// <summary>How many payments the booking held (1 unless it was a batch booking split into its transactions).</summary>
    public int BatchSize { get; private set; } = 1;

    public Money Amount { get; private set; }

    public EntryDirection Direction { get; private set; }

    public bool IsReversal { get; private set; }

    public string? Status { get; private set; }

    public DateOnly? BookingDate { get; private set; }

    public DateOnly? ValueDate { get; private set; }

    public decimal? Charges { get; private set; }

    public string? EntryReference { get; private set; }

    public string? BankReference { get; private set; }

    public string? EndToEndId { get; private set; }

    public string? BankTransactionCode { get; private set; }

    /// <summary>Who paid (credits) or who was paid (debits), as the bank names them.</summary>
    public string? CounterpartyName { get; private set; }

    public string? CounterpartyAccount { get; private set; }

    public ReferenceKind? ReferenceKind { get; private set; }

    /// <summary>The first structured reference quoted (RF, QR, ISR or national), compacted.</summary>
    public string? StructuredReference { get; private set; }

    public bool ReferenceChecksumValid { get; private set; }

    /// <summary>Referred document numbers (RfrdDocInf), as "CINV 9580572; CREN 9582095".</summary>
    public string? ReferredDocuments { get; private set; }

    /// <summary>Unstructured remittance text and additional remittance lines, joined by " / ".</summary>
    public string? RemittanceText { get; private set; }

    /// <summary>Why a batch could not be split into its payments, when it could not.</summary>
    public string? Note { get; private set; }

    /// <summary>What settlement matching made of it: pending until matching has run.</summary>
    public EntryOutcome Outcome { get; private set; }

    public bool IsIncomingPayment => Direction == EntryDirection.Credit && !IsReversal;

    public void Settled(EntryOutcome outcome) => Outcome = outcome;

    /// <summary>Ties the payment to its stored statement (the import writes payments in chunks, apart from the statement).</summary>
    public void BelongTo(int bankStatementId) => BankStatementId = bankStatementId;

    public void Details(int batchSize, string? status, decimal? charges, string? entryReference, string? bankReference, string? endToEndId, string? bankTransactionCode, string? note)
    {
        BatchSize = Math.Max(1, batchSize);
        Status = Opt(status, 4);
        Charges = charges;
        EntryReference = Opt(entryReference, ReferenceMaxLength);
        BankReference = Opt(bankReference, ReferenceMaxLength);
        EndToEndId = Opt(endToEndId, ReferenceMaxLength);
        BankTransactionCode = Opt(bankTransactionCode, CodeMaxLength);
        Note = Opt(note, BankStatement.ProblemMaxLength);
    }

    public void Remittance(string? counterpartyName, string? counterpartyAccount, PaymentReference? reference, IEnumerable<ReferredDocument> documents, IEnumerable<string> lines)
    {
        CounterpartyName = Opt(counterpartyName, NameMaxLength);
        CounterpartyAccount = Opt(counterpartyAccount, AccountMaxLength);
        ReferenceKind = reference?.Kind;
        StructuredReference = Opt(reference?.Value, ReferenceMaxLength);
        ReferenceChecksumValid = reference?.ChecksumValid ?? false;
        var docs = string.Join("; ", documents.Select(d => d.Type is null ? d.Number.Trim() : $"{d.Type} {d.Number.Trim()}"));
        ReferredDocuments = Opt(docs, TextMaxLength);
        RemittanceText = Opt(string.Join(" / ", lines), TextMaxLength);
    }

    private static string? Opt(string? text, int max) => string.IsNullOrWhiteSpace(text) ? null : BankStatement.Clip(text.Trim(), max);
}

public static class SettlementSets
{
    public static Microsoft.EntityFrameworkCore.DbSet<BankStatement> BankStatements(this PortalDbContext db) => db.Set<BankStatement>();

    public static Microsoft.EntityFrameworkCore.DbSet<StatementEntry> StatementEntries(this PortalDbContext db) => db.Set<StatementEntry>();
}
