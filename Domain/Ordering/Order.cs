using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Shipping;
using Stateless;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// A customer's order, from checkout to invoice. Its <see cref="State"/> is the EF-mapped storage of the
/// <see cref="OrderWorkflow"/> machine (fulfilment, and closing), <see cref="Invoicing"/> that of the
/// <see cref="InvoicingWorkflow"/> beside it; intent methods fire triggers and every transition appends an
/// <see cref="OrderHistoryEntry"/> (who, when, why). Lines are a snapshot taken at checkout: later price or
/// catalog changes never rewrite a placed order.
/// </summary>
public class Order
{
    public const int NumberMaxLength = 20;

    /// <summary>Business Central's externalDocumentNumber is 35 characters.</summary>
    public const int PurchaseOrderNumberMaxLength = 35;
    public const int NotesMaxLength = 1000;
    public const int ReasonMaxLength = 500;
    public const int IdempotencyKeyMaxLength = 200;
    public const int ErpIdMaxLength = 100;
    public const int RequestFingerprintLength = 64;

    /// <summary>How far below the order's total its invoices may stay and still bill it in full: the ERP rounds line by line.</summary>
    public const decimal InvoiceRoundingTolerance = 0.01m;

    private readonly List<OrderLine> _lines = [];
    private readonly List<OrderHistoryEntry> _history = [];
    private readonly List<OrderHistoryEntry> _unaudited = [];
    private StateMachine<OrderState, OrderTrigger>? _machine;
    private StateMachine<InvoicingState, InvoicingTrigger>? _invoicingMachine;

    private Order() { }

    public int Id { get; private set; }

    /// <summary>The readable number buyers quote, e.g. ORD-2026-000123; the ERP's external document number.</summary>
    public string Number { get; private set; } = string.Empty;

    public int CompanyId { get; private set; }

    public string PlacedByUserId { get; private set; } = string.Empty;

    public string PlacedByName { get; private set; } = string.Empty;

    /// <summary>
    /// Staff (a sales rep or an administrator) who placed the order on <see cref="PlacedByName"/>'s behalf, when it was not
    /// the buyer: the order is the buyer's (their history, limits and approvals), the history and audit name who did it.
    /// </summary>
    public string? PlacedOnBehalfByUserId { get; private set; }

    public string? PlacedOnBehalfByName { get; private set; }

    /// <summary>"placed by Rep X for Buyer Y", or "placed by Buyer Y".</summary>
    public string PlacedByText => PlacedOnBehalfByName is { } staff ? $"{staff} for {PlacedByName}" : PlacedByName;

    public OrderState State { get; private set; }

    public Money Total { get; private set; }

    /// <summary>The invoicing track: how much of the order the invoices that count (open or paid, not cancelled or corrected) bill.</summary>
    public InvoicingState Invoicing { get; private set; }

    /// <summary>What those invoices bill, excluding tax like <see cref="Total"/>, in the order's currency.</summary>
    public decimal InvoicedAmount { get; private set; }

    public Money Invoiced => Money.Of(InvoicedAmount, Total.Currency);

    public OrderAddress ShipTo { get; private set; } = null!;

    public int? ShipToAddressId { get; private set; }

    public string? PurchaseOrderNumber { get; private set; }

    public DateOnly? RequestedDeliveryDate { get; private set; }

    public string? Notes { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// What makes a retried "place" find this order instead of making a second: the cart and its version for
    /// the pages, the caller's Idempotency-Key for the API. Unique per company.
    /// </summary>
    public string IdempotencyKey { get; private set; } = string.Empty;

    /// <summary>
    /// For an order placed through the API: the SHA-256 (hex) of the request it answered, its fields and the cart lines
    /// it placed, so a replay of its Idempotency-Key with a different request is refused instead of answered with it.
    /// </summary>
    public string? RequestFingerprint { get; private set; }

    /// <summary>Why the order needed approval, when it did.</summary>
    public string? ApprovalReason { get; private set; }

    public string? ErpOrderId { get; private set; }

    public string? ErpOrderNumber { get; private set; }

    /// <summary>When the "order placed" outbox message was written; at most once per order.</summary>
    public DateTimeOffset? ExportQueuedAt { get; private set; }

    /// <summary>Optimistic concurrency: two people acting on the same order at once cannot both win.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines.AsReadOnly();

    public IReadOnlyList<OrderHistoryEntry> History => _history.AsReadOnly();

    private StateMachine<OrderState, OrderTrigger> Machine => _machine ??= OrderWorkflow.Build(() => State, s => State = s, () => Invoicing);

    private StateMachine<InvoicingState, InvoicingTrigger> InvoicingMachine =>
        _invoicingMachine ??= InvoicingWorkflow.Build(() => Invoicing, s => Invoicing = s);

    public static Order Create(
        string number,
        int companyId,
        Actor buyer,
        IReadOnlyList<NewOrderLine> lines,
        OrderAddress shipTo,
        int? shipToAddressId,
        string? purchaseOrderNumber,
        DateOnly? requestedDeliveryDate,
        string? notes,
        string idempotencyKey,
        DateTimeOffset now,
        string? requestFingerprint = null)
    {
        if (lines.Count == 0)
        {
            throw new DomainException("An order needs at least one line.");
        }

        var currency = lines[0].UnitPrice.Currency;
        if (lines.Any(l => l.UnitPrice.Currency != currency))
        {
            throw new DomainException("The cart holds prices in different currencies; place one order per currency.");
        }

        purchaseOrderNumber = string.IsNullOrWhiteSpace(purchaseOrderNumber) ? null : purchaseOrderNumber.Trim();
        if (purchaseOrderNumber is { Length: > PurchaseOrderNumberMaxLength })
        {
            throw new DomainException($"A PO number has at most {PurchaseOrderNumberMaxLength} characters.", "PurchaseOrderNumber");
        }

        notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        if (notes is { Length: > NotesMaxLength })
        {
            throw new DomainException($"Notes have at most {NotesMaxLength} characters.", "Notes");
        }

        if (requestedDeliveryDate is { } d && d < DateOnly.FromDateTime(now.UtcDateTime))
        {
            throw new DomainException("The requested delivery date is in the past.", "RequestedDeliveryDate");
        }

        var order = new Order
        {
            Number = number,
            CompanyId = companyId,
            PlacedByUserId = buyer.UserId,
            PlacedByName = buyer.DisplayName,
            State = OrderState.Draft,
            ShipTo = shipTo,
            ShipToAddressId = shipToAddressId,
            PurchaseOrderNumber = purchaseOrderNumber,
            RequestedDeliveryDate = requestedDeliveryDate,
            Notes = notes,
            CreatedAt = now,
            IdempotencyKey = idempotencyKey,
            RequestFingerprint = requestFingerprint,
        };

        var total = Money.Zero(currency);
        var lineNumber = 0;
        foreach (var l in lines)
        {
            var line = new OrderLine(++lineNumber * 10000, l);
            order._lines.Add(line);
            total += line.LineTotal;
        }

        order.Total = total.RoundToCents();
        return order;
    }

    /// <summary>The triggers this actor may pull now: the machine's permitted triggers filtered by role.</summary>
    public IReadOnlyList<OrderTrigger> ActionsFor(Actor actor) =>
        Enum.GetValues<OrderTrigger>()
            .Where(t => Machine.CanFire(t) && !OrderWorkflow.Automatic.Contains(t) && OrderWorkflow.MayFire(t, State, actor, CompanyId, PlacedByUserId))
            .Distinct()
            .ToList();

    public bool CanFire(OrderTrigger trigger) => Machine.CanFire(trigger);

    public void Place(Actor buyer, DateTimeOffset at) => Fire(OrderTrigger.Place, buyer, at, OnBehalfNote(null));

    public void SubmitForApproval(Actor buyer, DateTimeOffset at, string reason)
    {
        ApprovalReason = reason;
        Fire(OrderTrigger.SubmitForApproval, buyer, at, OnBehalfNote(reason));
    }

    /// <summary>
    /// Before <see cref="Place"/> or <see cref="SubmitForApproval"/>: staff place this buyer's order for them. The history
    /// entry (and so the audit) then names the staff member as the actor and says for whom.
    /// </summary>
    public void PlaceOnBehalf(Actor staff)
    {
        if (State != OrderState.Draft || _history.Count > 0)
        {
            throw new DomainException($"Order {Number} is placed already.");
        }

        if (staff.IsSystem || staff.UserId == PlacedByUserId)
        {
            throw new DomainException("Only a member of staff places an order on a buyer's behalf.");
        }

        PlacedOnBehalfByUserId = staff.UserId;
        PlacedOnBehalfByName = staff.DisplayName;
    }

    private string? OnBehalfNote(string? reason)
    {
        if (PlacedOnBehalfByName is null)
        {
            return reason;
        }

        var note = $"Placed by {PlacedOnBehalfByName} for {PlacedByName}";
        var full = reason is null ? note : $"{note}: {reason}";
        return full.Length > ReasonMaxLength ? full[..ReasonMaxLength] : full;
    }

    public void Approve(Actor approver, DateTimeOffset at, string? comment) => FireAs(OrderTrigger.Approve, approver, at, comment, reasonRequired: false);

    public void Reject(Actor approver, DateTimeOffset at, string comment) => FireAs(OrderTrigger.Reject, approver, at, comment, reasonRequired: true);

    /// <summary>The credit check's hold at placement (system actor) or an accountant's hold later.</summary>
    public void HoldForCredit(Actor by, DateTimeOffset at, string reason)
    {
        if (by.IsSystem)
        {
            Fire(OrderTrigger.HoldForCredit, by, at, Required(reason));
            return;
        }

        FireAs(OrderTrigger.HoldForCredit, by, at, reason, reasonRequired: true);
    }

    public void ReleaseCredit(Actor by, DateTimeOffset at, string? comment) => FireAs(OrderTrigger.ReleaseCredit, by, at, comment, reasonRequired: false);

    /// <summary>A buyer cancels before the ERP has it; staff may cancel later and must say why.</summary>
    public void Cancel(Actor by, DateTimeOffset at, string? reason) => FireAs(OrderTrigger.Cancel, by, at, reason, reasonRequired: by.IsStaff);

    public void Close(Actor by, DateTimeOffset at, string? comment) => FireAs(OrderTrigger.Close, by, at, comment, reasonRequired: false);

    /// <summary>
    /// The goods arrived, by the word of the buyer's side or of staff (who must say on what evidence). An order the ERP
    /// has already invoiced in full closes, as at a courier's delivery.
    /// </summary>
    public void ConfirmDelivery(Actor by, DateTimeOffset at, string? note)
    {
        FireAs(OrderTrigger.ConfirmDelivery, by, at, note, reasonRequired: by.IsStaff);
        CloseIfComplete(Actor.System("ERP sync"), at);
    }

    /// <summary>
    /// The ERP accepted the order and gave its number. A repeat (retried export) changes nothing. Shipments the ERP
    /// posted before the portal learnt it had the order (the export's answer was lost and the order was entered or found
    /// there meanwhile) were kept but could not move the order: it follows them now.
    /// </summary>
    public bool AcceptedByErp(string erpOrderId, string erpOrderNumber, DateTimeOffset at, Actor system, IReadOnlyCollection<Shipment> shipments)
    {
        if (State is not (OrderState.Placed or OrderState.SubmittedToErp))
        {
            return false;
        }

        ErpOrderId = Truncate(erpOrderId, ErpIdMaxLength);
        if (State == OrderState.Placed)
        {
            Fire(OrderTrigger.SubmitToErp, system, at, $"ERP order id {erpOrderId}");
        }

        ErpOrderNumber = Truncate(erpOrderNumber, ErpIdMaxLength);
        Fire(OrderTrigger.Confirm, system, at, $"ERP order number {erpOrderNumber}");
        FollowShipments(shipments, system, at, "Shipped before the ERP confirmed the order to the portal", newShipment: false);
        return true;
    }

    /// <summary>
    /// News of one of the order's shipments: the shipment named by the notice takes it (ShipmentSync and ShipmentTracking
    /// pass the one they hold, which already has it); news of a shipment nobody recorded yet records it. Then the order
    /// follows all its shipments.
    /// </summary>
    /// <returns>The shipment recorded from the notice, for the caller to add to its unit of work; null when it existed.</returns>
    public Shipment? ShipmentChanged(List<Shipment> shipments, ShipmentNotice notice, Actor system, DateTimeOffset now)
    {
        var shipment = notice.Reference is { } reference
            ? shipments.Find(s => s.ErpShipmentNumber == reference)
            : shipments.Find(s => s.ErpShipmentNumber is null && s.Carrier == notice.Carrier.Trim() && (s.TrackingNumber ?? "") == notice.TrackingNumber.Trim());
        var recorded = shipment is null ? Shipment.FromNotice(Number, notice, now) : null;
        if (recorded is not null)
        {
            shipments.Add(recorded);
        }
        else
        {
            shipment!.ApplyNotice(notice);
        }

        var s = shipment ?? recorded!;
        var why = s.TrackingNumber is { } tracking
            ? $"{s.Carrier} {tracking}: {OrderDocument.ShipmentStateText(s.State).ToLowerInvariant()}"
            : $"{s.Carrier} shipment {s.ErpShipmentNumber} (no tracking number): {OrderDocument.ShipmentStateText(s.State).ToLowerInvariant()}".TrimStart();
        FollowShipments(shipments, system, notice.At, why, newShipment: recorded is not null);
        return recorded;
    }

    /// <summary>
    /// The order follows its shipments (<see cref="Shipment"/>, the one model of them): shipped once one completes the
    /// order, partly shipped before (a history entry per new shipment), delivered once every shipment is. Only the
    /// shipments' states count, never the times their news carried, so news out of order cannot strand the order.
    /// </summary>
    /// <param name="newShipment">Whether the news is of a shipment the order did not have yet.</param>
    public void FollowShipments(IReadOnlyCollection<Shipment> shipments, Actor system, DateTimeOffset at, string why, bool newShipment)
    {
        if (shipments.Count == 0)
        {
            return;
        }

        at = NotBeforeHistory(at);
        var complete = shipments.Any(s => s.CompletesOrder);
        if (complete && Machine.CanFire(OrderTrigger.Ship))
        {
            Fire(OrderTrigger.Ship, system, at, why);
        }
        else if (!complete && (newShipment || State == OrderState.Confirmed) && Machine.CanFire(OrderTrigger.ShipPartially))
        {
            Fire(OrderTrigger.ShipPartially, system, at, why);
        }

        if (State == OrderState.Shipped && shipments.All(s => s.State == ShipmentState.Delivered))
        {
            Fire(OrderTrigger.Deliver, system, at, why);
            CloseIfComplete(system, at);
        }

        Touch();
    }

    /// <summary>
    /// The invoicing track follows the invoices that name the order, whenever they arrive: before the shipment, with it or
    /// after delivery. Open and paid invoices count, cancelled and corrected ones do not; their totals excluding tax
    /// against the order's total say not, partly or fully invoiced. A change is a history entry (the order's state kept)
    /// and, for a delivered order now invoiced in full, closes it. The same invoices again change nothing.
    /// </summary>
    /// <returns>Whether anything changed.</returns>
    public bool FollowInvoices(IReadOnlyCollection<Invoice> invoices, Actor system, DateTimeOffset at)
    {
        var counted = invoices.Where(i => i.OrderNumber == Number && i.CountsAsInvoiced && i.TotalExcludingTax.Currency == Total.Currency).ToList();
        var amount = counted.Sum(i => i.TotalExcludingTax.Amount);
        var target = amount <= 0m ? InvoicingState.NotInvoiced
            : amount >= Total.Amount - InvoiceRoundingTolerance ? InvoicingState.Invoiced
            : InvoicingState.PartlyInvoiced;
        if (target == Invoicing && amount == InvoicedAmount)
        {
            return CloseIfComplete(system, NotBeforeHistory(at));
        }

        if (target != Invoicing || target == InvoicingState.PartlyInvoiced)
        {
            InvoicingMachine.Fire(InvoicingWorkflow.TriggerFor(target));
        }

        InvoicedAmount = amount;
        at = NotBeforeHistory(at);
        var numbers = counted.Count == 0 ? "no invoice counts" : "invoice " + string.Join(", ", counted.OrderBy(i => i.Number, StringComparer.Ordinal).Select(i => i.Number));
        Record(State, OrderTrigger.Invoice, system, at, $"{InvoicingWorkflow.Label(Invoicing)}: {Invoiced} of {Total} ({numbers})");
        CloseIfComplete(system, at);
        return true;
    }

    public void MarkExportQueued(DateTimeOffset at) => ExportQueuedAt = at;

    /// <summary>History entries not yet written to the audit trail; the caller adds them to the same SaveChanges.</summary>
    public IReadOnlyList<OrderHistoryEntry> TakeUnaudited()
    {
        var taken = _unaudited.ToList();
        _unaudited.Clear();
        return taken;
    }

    private void FireAs(OrderTrigger trigger, Actor actor, DateTimeOffset at, string? reason, bool reasonRequired)
    {
        if (trigger == OrderTrigger.Cancel && Invoicing != InvoicingState.NotInvoiced && !Machine.CanFire(trigger))
        {
            throw new DomainException($"Order {Number} is {InvoicingWorkflow.Label(Invoicing).ToLowerInvariant()}: the ERP must cancel or credit its invoices before the order can be cancelled.");
        }

        if (!Machine.CanFire(trigger))
        {
            throw OrderWorkflow.Illegal(Number, State, trigger);
        }

        if (!OrderWorkflow.MayFire(trigger, State, actor, CompanyId, PlacedByUserId))
        {
            throw new DomainException($"You may not {OrderWorkflow.Label(trigger)} order {Number}.");
        }

        Fire(trigger, actor, at, reasonRequired ? Required(reason) : Optional(reason));
    }

    private void Fire(OrderTrigger trigger, Actor actor, DateTimeOffset at, string? reason)
    {
        if (!Machine.CanFire(trigger))
        {
            throw OrderWorkflow.Illegal(Number, State, trigger);
        }

        var from = State;
        Machine.Fire(trigger);
        Record(from, trigger, actor, at, reason);
    }

    private void Record(OrderState from, OrderTrigger trigger, Actor actor, DateTimeOffset at, string? reason)
    {
        var entry = new OrderHistoryEntry(from, State, trigger, actor.UserId, actor.DisplayName, at, reason);
        _history.Add(entry);
        _unaudited.Add(entry);
        Touch();
    }

    /// <summary>Fulfilment delivered and invoicing complete, in whichever order they came: the order closes.</summary>
    private bool CloseIfComplete(Actor system, DateTimeOffset at)
    {
        if (Invoicing != InvoicingState.Invoiced || State is not (OrderState.Delivered or OrderState.Invoiced))
        {
            return false;
        }

        Fire(OrderTrigger.Close, system, at, "Delivered and invoiced in full");
        return true;
    }

    /// <summary>A history never runs backwards, though news from the ERP or a courier may predate what the order already recorded.</summary>
    private DateTimeOffset NotBeforeHistory(DateTimeOffset at) =>
        _history.Count > 0 && _history.Max(h => h.At) is var last && last > at ? last : at;

    private void Touch() => Version++;

    private static string Required(string? reason)
    {
        var r = Optional(reason);
        return r ?? throw new DomainException("Give a reason.", "Reason");
    }

    private static string? Optional(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return null;
        }

        reason = reason.Trim();
        return reason.Length > ReasonMaxLength
            ? throw new DomainException($"A reason has at most {ReasonMaxLength} characters.", "Reason")
            : reason;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>A priced line as checkout hands it to <see cref="Order.Create"/>.</summary>
public sealed record NewOrderLine(int ProductId, string Sku, string ErpItemNumber, string Name, string UnitOfMeasure, decimal Quantity, Money UnitPrice, string PriceSource);

public class OrderLine
{
    private OrderLine() { }

    internal OrderLine(int lineNumber, NewOrderLine l)
    {
        LineNumber = lineNumber;
        ProductId = l.ProductId;
        Sku = l.Sku;
        ErpItemNumber = l.ErpItemNumber;
        Name = l.Name;
        UnitOfMeasure = l.UnitOfMeasure;
        Quantity = l.Quantity;
        UnitPrice = l.UnitPrice.Amount;
        LineTotal = (l.UnitPrice * l.Quantity).RoundToCents();
        PriceSource = l.PriceSource.Length > 100 ? l.PriceSource[..100] : l.PriceSource;
    }

    public int Id { get; private set; }

    public int OrderId { get; private set; }

    /// <summary>Business Central style: 10000, 20000, … so the ERP can insert lines between.</summary>
    public int LineNumber { get; private set; }

    public int ProductId { get; private set; }

    public string Sku { get; private set; } = string.Empty;

    public string ErpItemNumber { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string UnitOfMeasure { get; private set; } = string.Empty;

    public decimal Quantity { get; private set; }

    public decimal UnitPrice { get; private set; }

    public Money LineTotal { get; private set; }

    public string PriceSource { get; private set; } = string.Empty;
}

/// <summary>The ship-to address as it was at checkout; a later change of the company's address book does not move goods.</summary>
public sealed record OrderAddress(string Name, string Line1, string? Line2, string PostalCode, string City, string CountryCode);

/// <summary>One transition: from, to, by whom, when, why. Append-only.</summary>
public class OrderHistoryEntry
{
    private OrderHistoryEntry() { }

    internal OrderHistoryEntry(OrderState from, OrderState to, OrderTrigger trigger, string actorId, string actorName, DateTimeOffset at, string? reason)
    {
        From = from;
        To = to;
        Trigger = trigger;
        ActorId = actorId;
        ActorName = actorName;
        At = at;
        Reason = reason;
    }

    public long Id { get; private set; }

    public int OrderId { get; private set; }

    public OrderState From { get; private set; }

    public OrderState To { get; private set; }

    public OrderTrigger Trigger { get; private set; }

    public string ActorId { get; private set; } = string.Empty;

    public string ActorName { get; private set; } = string.Empty;

    public DateTimeOffset At { get; private set; }

    public string? Reason { get; private set; }
}
