namespace B2BPortal.Domain.Ordering;

/// <summary>
/// The outbox payload (type <see cref="Type"/>) written when an order whose export was already queued is cancelled:
/// the ERP may have it (or be about to get it), so the export deletes the ERP's sales order. It is always queued after
/// the order's <see cref="OrderPlacedMessage"/>, and the export, which sends in queue order, skips creating an order
/// whose cancellation is waiting behind it.
/// </summary>
/// <param name="ErpOrderId">The ERP's id when the order was already linked; null when the export had not confirmed it
/// yet (the export then looks the order up by its external document number).</param>
public sealed record OrderCancelledMessage(string OrderNumber, string? ErpOrderId, string? ErpOrderNumber, DateTimeOffset CancelledAt, string ActorName, string? Reason)
{
    public const string Type = "order.cancelled";

    public static string IdempotencyKey(string orderNumber) => $"{Type}:{orderNumber}";
}
