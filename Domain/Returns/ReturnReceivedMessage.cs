namespace B2BPortal.Domain.Returns;

/// <summary>
/// The outbox payload (type <see cref="Type"/>, JSON) written when the warehouse marks a return received: the ERP export
/// turns it into a sales credit memo. It carries everything the export needs (the lines at the prices the order paid),
/// so the export never reads return tables that may have moved on. The credit memo's externalDocumentNumber is
/// <see cref="ReturnNumber"/>: the key that makes a retried export find the memo it already created.
/// </summary>
/// <remarks>
/// Sent on Received, not on Approved: a distributor credits goods it has back and has checked, and the ERP's credit memo
/// is what reduces what the customer owes. An approval only says "send them"; the goods may never come, or come short.
/// </remarks>
public sealed record ReturnReceivedMessage(
    string ReturnNumber,
    string OrderNumber,
    int CompanyId,
    string ErpCustomerNumber,
    string Currency,
    IReadOnlyList<ReturnReceivedLine> Lines,
    DateTimeOffset ReceivedAt)
{
    public const string Type = "return.received";

    public static string IdempotencyKey(string returnNumber) => $"{Type}:{returnNumber}";
}

/// <param name="UnitPrice">The order line's unit price: the credit is worth what was paid.</param>
public sealed record ReturnReceivedLine(int OrderLineNumber, string Sku, string ErpItemNumber, string UnitOfMeasure, decimal Quantity, decimal UnitPrice, string Reason);
