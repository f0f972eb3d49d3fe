namespace B2BPortal.Domain.Ordering;

/// <summary>
/// The outbox payload (type <see cref="Type"/>, JSON) written when an order is placed. It carries everything the
/// ERP export needs, so the export never reads order tables that may have moved on.
/// The ERP's externalDocumentNumber is <see cref="OrderNumber"/>: the key that makes a retried export find the
/// order it already created instead of creating a second one.
/// </summary>
public sealed record OrderPlacedMessage(
    string OrderNumber,
    int CompanyId,
    string ErpCustomerNumber,
    string Currency,
    string? PurchaseOrderNumber,
    DateOnly? RequestedDeliveryDate,
    OrderPlacedAddress ShipTo,
    IReadOnlyList<OrderPlacedLine> Lines,
    DateTimeOffset PlacedAt)
{
    public const string Type = "order.placed";

    public static string IdempotencyKey(string orderNumber) => $"{Type}:{orderNumber}";
}

public sealed record OrderPlacedLine(int LineNumber, string Sku, string ErpItemNumber, string UnitOfMeasure, decimal Quantity, decimal UnitPrice);

public sealed record OrderPlacedAddress(string Name, string Line1, string? Line2, string PostalCode, string City, string CountryCode);

/// <summary>
/// What the ERP and courier sync report back to the order workflow. Domain/Ordering implements it with the Order
/// aggregate's transitions; Jobs/Sync calls it and never touches order state itself.
/// </summary>
public interface IOrderStatusUpdates
{
    /// <summary>The ERP accepted the order (or already had it: a retried export linked to the existing one).</summary>
    Task SubmittedToErpAsync(string orderNumber, string erpOrderId, string erpOrderNumber, DateTimeOffset at, CancellationToken ct);

    /// <summary>A shipment of the order was handed to a courier, is moving, or was delivered.</summary>
    Task ShipmentChangedAsync(string orderNumber, ShipmentNotice notice, CancellationToken ct);

    /// <summary>
    /// The invoices naming the order changed: one arrived (before, with or after the shipments), or one was cancelled or
    /// corrected. The order's invoicing track follows the invoices stored (or added in the caller's unit of work).
    /// </summary>
    Task InvoicesChangedAsync(string orderNumber, DateTimeOffset at, CancellationToken ct);
}

public enum ShipmentState
{
    PreTransit,
    InTransit,
    Delivered,
    Failed,
}

/// <param name="TrackingNumber">The courier's tracking number; empty when the shipment has none (it is then not tracked).</param>
/// <param name="Complete">Whether this shipment completes the order (all lines shipped), as far as the ERP says.</param>
/// <param name="Reference">
/// The ERP's shipment number, when the shipment came from the ERP: the order knows the shipment by it, so a corrected
/// tracking number replaces the old one and two untracked shipments stay two. Null: known by carrier and tracking number.
/// </param>
public sealed record ShipmentNotice(string Carrier, string TrackingNumber, ShipmentState State, DateTimeOffset At, bool Complete, string? TrackingUrl, string? Reference = null);
