using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Settlements;

/// <summary>Where a payment applied in the portal stands with the ERP.</summary>
public enum ErpPaymentState
{
    /// <summary>Waiting in the outbox for PaymentExport.</summary>
    Queued,

    /// <summary>In the ERP's customer payment journal (created by the export, or found there after a lost answer).</summary>
    Sent,

    /// <summary>PaymentSync read it back from the ERP: the ERP counts it, so the portal no longer holds it off the invoice itself.</summary>
    Booked,

    /// <summary>The match was undone before the payment went: nothing was sent.</summary>
    Cancelled,

    /// <summary>The match was undone after the payment went: the line was deleted from the journal before anyone posted it.</summary>
    Withdrawn,

    /// <summary>The match was undone after the ERP had the payment: a reversing line was posted (an accountant unapplies it in the ERP).</summary>
    Reversed,
}

/// <summary>
/// One payment allocation of a match on its way to the ERP as a customer payment journal line. Its <see cref="Reference"/>
/// travels as the line's externalDocumentNumber: the export looks the line up by it before creating one (so a lost answer
/// never makes a second line), and PaymentSync recognises the portal's own payments by it (so nothing is counted twice).
/// Written with the match, in the same transaction as its outbox message.
/// </summary>
public class ErpPaymentLink
{
    public const int ReferenceMaxLength = 35;
    public const int ErpIdMaxLength = 50;
    public const int OutcomeMaxLength = 500;
    public const string Prefix = "B2B-PAY-";
    public const string ReversalSuffix = "-R";

    private ErpPaymentLink() { }

    public ErpPaymentLink(PaymentMatch match, PaymentAllocation allocation, DateTimeOffset at)
    {
        Reference = ReferenceOf(allocation.Id);
        AllocationId = allocation.Id;
        PaymentMatchId = match.Id;
        CompanyId = match.CompanyId;
        InvoiceId = allocation.InvoiceId;
        InvoiceNumber = allocation.InvoiceNumber;
        Amount = allocation.Amount;
        QueuedAt = at;
        State = ErpPaymentState.Queued;
    }

    /// <summary>B2B-PAY-{allocation id}: unique, short enough for Business Central's externalDocumentNumber (35).</summary>
    public string Reference { get; private set; } = string.Empty;

    public long AllocationId { get; private set; }

    public long PaymentMatchId { get; private set; }

    public int CompanyId { get; private set; }

    public int InvoiceId { get; private set; }

    public string InvoiceNumber { get; private set; } = string.Empty;

    public Money Amount { get; private set; }

    public ErpPaymentState State { get; private set; }

    public DateTimeOffset QueuedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The ERP already had the line when the export looked (an earlier try's answer was lost).</summary>
    public bool FoundExisting { get; private set; }

    public string? ErpJournalId { get; private set; }

    public string? ErpLineId { get; private set; }

    /// <summary>When PaymentSync read the line back, and the ERP's id of the payment it read.</summary>
    public DateTimeOffset? BookedAt { get; private set; }

    public string? ErpPaymentId { get; private set; }

    public DateTimeOffset? UndoneAt { get; private set; }

    /// <summary>What undoing the match did in the ERP, in words (also in the audit trail).</summary>
    public string? UndoOutcome { get; private set; }

    public string ReversalReference => Reference + ReversalSuffix;

    public static string ReferenceOf(long allocationId) => Prefix + allocationId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether an external document number is one the portal wrote (a payment or its reversal).</summary>
    public static bool IsPortalReference(string? externalDocumentNumber) =>
        externalDocumentNumber is { Length: > 0 } r && r.StartsWith(Prefix, StringComparison.Ordinal);

    public void Sent(string journalId, string lineId, bool foundExisting, DateTimeOffset at)
    {
        ErpJournalId = journalId;
        ErpLineId = lineId;
        FoundExisting = foundExisting;
        SentAt ??= at;
        if (State == ErpPaymentState.Queued)
        {
            State = ErpPaymentState.Sent;
        }
    }

    /// <summary>PaymentSync read the line back; true the first time (the invoice then stops holding the amount off itself).</summary>
    public bool Booked(string erpPaymentId, DateTimeOffset at)
    {
        if (BookedAt is not null || State is ErpPaymentState.Cancelled or ErpPaymentState.Withdrawn or ErpPaymentState.Reversed)
        {
            return false;
        }

        BookedAt = at;
        ErpPaymentId = erpPaymentId;
        State = ErpPaymentState.Booked;
        return true;
    }

    public void Undone(ErpPaymentState outcome, string description, DateTimeOffset at)
    {
        if (outcome is not (ErpPaymentState.Cancelled or ErpPaymentState.Withdrawn or ErpPaymentState.Reversed))
        {
            throw new DomainException($"{outcome} is not how an undone payment ends.");
        }

        State = outcome;
        UndoneAt = at;
        UndoOutcome = description.Length > OutcomeMaxLength ? description[..OutcomeMaxLength] : description;
    }
}

/// <summary>
/// Outbox payload (type <see cref="Type"/>): post this allocation of a match into the ERP's customer payment journal,
/// applied to its invoice. Amount is what the payment settles, positive; the ERP client gives it the journal's sign.
/// </summary>
public sealed record PaymentAppliedMessage(
    string Reference,
    long PaymentMatchId,
    int CompanyId,
    string CustomerNumber,
    DateOnly PostingDate,
    decimal Amount,
    string Currency,
    string InvoiceNumber,
    string InvoiceErpId,
    string Description,
    DateTimeOffset AppliedAt)
{
    public const string Type = "settlement.payment";

    public static string IdempotencyKey(string reference) => $"{Type}:{reference}";
}

/// <summary>
/// Outbox payload (type <see cref="Type"/>): the match was undone; queued behind its <see cref="PaymentAppliedMessage"/>.
/// Before the payment went, the export skips it; after, it deletes the journal line, or posts a reversing line when the ERP
/// has it already.
/// </summary>
public sealed record PaymentUndoneMessage(string Reference, long PaymentMatchId, int CompanyId, string CustomerNumber, DateOnly PostingDate, decimal Amount,
    string Currency, string InvoiceNumber, string Reason, string ActorName, DateTimeOffset UndoneAt)
{
    public const string Type = "settlement.payment.undone";

    public static string IdempotencyKey(string reference) => $"{Type}:{reference}";
}
