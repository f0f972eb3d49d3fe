using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;

namespace B2BPortal.Domain.Returns;

/// <summary>
/// A posted sales credit memo as the ERP keeps it (Business Central salesCreditMemos): money the distributor owes back
/// to a customer, so it is taken off the customer's statement balance. The ERP is master of every field; CreditMemoSync
/// writes them. <see cref="ReturnNumber"/> is set when the memo's external document number is a portal return's number
/// (the memo the return export created), and that return is then credited.
/// </summary>
public class CreditMemo
{
    public const int NumberMaxLength = 20;
    public const int ErpIdMaxLength = 50;

    private CreditMemo() { }

    public CreditMemo(string erpId, string number, int companyId) => (ErpId, Number, CompanyId) = (erpId, number, companyId);

    public int Id { get; private set; }

    public string ErpId { get; private set; } = string.Empty;

    public string Number { get; private set; } = string.Empty;

    public int CompanyId { get; private set; }

    /// <summary>The portal return it credits, when its external document number is one.</summary>
    public string? ReturnNumber { get; private set; }

    public DateOnly CreditMemoDate { get; private set; }

    public Money TotalExcludingTax { get; private set; }

    /// <summary>Including tax: what the customer's balance goes down by.</summary>
    public Money Total { get; private set; }

    /// <summary>Open, Paid (applied or refunded) or Canceled; drafts are never synced.</summary>
    public InvoiceStatus Status { get; private set; }

    public DateTimeOffset ErpModifiedAt { get; private set; }

    /// <summary>Whether it stands on the customer's account: posted and not cancelled.</summary>
    public bool Counts => Status is InvoiceStatus.Open or InvoiceStatus.Paid;

    /// <summary>Applies the ERP's view unless it is older than what is stored; returns whether anything changed.</summary>
    public bool ApplyErp(int companyId, string? returnNumber, DateOnly date, Money totalExcludingTax, Money total, InvoiceStatus status, DateTimeOffset modifiedAt)
    {
        if (modifiedAt < ErpModifiedAt)
        {
            return false;
        }

        var changed = CompanyId != companyId || ReturnNumber != returnNumber || CreditMemoDate != date || TotalExcludingTax != totalExcludingTax
            || Total != total || Status != status;
        CompanyId = companyId;
        ReturnNumber = returnNumber;
        CreditMemoDate = date;
        TotalExcludingTax = totalExcludingTax;
        Total = total;
        Status = status;
        ErpModifiedAt = modifiedAt;
        return changed;
    }
}
