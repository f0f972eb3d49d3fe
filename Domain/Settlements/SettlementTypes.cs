using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Settlements;

/// <summary>Where a statement came from: a camt.053 end-of-day statement or a camt.054 notification.</summary>
public enum SettlementMessageKind
{
    Statement,
    Notification,
}

/// <summary>Credit (money in) or debit (money out) as the bank books it (CdtDbtInd).</summary>
public enum EntryDirection
{
    Credit,
    Debit,
}

/// <summary>A document the payer named in structured remittance (RfrdDocInf): CINV an invoice, CREN a credit note …</summary>
/// <param name="Type">The ISO document type code as sent (CINV, CREN, DEBN …), or null when the bank gave none.</param>
public sealed record ReferredDocument(string? Type, string Number, Money? Amount)
{
    public const int NumberMaxLength = 35;

    public bool IsCreditNote => Type is "CREN";
}

/// <summary>What settlement matching made of a statement entry.</summary>
public enum EntryOutcome
{
    /// <summary>Not looked at yet.</summary>
    Pending,

    /// <summary>Matched to invoices (automatically or by an accountant).</summary>
    Matched,

    /// <summary>Waiting in the exceptions queue.</summary>
    Exception,

    /// <summary>Money out that takes back no payment of a customer (a supplier, the bank's fees): nothing to match.</summary>
    NotAPayment,

    /// <summary>A debit or reversal that took back an earlier payment; that payment's match was undone.</summary>
    Reversal,

    /// <summary>A payment the bank took back later (see the reversing entry).</summary>
    Reversed,
}
