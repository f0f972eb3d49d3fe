namespace B2BPortal.Domain.Credit;

public enum CreditNoticeKind
{
    /// <summary>Credit use reached 80 % of the limit; re-armed when it falls below.</summary>
    Usage80,

    /// <summary>Credit use reached the limit; re-armed when it falls below.</summary>
    Usage100,

    OrderHeld,

    InvoiceDueSoon,

    InvoiceOverdue,
}

/// <summary>
/// A credit mail that was sent, so it is sent once: per order held, per invoice due soon or overdue, and per crossing of
/// a usage threshold (the row is removed when use falls back below it, so the next crossing is told again).
/// </summary>
public class CreditNotice
{
    public const int KeyMaxLength = 50;

    private CreditNotice() { }

    public CreditNotice(int companyId, CreditNoticeKind kind, string key, DateTimeOffset sentAt) =>
        (CompanyId, Kind, Key, SentAt) = (companyId, kind, key, sentAt);

    public long Id { get; private set; }

    public int CompanyId { get; private set; }

    public CreditNoticeKind Kind { get; private set; }

    /// <summary>The order or invoice number; empty for usage thresholds.</summary>
    public string Key { get; private set; } = string.Empty;

    public DateTimeOffset SentAt { get; private set; }
}
