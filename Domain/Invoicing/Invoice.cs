using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Invoicing;

public enum InvoiceStatus
{
    Draft,
    Open,
    Paid,
    Canceled,
    Corrective,
}

/// <summary>
/// A posted sales invoice as the ERP keeps it. The ERP is master of every field here; InvoiceSync writes them and the
/// portal shows them (and, later, matches settlements against them).
/// </summary>
public class Invoice
{
    public const int NumberMaxLength = 20;
    public const int ErpIdMaxLength = 50;

    private Invoice() { }

    public Invoice(string erpId, string number, int companyId) => (ErpId, Number, CompanyId) = (erpId, number, companyId);

    public int Id { get; private set; }

    public string ErpId { get; private set; } = string.Empty;

    public string Number { get; private set; } = string.Empty;

    public int CompanyId { get; private set; }

    /// <summary>The portal order it bills, when the ERP carried the order number over.</summary>
    public string? OrderNumber { get; private set; }

    public DateOnly InvoiceDate { get; private set; }

    public DateOnly DueDate { get; private set; }

    public Money TotalExcludingTax { get; private set; }

    public Money Total { get; private set; }

    public Money Remaining { get; private set; }

    public InvoiceStatus Status { get; private set; }

    public DateTimeOffset ErpModifiedAt { get; private set; }

    /// <summary>
    /// What the portal's settlement matching has applied to this invoice and the ERP has not booked yet: taken off
    /// <see cref="Remaining"/> at once (so the buyer's statement and available credit follow), and kept off when InvoiceSync
    /// writes the ERP's figure again.
    /// </summary>
    public decimal SettledInPortal { get; private set; }

    /// <summary>
    /// Portal payments the ERP has booked (PaymentSync read them back) while the ERP's invoice, as last synced, does not show
    /// them yet: still kept off <see cref="Remaining"/> until InvoiceSync brings a version of the invoice modified at or after
    /// <see cref="ErpBookedAt"/>, which has them in its own remaining amount. Without this the amount would bounce back
    /// open between the two syncs; with SettledInPortal alone it would come off twice.
    /// </summary>
    public decimal BookedAwaitingInvoice { get; private set; }

    /// <summary>When the ERP booked the latest portal payment held in <see cref="BookedAwaitingInvoice"/>.</summary>
    public DateTimeOffset? ErpBookedAt { get; private set; }

    /// <summary>Whether it bills its order: posted and standing (open or paid), not cancelled or replaced by a corrective document.</summary>
    public bool CountsAsInvoiced => Status is InvoiceStatus.Open or InvoiceStatus.Paid;

    public bool IsOverdue(DateOnly today) => Status == InvoiceStatus.Open && Remaining.Amount > 0 && DueDate < today;

    /// <summary>Applies the ERP's view; returns whether anything changed.</summary>
    public bool ApplyErp(int companyId, string? orderNumber, DateOnly invoiceDate, DateOnly dueDate, Money totalExcludingTax, Money total, Money remaining, InvoiceStatus status, DateTimeOffset modifiedAt)
    {
        if (modifiedAt < ErpModifiedAt)
        {
            return false;
        }

        var changed = CompanyId != companyId || OrderNumber != orderNumber || InvoiceDate != invoiceDate || DueDate != dueDate
            || TotalExcludingTax != totalExcludingTax || Total != total || Remaining != remaining || Status != status;
        CompanyId = companyId;
        OrderNumber = orderNumber;
        InvoiceDate = invoiceDate;
        DueDate = dueDate;
        TotalExcludingTax = totalExcludingTax;
        Total = total;
        Remaining = remaining;
        Status = status;
        ErpModifiedAt = modifiedAt;
        if (BookedAwaitingInvoice != 0m && ErpBookedAt is { } booked && modifiedAt >= booked)
        {
            BookedAwaitingInvoice = 0m;
            ErpBookedAt = null;
        }

        var held = SettledInPortal + BookedAwaitingInvoice;
        if (held != 0m)
        {
            Remaining = Money.Of(Math.Max(0m, remaining.Amount - held), remaining.Currency);
            Status = Status == InvoiceStatus.Open && Remaining.Amount == 0m ? InvoiceStatus.Paid : Status;
        }

        return changed;
    }

    /// <summary>A payment (or an approved write-off) matched in the portal: what is open goes down at once.</summary>
    public void Settle(Money amount)
    {
        if (amount.Currency != Remaining.Currency)
        {
            throw new DomainException($"Invoice {Number} is in {Remaining.Currency}; {amount} cannot settle it.");
        }

        if (amount.Amount <= 0m || amount.Amount > Remaining.Amount)
        {
            throw new DomainException($"Invoice {Number} has {Remaining} open; {amount} cannot be applied to it.");
        }

        Remaining -= amount;
        SettledInPortal += amount.Amount;
        if (Remaining.Amount == 0m && Status == InvoiceStatus.Open)
        {
            Status = InvoiceStatus.Paid;
        }
    }

    /// <summary>
    /// The ERP booked a payment the portal had settled (PaymentSync recognised its reference): the portal stops holding it
    /// off by itself, but keeps it off until the ERP's invoice, as synced, shows it (<see cref="BookedAwaitingInvoice"/>).
    /// <see cref="Remaining"/> does not move: the money was taken off once, when the match was applied.
    /// </summary>
    public void BookedInErp(Money amount, DateTimeOffset bookedAt)
    {
        if (amount.Currency != Remaining.Currency || amount.Amount <= 0m)
        {
            throw new DomainException($"Invoice {Number}: {amount} cannot be booked against it.");
        }

        SettledInPortal -= amount.Amount;
        BookedAwaitingInvoice += amount.Amount;
        ErpBookedAt = ErpBookedAt is { } earlier && earlier > bookedAt ? earlier : bookedAt;
    }

    /// <summary>Undoes <see cref="Settle"/> (a match undone, or the bank reversed the payment).</summary>
    public void Unsettle(Money amount)
    {
        if (amount.Currency != Remaining.Currency || amount.Amount <= 0m)
        {
            throw new DomainException($"Invoice {Number}: {amount} cannot be given back.");
        }

        Remaining += amount;
        SettledInPortal -= amount.Amount;
        if (Remaining.Amount > 0m && Status == InvoiceStatus.Paid)
        {
            Status = InvoiceStatus.Open;
        }
    }
}

/// <summary>A customer payment the ERP booked, with the invoice it was applied to, if any.</summary>
public class CustomerPayment
{
    public const int ErpIdMaxLength = 50;

    private CustomerPayment() { }

    public CustomerPayment(string erpId, int companyId) => (ErpId, CompanyId) = (erpId, companyId);

    public int Id { get; private set; }

    public string ErpId { get; private set; } = string.Empty;

    public int CompanyId { get; private set; }

    public DateOnly PostingDate { get; private set; }

    public string? DocumentNumber { get; private set; }

    public Money Amount { get; private set; }

    public string? AppliesToInvoiceNumber { get; private set; }

    public string? Description { get; private set; }

    public DateTimeOffset ErpModifiedAt { get; private set; }

    /// <summary>The portal's own payment reference (B2B-PAY-…) when this is a payment the portal sent; its money is counted once, with the match.</summary>
    public string? PortalReference { get; private set; }

    public void SentByPortal(string reference) => PortalReference = reference;

    public bool ApplyErp(int companyId, DateOnly postingDate, string? documentNumber, Money amount, string? appliesTo, string? description, DateTimeOffset modifiedAt)
    {
        if (modifiedAt < ErpModifiedAt)
        {
            return false;
        }

        var changed = CompanyId != companyId || PostingDate != postingDate || DocumentNumber != documentNumber || Amount != amount
            || AppliesToInvoiceNumber != appliesTo || Description != description;
        CompanyId = companyId;
        PostingDate = postingDate;
        DocumentNumber = documentNumber;
        Amount = amount;
        AppliesToInvoiceNumber = appliesTo;
        Description = description;
        ErpModifiedAt = modifiedAt;
        return changed;
    }
}
