using System.Globalization;
using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Settlements;

public enum PaymentMatchState
{
    Applied,
    Undone,
}

/// <summary>What an allocation settles an invoice with: the payment itself, or a write-off an accountant decided.</summary>
public enum AllocationKind
{
    Payment,
    WriteOff,
}

/// <summary>A small difference within the tolerance: bank charges taken off the payment (fee), or anything else (write-off).</summary>
public enum AdjustmentKind
{
    Fee,
    WriteOff,
}

/// <summary>Where the difference booked within the tolerance stands: an accountant approves it, or rejects it (which undoes the match).</summary>
public enum AdjustmentState
{
    None,
    AwaitingApproval,
    Approved,
}

/// <summary>
/// One payment (a statement entry) applied to one or more invoices of one company, with the explanation of the rule that
/// matched it (or the accountant who did). Applying reduces the invoices' open amounts at once; undoing gives them back.
/// An applied match is never deleted: an undone one stays with who undid it and why.
/// </summary>
public class PaymentMatch
{
    public const int ExplanationMaxLength = 1000;
    public const int ActorMaxLength = 256;
    public const int ReasonMaxLength = 500;

    private readonly List<PaymentAllocation> _allocations = [];

    private PaymentMatch() { }

    public PaymentMatch(long statementEntryId, int companyId, MatchRule? rule, string explanation, Money amount, DateTimeOffset at, string matchedBy)
    {
        StatementEntryId = statementEntryId;
        CompanyId = companyId;
        Rule = rule;
        Explanation = BankStatement.Clip(explanation, ExplanationMaxLength);
        Amount = amount;
        MatchedAt = at;
        MatchedBy = BankStatement.Clip(matchedBy, ActorMaxLength);
    }

    public long Id { get; private set; }

    public long StatementEntryId { get; private set; }

    public int CompanyId { get; private set; }

    /// <summary>The step of the cascade that matched; null when an accountant matched by hand.</summary>
    public MatchRule? Rule { get; private set; }

    public bool IsManual => Rule is null;

    public string Explanation { get; private set; } = string.Empty;

    /// <summary>The payment's amount.</summary>
    public Money Amount { get; private set; }

    /// <summary>Payment − what it settles, when within the tolerance: negative is short (written off or a fee), positive is kept.</summary>
    public decimal Adjustment { get; private set; }

    public AdjustmentKind? AdjustmentKind { get; private set; }

    public AdjustmentState AdjustmentState { get; private set; }

    public PaymentMatchState State { get; private set; }

    public DateTimeOffset MatchedAt { get; private set; }

    public string MatchedBy { get; private set; } = string.Empty;

    public DateTimeOffset? UndoneAt { get; private set; }

    public string? UndoneBy { get; private set; }

    public string? UndoReason { get; private set; }

    public string? AdjustmentDecidedBy { get; private set; }

    /// <summary>Optimistic concurrency: two accountants undoing the same match, one wins.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<PaymentAllocation> Allocations => _allocations.AsReadOnly();

    public Money Settled => Money.Of(_allocations.Where(a => a.Kind == AllocationKind.Payment).Sum(a => a.Amount.Amount), Amount.Currency);

    public void Allocate(int invoiceId, string invoiceNumber, Money amount, AllocationKind kind = AllocationKind.Payment)
    {
        if (amount.Currency != Amount.Currency || amount.Amount <= 0m)
        {
            throw new DomainException($"Invoice {invoiceNumber}: {amount} cannot be allocated from a payment in {Amount.Currency}.");
        }

        _allocations.Add(new PaymentAllocation(invoiceId, invoiceNumber, amount, kind));
        Version++;
    }

    public void Tolerate(decimal adjustment, AdjustmentKind kind)
    {
        Adjustment = adjustment;
        AdjustmentKind = kind;
        AdjustmentState = AdjustmentState.AwaitingApproval;
    }

    public void ApproveAdjustment(string by)
    {
        if (State != PaymentMatchState.Applied || AdjustmentState != AdjustmentState.AwaitingApproval)
        {
            throw new DomainException("This match has no difference waiting for approval.");
        }

        AdjustmentState = AdjustmentState.Approved;
        AdjustmentDecidedBy = BankStatement.Clip(by, ActorMaxLength);
        Version++;
    }

    public void Undo(DateTimeOffset at, string by, string reason)
    {
        if (State == PaymentMatchState.Undone)
        {
            throw new DomainException($"This match was undone already, on {UndoneAt:yyyy-MM-dd HH:mm} by {UndoneBy}.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Say why the match is undone.");
        }

        State = PaymentMatchState.Undone;
        UndoneAt = at;
        UndoneBy = BankStatement.Clip(by, ActorMaxLength);
        UndoReason = BankStatement.Clip(reason.Trim(), ReasonMaxLength);
        Version++;
    }

    /// <summary>How the audit trail and the ERP see it: "DEMO-INV-5001 1,200.00; DEMO-INV-5002 300.00 (write-off)".</summary>
    public string Describe() => string.Join("; ", _allocations.Select(a =>
        string.Create(CultureInfo.InvariantCulture, $"{a.InvoiceNumber} {a.Amount.Amount:N2}{(a.Kind == AllocationKind.WriteOff ? " (write-off)" : "")}")));
}

/// <summary>The part of a payment applied to one invoice.</summary>
public class PaymentAllocation
{
    private PaymentAllocation() { }

    internal PaymentAllocation(int invoiceId, string invoiceNumber, Money amount, AllocationKind kind)
    {
        InvoiceId = invoiceId;
        InvoiceNumber = invoiceNumber;
        Amount = amount;
        Kind = kind;
    }

    public long Id { get; private set; }

    public long PaymentMatchId { get; private set; }

    public int InvoiceId { get; private set; }

    public string InvoiceNumber { get; private set; } = string.Empty;

    public Money Amount { get; private set; }

    public AllocationKind Kind { get; private set; }
}

/// <summary>
/// A payer learned from a match: the account it paid from, or its name as the bank gives it (<see cref="SettlementMatcher.PayerKey"/>),
/// belongs to a company. The amount-and-payer steps of the cascade use these for payments that name no invoice.
/// </summary>
public class PayerMapping
{
    public const int KeyMaxLength = 140;

    private PayerMapping() { }

    public PayerMapping(string key, bool isAccount, int companyId, DateTimeOffset at, string learnedFrom)
    {
        Key = BankStatement.Clip(key, KeyMaxLength);
        IsAccount = isAccount;
        CompanyId = companyId;
        LearnedAt = at;
        LearnedFrom = BankStatement.Clip(learnedFrom, PaymentMatch.ReasonMaxLength);
    }

    public int Id { get; private set; }

    public string Key { get; private set; } = string.Empty;

    public bool IsAccount { get; private set; }

    public int CompanyId { get; private set; }

    public DateTimeOffset LearnedAt { get; private set; }

    /// <summary>The match that taught it, in words ("statement X entry 3, invoice DEMO-INV-5001").</summary>
    public string LearnedFrom { get; private set; } = string.Empty;

    /// <summary>An accountant's manual match teaches over an older mapping.</summary>
    public void Relearn(int companyId, DateTimeOffset at, string learnedFrom)
    {
        CompanyId = companyId;
        LearnedAt = at;
        LearnedFrom = BankStatement.Clip(learnedFrom, PaymentMatch.ReasonMaxLength);
    }
}
