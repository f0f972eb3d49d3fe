using B2BPortal.Domain.Shipping;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// An order as the buyer reads it, not as the ERP stores it: lines numbered 1..n (the ERP's 10000, 20000 stay in the
/// data for the ERP), what has shipped and been invoiced per line, and the history in plain words. The order page, its
/// XLSX/CSV export and the print view all read this one shape, so they never disagree.
/// </summary>
public sealed record OrderDocument(IReadOnlyList<OrderDocumentLine> Lines, IReadOnlyList<OrderDocumentEvent> Events)
{
    /// <summary>States in which everything ordered has left the warehouse.</summary>
    private static readonly OrderState[] AllShipped = [OrderState.Shipped, OrderState.Delivered, OrderState.Invoiced, OrderState.Closed];

    /// <summary>States before anything can have shipped.</summary>
    private static readonly OrderState[] NothingShipped =
        [OrderState.Draft, OrderState.PendingApproval, OrderState.Rejected, OrderState.Placed, OrderState.CreditHold, OrderState.Cancelled, OrderState.SubmittedToErp, OrderState.Confirmed];

    /// <summary>
    /// Shipped quantity per line: from the item quantities of the ERP's posted shipments when it sent any (allotted to
    /// the order's lines of that item in line order, never more than a line ordered), else from the order's state
    /// (nothing before shipping, everything once shipped). Only a part-shipped order whose shipments carry no item
    /// lines cannot say per line: its lines show no figure (null) and point at the shipments.
    /// Invoiced quantity per line: the ERP's invoices reach the portal as totals without lines, so a line is known to be
    /// fully invoiced or not invoiced only when the whole order is; a partly invoiced order shows no per-line figure
    /// (null) and links the invoices instead.
    /// </summary>
    public static OrderDocument Of(Order order, IReadOnlyCollection<Shipment> shipments)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(shipments);
        var shippedByItem = shipments.SelectMany(s => s.Lines)
            .GroupBy(l => l.ItemNumber, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.OrdinalIgnoreCase);
        var itemLinesKnown = shippedByItem.Count > 0;

        var lines = new List<OrderDocumentLine>(order.Lines.Count);
        var position = 0;
        foreach (var line in order.Lines.OrderBy(l => l.LineNumber))
        {
            decimal? shipped;
            if (itemLinesKnown)
            {
                var left = shippedByItem.GetValueOrDefault(line.ErpItemNumber);
                shipped = Math.Min(left, line.Quantity);
                shippedByItem[line.ErpItemNumber] = left - shipped.Value;
            }
            else if (AllShipped.Contains(order.State))
            {
                shipped = line.Quantity;
            }
            else if (NothingShipped.Contains(order.State))
            {
                shipped = 0m;
            }
            else
            {
                shipped = null;
            }

            decimal? invoiced = order.Invoicing switch
            {
                InvoicingState.NotInvoiced => 0m,
                InvoicingState.Invoiced => line.Quantity,
                _ => null,
            };
            lines.Add(new OrderDocumentLine(++position, line, shipped, invoiced));
        }

        var events = order.History.OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new OrderDocumentEvent(h.At, EventTitle(h), EventNote(h, order), h.ActorName))
            .ToList();
        return new OrderDocument(lines, events);
    }

    /// <summary>What happened, as a buyer says it: "Approved", "Sent to our order desk", never a trigger's code name.</summary>
    public static string EventTitle(OrderHistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Trigger switch
        {
            OrderTrigger.Place => "Order placed",
            OrderTrigger.SubmitForApproval => "Sent for approval",
            OrderTrigger.Approve => "Approved",
            OrderTrigger.Reject => "Rejected",
            OrderTrigger.HoldForCredit => "Put on credit hold",
            OrderTrigger.ReleaseCredit => "Released from credit hold",
            OrderTrigger.SubmitToErp => "Sent to our order desk",
            OrderTrigger.Confirm => "Confirmed by our order desk",
            OrderTrigger.ShipPartially => "Part of the order shipped",
            OrderTrigger.Ship => "Shipped",
            OrderTrigger.Deliver => "Delivered",
            OrderTrigger.Invoice => "Invoiced",
            OrderTrigger.Close => "Closed",
            OrderTrigger.Cancel => "Cancelled",
            OrderTrigger.ConfirmDelivery => "Delivery confirmed",
            _ => "Updated",
        };
    }

    /// <summary>A courier state in words: "Being prepared for dispatch" rather than "PreTransit".</summary>
    public static string ShipmentStateText(ShipmentState state) => state switch
    {
        ShipmentState.PreTransit => "Being prepared for dispatch",
        ShipmentState.InTransit => "On its way",
        ShipmentState.Delivered => "Delivered",
        ShipmentState.Failed => "Delivery problem: the courier could not deliver",
        _ => "Status unknown",
    };

    /// <summary>How the ERP's reference is shown, the one place it appears: "ERP order 101002".</summary>
    public static string? ErpReference(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.ErpOrderNumber is { Length: > 0 } n ? $"ERP order {n}" : null;
    }

    /// <summary>
    /// The note under an event: the person's reason or comment as written; for the ERP's own steps the order's ERP
    /// reference instead of the ERP's internal ids (its GUID is for the sync, not for the buyer).
    /// </summary>
    private static string? EventNote(OrderHistoryEntry entry, Order order) => entry.Trigger switch
    {
        OrderTrigger.SubmitToErp => null,
        OrderTrigger.Confirm => ErpReference(order),
        OrderTrigger.ShipPartially or OrderTrigger.Ship or OrderTrigger.Deliver => CourierWords(entry.Reason),
        _ => entry.Reason,
    };

    /// <summary>Notes recorded before shipment states were written in words ("DHL 0034…: InTransit") read the same as new ones.</summary>
    private static string? CourierWords(string? reason)
    {
        if (reason is null)
        {
            return null;
        }

        foreach (var state in Enum.GetValues<ShipmentState>())
        {
            var raw = ": " + state;
            if (reason.EndsWith(raw, StringComparison.Ordinal))
            {
                return reason[..^raw.Length] + ": " + ShipmentStateText(state).ToLowerInvariant();
            }
        }

        return reason;
    }
}

/// <param name="Position">1..n in the ERP's line order.</param>
/// <param name="Shipped">Quantity shipped so far; null when the portal cannot tell per line (see <see cref="OrderDocument.Of"/>).</param>
/// <param name="Invoiced">Quantity invoiced so far; null when the portal cannot tell per line.</param>
public sealed record OrderDocumentLine(int Position, OrderLine Line, decimal? Shipped, decimal? Invoiced);

public sealed record OrderDocumentEvent(DateTimeOffset At, string Title, string? Note, string ActorName);
