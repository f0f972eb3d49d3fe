using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Returns;

namespace B2BPortal.Domain.Sync;

/// <summary>
/// The ERP as the sync jobs see it, in portal terms. Integration/Erp implements it for Business Central; another
/// ERP gets its own adapter behind the same port. Reads are paged: pass the page's <see cref="ErpPage{T}.Continuation"/>
/// back to get the next one. Records that cannot be mapped come back as <see cref="ErpRecord{T}"/> with an error,
/// so one bad record never costs the rest of its page.
/// </summary>
public interface IErpGateway
{
    Task<ErpPage<ErpItem>> ReadItemsAsync(ErpReadRequest request, CancellationToken ct);

    /// <summary>
    /// Item ledger entries numbered after <paramref name="afterEntryNumber"/>, lowest first: each is a posted movement
    /// (sale, receipt, adjustment) that changed an item's inventory without changing the item record.
    /// </summary>
    Task<ErpLedgerPage> ReadItemLedgerEntriesAsync(long afterEntryNumber, string? continuation, CancellationToken ct);

    /// <summary>The highest item ledger entry number the ERP holds; null when it has none.</summary>
    Task<long?> ReadLastItemLedgerEntryNumberAsync(CancellationToken ct);

    /// <summary>
    /// Splits item numbers into groups that one <see cref="ReadItemsAsync"/> by <see cref="ErpReadRequest.Keys"/> can ask
    /// for: the numbers travel in the request's URL, which has a length limit.
    /// </summary>
    IReadOnlyList<IReadOnlyList<string>> BatchItemNumbers(IEnumerable<string> numbers);

    Task<ErpPage<ErpCustomer>> ReadCustomersAsync(ErpReadRequest request, CancellationToken ct);

    Task<ErpPage<ErpInvoice>> ReadInvoicesAsync(ErpReadRequest request, CancellationToken ct);

    Task<ErpPage<ErpPayment>> ReadPaymentsAsync(ErpReadRequest request, CancellationToken ct);

    /// <summary>Posted sales shipments with their lines; the key is the shipment's number.</summary>
    Task<ErpPage<ErpShipment>> ReadShipmentsAsync(ErpReadRequest request, CancellationToken ct);

    /// <summary>The ERP's sales order whose external document number is the portal's order number, if any.</summary>
    Task<ErpOrderReference?> FindSalesOrderAsync(string orderNumber, CancellationToken ct);

    /// <summary>Creates the sales order with all its lines in one request, so the ERP has all of it or none.</summary>
    Task<ErpOrderReference> CreateSalesOrderAsync(OrderPlacedMessage order, CancellationToken ct);

    /// <summary>
    /// Takes the sales order out of the ERP (the portal order was cancelled). An order the ERP no longer has counts as
    /// done (false: nothing was deleted); one the ERP refuses to drop (already shipped or invoiced) throws
    /// <see cref="ErpRejectedException"/>.
    /// </summary>
    /// <returns>True when the ERP deleted the order, false when it no longer had it.</returns>
    Task<bool> CancelSalesOrderAsync(string erpOrderId, CancellationToken ct);

    /// <summary>The line in the portal's customer payment journal whose external document number is this reference, if any.</summary>
    Task<ErpPaymentLine?> FindCustomerPaymentAsync(string reference, CancellationToken ct);

    /// <summary>Adds a line to the portal's customer payment journal (Erp:PaymentJournalCode, created when missing).</summary>
    Task<ErpPaymentLine> CreateCustomerPaymentAsync(ErpPaymentPosting posting, CancellationToken ct);

    /// <summary>Deletes a journal line nobody posted yet; false when the journal no longer has it (posted, or deleted there).</summary>
    Task<bool> DeleteCustomerPaymentAsync(ErpPaymentLine line, CancellationToken ct);

    /// <summary>The ERP's sales credit memo (draft or posted) whose external document number is the portal's return number, if any.</summary>
    Task<ErpOrderReference?> FindSalesCreditMemoAsync(string returnNumber, CancellationToken ct);

    /// <summary>Creates the sales credit memo for a received return with all its lines in one request (all of it or none).</summary>
    Task<ErpOrderReference> CreateSalesCreditMemoAsync(ReturnReceivedMessage received, CancellationToken ct);

    /// <summary>Posted sales credit memos (drafts are left out); the key is the memo's number.</summary>
    Task<ErpPage<ErpCreditMemo>> ReadCreditMemosAsync(ErpReadRequest request, CancellationToken ct);
}

/// <summary>A customer payment journal line in the ERP: the journal it sits in and its own id.</summary>
public sealed record ErpPaymentLine(string JournalId, string Id);

/// <summary>
/// A customer payment journal line to create. <paramref name="Amount"/> is signed as the journal books it: a payment
/// received is negative (a credit to the customer), a reversal positive.
/// </summary>
public sealed record ErpPaymentPosting(
    string Reference,
    string CustomerNumber,
    DateOnly PostingDate,
    decimal Amount,
    string Currency,
    string? AppliesToInvoiceId,
    string? AppliesToInvoiceNumber,
    string Description);


/// <param name="ExternalDocumentNumber">The portal return number the memo credits, when the export created it.</param>
/// <param name="Status">Business Central's status: Open, Paid, Canceled (Draft and In Review are never read).</param>
public sealed record ErpCreditMemo(
    string Id,
    string Number,
    string CustomerNumber,
    string? ExternalDocumentNumber,
    DateOnly CreditMemoDate,
    string Currency,
    decimal TotalExcludingTax,
    decimal TotalIncludingTax,
    string Status,
    DateTimeOffset LastModified);

/// <param name="ModifiedSince">Only records changed at or after this time (inclusive: the boundary is re-read, never skipped); null reads all.</param>
/// <param name="Continuation">The previous page's continuation; null for the first page.</param>
/// <param name="Keys">Only these records (partner keys), e.g. dead letters an administrator retries.</param>
public sealed record ErpReadRequest(DateTimeOffset? ModifiedSince, string? Continuation = null, IReadOnlyList<string>? Keys = null);

public sealed record ErpPage<T>(IReadOnlyList<ErpRecord<T>> Records, string? Continuation)
    where T : class
{
    public bool HasMore => Continuation is not null;
}

/// <summary>One record of a page: its key, its mapped value or the reason it could not be mapped, and its raw payload.</summary>
public sealed record ErpRecord<T>(string Key, T? Value, string? Error, string Payload, DateTimeOffset? LastModified)
    where T : class;

public sealed record ErpOrderReference(string Id, string Number);

/// <summary>A page of item ledger entries; entries without an item number (none in practice) are left out but still count as read.</summary>
/// <param name="LastEntryNumber">The highest entry number on the page, read or left out; null on an empty page.</param>
public sealed record ErpLedgerPage(IReadOnlyList<ErpItemLedgerEntry> Entries, long? LastEntryNumber, string? Continuation);

/// <summary>A posted movement of an item (api v2.0 itemLedgerEntries); only which item moved, and when, matters to the portal.</summary>
public sealed record ErpItemLedgerEntry(long EntryNumber, string ItemNumber, DateTimeOffset? LastModified);

/// <summary>An ERP item: master data and the stock figure the ERP holds.</summary>
/// <param name="UnitCost">The item's unitCost, when the ERP sends one: what quotes measure margins against (staff only).</param>
public sealed record ErpItem(string Number, string Name, string UnitOfMeasure, decimal UnitPrice, string Currency, decimal Inventory, bool Blocked, DateTimeOffset LastModified, decimal? UnitCost = null);

public enum ErpCustomerBlock
{
    None,

    /// <summary>May order, but the ERP will not ship.</summary>
    Ship,

    /// <summary>No sales documents at all.</summary>
    Invoice,
    All,
}

public sealed record ErpCustomer(
    string Number,
    string Name,
    string Currency,
    decimal CreditLimit,
    decimal BalanceDue,
    string? PaymentTermsCode,
    string? PaymentTermsDueDateCalculation,
    ErpCustomerBlock Blocked,
    DateTimeOffset LastModified);

/// <param name="OrderReference">The portal order number the ERP carried over (external document number), if any.</param>
/// <param name="ErpOrderNumber">The ERP's own sales order number the invoice came from, if any.</param>
public sealed record ErpInvoice(
    string Id,
    string Number,
    string CustomerNumber,
    string? OrderReference,
    string? ErpOrderNumber,
    DateOnly InvoiceDate,
    DateOnly DueDate,
    string Currency,
    decimal TotalExcludingTax,
    decimal TotalIncludingTax,
    decimal RemainingAmount,
    string Status,
    DateTimeOffset LastModified);

public sealed record ErpPayment(
    string Id,
    string CustomerNumber,
    DateOnly PostingDate,
    string? DocumentNumber,
    decimal Amount,
    string Currency,
    string? AppliesToInvoiceNumber,
    string? Description,
    DateTimeOffset LastModified,
    string? ExternalDocumentNumber = null);

/// <summary>A posted sales shipment: goods that left the warehouse for a customer, with how they travel.</summary>
/// <param name="OrderReference">The portal order number the ERP carried over (external document number), if any.</param>
/// <param name="ErpOrderNumber">The ERP's own sales order number the shipment came from, if any.</param>
/// <param name="ShippingAgentCode">The ERP's shipping agent (e.g. <c>DHL</c>), when the installation exposes it.</param>
/// <param name="TrackingNumber">The package tracking number, when the installation exposes it and one was entered.</param>
/// <param name="Lines">The item lines (quantities shipped by this shipment); other line types are left out.</param>
public sealed record ErpShipment(
    string Id,
    string Number,
    string CustomerNumber,
    string? OrderReference,
    string? ErpOrderNumber,
    DateOnly PostingDate,
    string? ShipmentMethodCode,
    string? ShippingAgentCode,
    string? TrackingNumber,
    IReadOnlyList<ErpShipmentLine> Lines,
    DateTimeOffset LastModified);

public sealed record ErpShipmentLine(string ItemNumber, decimal Quantity, string? UnitOfMeasure);

/// <summary>The ERP cannot be reached or refused for a reason that may pass (timeout, 5xx, 429, circuit open).</summary>
public sealed class ErpUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>The ERP refused a request for a reason another try will not fix (a validation error).</summary>
public sealed class ErpRejectedException(string message, Exception? inner = null) : Exception(message, inner);
