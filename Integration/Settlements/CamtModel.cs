using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Settlements;

namespace B2BPortal.Integration.Settlements;

/// <summary>A bank file the reader refused, and why, naming the file and (when it is one entry's fault) the entry. Nothing of it is imported.</summary>
public sealed class SettlementFileException : Exception
{
    public SettlementFileException() : this("The settlement file cannot be read.") { }

    public SettlementFileException(string message) : base(message) { }

    public SettlementFileException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// One camt file as read: its message (camt.053 statement or camt.054 notification), version and the statements or
/// notifications in it, each with its entries. Format-neutral enough for the import to store.
/// </summary>
public sealed record CamtFile(string FileName, SettlementMessageKind Kind, string Version, string MessageId, DateTimeOffset? CreatedAt, IReadOnlyList<CamtStatement> Statements)
{
    public string MessageName => $"{(Kind == SettlementMessageKind.Statement ? "camt.053" : "camt.054")}.001.{Version}";
}

/// <summary>A balance as the bank states it, signed (a DBIT balance is negative). <see cref="Code"/> is OPBD, PRCD, CLBD, CLAV …</summary>
public sealed record CamtBalance(string Code, Money Amount, DateOnly? Date);

/// <summary>A statement (camt.053 Stmt) or a notification (camt.054 Ntfctn).</summary>
/// <param name="Opening">OPBD, or PRCD (the previous statement's closing) when the bank sends no OPBD; none in a notification.</param>
/// <param name="DeclaredEntryCount">TxsSummry/TtlNtries/NbOfNtries, when the bank sent it.</param>
public sealed record CamtStatement(
    string Id,
    string? SequenceNumber,
    DateTimeOffset? CreatedAt,
    DateOnly? FromDate,
    DateOnly? ToDate,
    string Account,
    string? AccountOwner,
    string Currency,
    CamtBalance? Opening,
    CamtBalance? Closing,
    int? DeclaredEntryCount,
    IReadOnlyList<CamtEntry> Entries)
{
    /// <summary>Booked credits in the account's currency (entries in another currency counted by their account-currency counter-value).</summary>
    public decimal Credits => Entries.Where(e => e.Direction == EntryDirection.Credit).Sum(e => e.AccountAmount?.Amount ?? 0m);

    public decimal Debits => Entries.Where(e => e.Direction == EntryDirection.Debit).Sum(e => e.AccountAmount?.Amount ?? 0m);

    /// <summary>Opening + credits − debits, when there is an opening balance.</summary>
    public decimal? ComputedClosing => Opening is null ? null : Opening.Amount.Amount + Credits - Debits;

    /// <summary>Stated closing − computed closing; zero when the statement adds up, null when it cannot be checked.</summary>
    public decimal? Difference => Closing is null || ComputedClosing is null ? null : Closing.Amount.Amount - ComputedClosing.Value;

    /// <summary>Why the statement does not reconcile, in an accountant's words; null when it adds up (or is a notification with no balances).</summary>
    public string? BalanceProblem
    {
        get
        {
            var foreign = Entries.FirstOrDefault(e => e.AccountAmount is null);
            if (foreign is not null)
            {
                return $"Entry {foreign.Number} is in {foreign.Amount.Currency} with no {Currency} counter-value; the balances cannot be checked.";
            }

            if (Opening is null && Closing is null)
            {
                return null;
            }

            if (Opening is null || Closing is null)
            {
                return Opening is null ? "The statement has a closing balance but no opening (OPBD) or previous closing (PRCD) balance." : "The statement has no closing balance (CLBD).";
            }

            return Difference == 0m
                ? null
                : string.Create(CultureInfo.InvariantCulture,
                    $"Does not add up: opening {Opening.Amount.Amount:N2} + credits {Credits:N2} − debits {Debits:N2} = {ComputedClosing:N2}, but the bank states a closing balance of {Closing.Amount.Amount:N2} ({Currency}); difference {Difference:N2}.");
        }
    }
}

/// <summary>One booking on the account (Ntry). A batch booking carries its single payments in <see cref="Transactions"/>.</summary>
/// <param name="Number">1-based position in its statement, for messages.</param>
/// <param name="AccountAmount">The amount in the account's currency: the entry's own when the currencies agree, else the counter-value in AmtDtls; null when the bank gave none.</param>
/// <param name="IsReversal">RvslInd: this entry reverses an earlier one (a DBIT reversal takes back an earlier credit).</param>
/// <param name="BatchCount">Btch/NbOfTxs, when the entry is a batch booking.</param>
/// <param name="SplitProblem">Why the batch's details cannot be taken as its single payments (they do not add up to the entry), else null.</param>
public sealed record CamtEntry(
    int Number,
    string? EntryReference,
    string? BankReference,
    Money Amount,
    Money? AccountAmount,
    EntryDirection Direction,
    bool IsReversal,
    string Status,
    DateOnly? BookingDate,
    DateOnly? ValueDate,
    Money? Charges,
    string? BankTransactionCode,
    string? AdditionalInfo,
    int? BatchCount,
    string? SplitProblem,
    IReadOnlyList<CamtTransaction> Transactions)
{
    public string Describe() => EntryReference ?? BankReference ?? $"#{Number}";
}

/// <summary>One payment inside an entry (TxDtls), or the entry itself when the bank sent no details.</summary>
public sealed record CamtTransaction(
    int Number,
    Money Amount,
    EntryDirection Direction,
    string? EndToEndId,
    string? TransactionId,
    string? BankReference,
    string? DebtorName,
    string? DebtorAccount,
    string? CreditorName,
    string? CreditorAccount,
    IReadOnlyList<PaymentReference> References,
    IReadOnlyList<ReferredDocument> ReferredDocuments,
    IReadOnlyList<string> RemittanceLines,
    Money? Charges);
