using System.Text.Json.Serialization;

namespace B2BPortal.Integration.Erp;

// Business Central API v2.0 shapes (docs: api-reference/v2.0/resources/dynamics_*.md). Only the fields the portal
// reads are declared; everything is nullable because a payload missing a field must reach the mapper, which sends
// that record to the dead-letter table with the field's name instead of failing the page.

public sealed class ODataPage<T>
{
    [JsonPropertyName("@odata.context")]
    public string? Context { get; set; }

    [JsonPropertyName("value")]
    public List<T>? Value { get; set; }

    [JsonPropertyName("@odata.nextLink")]
    public string? NextLink { get; set; }
}

public sealed class BcItem
{
    public string? Id { get; set; }

    public string? Number { get; set; }

    public string? DisplayName { get; set; }

    public string? Type { get; set; }

    public bool? Blocked { get; set; }

    public decimal? Inventory { get; set; }

    public decimal? UnitPrice { get; set; }

    public decimal? UnitCost { get; set; }

    public string? BaseUnitOfMeasureCode { get; set; }

    public DateTimeOffset? LastModifiedDateTime { get; set; }
}

/// <summary>api-reference/v2.0/resources/dynamics_itemledgerentry.md: read-only, one per posted movement of an item.</summary>
public sealed class BcItemLedgerEntry
{
    public long? EntryNumber { get; set; }

    public string? ItemNumber { get; set; }

    public DateOnly? PostingDate { get; set; }

    public string? EntryType { get; set; }

    public decimal? Quantity { get; set; }

    public DateTimeOffset? LastModifiedDateTime { get; set; }
}

public sealed class BcPaymentTerm
{
    public string? Code { get; set; }

    public string? DisplayName { get; set; }

    public string? DueDateCalculation { get; set; }
}

public sealed class BcCustomer
{
    public string? Id { get; set; }

    public string? Number { get; set; }

    public string? DisplayName { get; set; }

    public string? CurrencyCode { get; set; }

    public decimal? CreditLimit { get; set; }

    public decimal? BalanceDue { get; set; }

    public string? PaymentTermsId { get; set; }

    public BcPaymentTerm? PaymentTerm { get; set; }

    /// <summary>" " (none), "Ship", "Invoice" or "All".</summary>
    public string? Blocked { get; set; }

    public DateTimeOffset? LastModifiedDateTime { get; set; }
}

public sealed class BcSalesInvoice
{
    public string? Id { get; set; }

    public string? Number { get; set; }

    public string? ExternalDocumentNumber { get; set; }

    public DateOnly? InvoiceDate { get; set; }

    public DateOnly? DueDate { get; set; }

    public string? CustomerNumber { get; set; }

    public string? CurrencyCode { get; set; }

    public string? OrderNumber { get; set; }

    public decimal? TotalAmountExcludingTax { get; set; }

    public decimal? TotalAmountIncludingTax { get; set; }

    public decimal? RemainingAmount { get; set; }

    /// <summary>Draft, In Review, Open, Paid, Canceled, Corrective.</summary>
    public string? Status { get; set; }

    public DateTimeOffset? LastModifiedDateTime { get; set; }
}

public sealed class BcCustomerPayment
{
    public string? Id { get; set; }

    public string? JournalId { get; set; }

    public string? ExternalDocumentNumber { get; set; }

    public string? CustomerNumber { get; set; }

    public DateOnly? PostingDate { get; set; }

    public string? DocumentNumber { get; set; }

    public decimal? Amount { get; set; }

    public string? AppliesToInvoiceNumber { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset? LastModifiedDateTime { get; set; }
}

/// <summary>
/// A posted sales shipment (<c>salesShipments?$expand=salesShipmentLines</c>). The standard entity has no tracking number
/// or shipping agent; <see cref="PackageTrackingNo"/> and <see cref="ShippingAgentCode"/> are read when the installation's
/// API page (a custom page or an extension of the entity, see docs/integration.md) exposes the posted header's
/// "Package Tracking No." and "Shipping Agent Code" under these names.
/// </summary>
public sealed class BcSalesShipment
{
    public string? Id { get; set; }

    public string? Number { get; set; }

    public string? ExternalDocumentNumber { get; set; }

    public string? OrderNumber { get; set; }

    public string? CustomerNumber { get; set; }

    public DateOnly? PostingDate { get; set; }

    public string? ShipmentMethodCode { get; set; }

    public string? ShippingAgentCode { get; set; }

    public string? PackageTrackingNo { get; set; }

    public DateTimeOffset? LastModifiedDateTime { get; set; }

    public List<BcSalesShipmentLine>? SalesShipmentLines { get; set; }
}

public sealed class BcSalesShipmentLine
{
    public string? DocumentId { get; set; }

    public int? Sequence { get; set; }

    /// <summary>" " (comment), "G/L Account", "Item", "Resource", "Fixed Asset", "Charge Item".</summary>
    public string? LineType { get; set; }

    public string? LineObjectNumber { get; set; }

    public string? UnitOfMeasureCode { get; set; }

    public decimal? Quantity { get; set; }
}

public sealed class BcSalesOrder
{
    public string? Id { get; set; }

    public string? Number { get; set; }

    public string? ExternalDocumentNumber { get; set; }

    public string? CustomerNumber { get; set; }

    public string? Status { get; set; }
}

/// <summary>POST salesOrders with its lines inline (deep insert), so the ERP takes the whole order or nothing.</summary>
public sealed class BcSalesOrderCreate
{
    public string ExternalDocumentNumber { get; set; } = string.Empty;

    public DateOnly OrderDate { get; set; }

    public string CustomerNumber { get; set; } = string.Empty;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CurrencyCode { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? RequestedDeliveryDate { get; set; }

    public string ShipToName { get; set; } = string.Empty;

    public string ShipToAddressLine1 { get; set; } = string.Empty;

    public string ShipToAddressLine2 { get; set; } = string.Empty;

    public string ShipToCity { get; set; } = string.Empty;

    public string ShipToPostCode { get; set; } = string.Empty;

    public string ShipToCountry { get; set; } = string.Empty;

    public List<BcSalesOrderLineCreate> SalesOrderLines { get; set; } = [];
}

public sealed class BcSalesOrderLineCreate
{
    public int Sequence { get; set; }

    public string LineType { get; set; } = "Item";

    public string LineObjectNumber { get; set; } = string.Empty;

    public string UnitOfMeasureCode { get; set; } = string.Empty;

    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }
}

/// <summary>api v2.0 salesCreditMemo as read: drafts and posted memos share the entity set, told apart by status.</summary>
public sealed class BcSalesCreditMemo
{
    public string? Id { get; set; }

    public string? Number { get; set; }

    public string? ExternalDocumentNumber { get; set; }

    public DateOnly? CreditMemoDate { get; set; }

    public string? CustomerNumber { get; set; }

    public string? CurrencyCode { get; set; }

    public decimal? TotalAmountExcludingTax { get; set; }

    public decimal? TotalAmountIncludingTax { get; set; }

    /// <summary>Draft, In Review, Open, Paid, Canceled.</summary>
    public string? Status { get; set; }

    public DateTimeOffset? LastModifiedDateTime { get; set; }
}

/// <summary>POST salesCreditMemos with its lines inline (deep insert), so the ERP takes the whole memo or nothing.</summary>
public sealed class BcSalesCreditMemoCreate
{
    public string ExternalDocumentNumber { get; set; } = string.Empty;

    public DateOnly CreditMemoDate { get; set; }

    public string CustomerNumber { get; set; } = string.Empty;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CurrencyCode { get; set; }

    public List<BcSalesCreditMemoLineCreate> SalesCreditMemoLines { get; set; } = [];
}

public sealed class BcSalesCreditMemoLineCreate
{
    public int Sequence { get; set; }

    public string LineType { get; set; } = "Item";

    public string LineObjectNumber { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string UnitOfMeasureCode { get; set; } = string.Empty;

    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }
}

public sealed class BcErrorBody
{
    public BcError? Error { get; set; }
}

public sealed class BcError
{
    public string? Code { get; set; }

    public string? Message { get; set; }
}

/// <summary>The OAuth2 token endpoint's answer (Microsoft identity platform, client-credentials grant).</summary>
public sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; set; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; set; }
}

/// <summary>A customer payment journal (customerPaymentJournal.get.json): the portal posts its payments into one by code.</summary>
public sealed class BcCustomerPaymentJournal
{
    public string? Id { get; set; }

    public string? Code { get; set; }

    public string? DisplayName { get; set; }
}

/// <summary>POST customerPaymentJournals (customerPaymentJournal.create.request.json), when the configured journal is missing.</summary>
public sealed class BcCustomerPaymentJournalCreate
{
    public string Code { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;
}

/// <summary>
/// POST customerPaymentJournals({id})/customerPayments (customerPayment.create.request.json, without the read-only
/// lastModifiedDateTime and the undocumented contactId). The line number is left to the ERP.
/// </summary>
public sealed class BcCustomerPaymentCreate
{
    public string CustomerNumber { get; set; } = string.Empty;

    public DateOnly PostingDate { get; set; }

    public string ExternalDocumentNumber { get; set; } = string.Empty;

    public decimal Amount { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AppliesToInvoiceId { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AppliesToInvoiceNumber { get; set; }

    public string Description { get; set; } = string.Empty;
}
