using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using Stateless;

namespace B2BPortal.Domain.Returns;

public enum ReturnReason
{
    Damaged,
    WrongItem,
    NotAsDescribed,
    Other,
}

/// <summary>One line a buyer asks to return: the order line (by its line number), how many, and why.</summary>
public sealed record NewReturnLine(int OrderLineNumber, decimal Quantity, ReturnReason Reason, string? ReasonText);

/// <summary>
/// A buyer's request to send back goods of one delivered order (an RMA). <see cref="State"/> is the EF-mapped storage of
/// the <see cref="ReturnWorkflow"/> machine. Lines copy the order line's product and price, so the credit is worth what
/// was paid. <see cref="Version"/> is the concurrency token: two staff acting at once cannot both win.
/// </summary>
public class ReturnRequest
{
    public const int NumberMaxLength = 30;
    public const int CommentMaxLength = 1000;
    public const int ReasonMaxLength = 500;
    public const int CreditMemoNumberMaxLength = 35;

    /// <summary>The name the ERP's jobs act under on a return: its history and audit show it.</summary>
    public const string ErpActorName = "ERP sync";

    private readonly List<ReturnLine> _lines = [];
    private readonly List<ReturnPhoto> _photos = [];
    private readonly List<ReturnHistoryEntry> _history = [];
    private readonly List<ReturnChange> _unaudited = [];
    private StateMachine<ReturnState, ReturnTrigger>? _machine;

    private ReturnRequest() { }

    public int Id { get; private set; }

    /// <summary>The order's number and the return's sequence on it, e.g. ORD-2026-000123-R2; the ERP credit memo's external document number.</summary>
    public string Number { get; private set; } = string.Empty;

    public int OrderId { get; private set; }

    public string OrderNumber { get; private set; } = string.Empty;

    /// <summary>1 for an order's first return, 2 for its second…; unique per order, so two requests racing for the same goods cannot both land.</summary>
    public int Sequence { get; private set; }

    public int CompanyId { get; private set; }

    public string Currency { get; private set; } = string.Empty;

    public ReturnState State { get; private set; }

    public string RequestedByUserId { get; private set; } = string.Empty;

    public string RequestedByName { get; private set; } = string.Empty;

    public string? Comment { get; private set; }

    /// <summary>Why staff approved or rejected it, as the buyer is told.</summary>
    public string? DecisionReason { get; private set; }

    /// <summary>The credit memo that settled the return (the ERP's number, or what staff recorded).</summary>
    public string? CreditMemoNumber { get; private set; }

    /// <summary>The ERP's id of the credit memo the export created (or found) for this return; null until it went.</summary>
    public string? ErpCreditMemoId { get; private set; }

    /// <summary>When the ERP had the credit memo: created by the export, or found by it after a lost answer.</summary>
    public DateTimeOffset? SentToErpAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public Money Total { get; private set; }

    public IReadOnlyList<ReturnLine> Lines => _lines.AsReadOnly();

    public IReadOnlyList<ReturnPhoto> Photos => _photos.AsReadOnly();

    public IReadOnlyList<ReturnHistoryEntry> History => _history.AsReadOnly();

    private StateMachine<ReturnState, ReturnTrigger> Machine => _machine ??= ReturnWorkflow.Build(() => State, s => State = s);

    /// <summary>
    /// A buyer's return of <paramref name="order"/>'s goods. Each line at most what was delivered and not yet returned:
    /// <paramref name="alreadyReturned"/> holds, per order line number, what the order's earlier returns (not rejected or
    /// cancelled) take back. Everything is checked before anything is made.
    /// </summary>
    public static ReturnRequest Request(Order order, int sequence, IReadOnlyDictionary<int, decimal> alreadyReturned, IReadOnlyList<NewReturnLine> lines,
        IReadOnlyList<ReturnPhoto> photos, string? comment, Actor buyer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!ReturnWorkflow.IsBuyerOf(buyer, order.CompanyId))
        {
            throw new DomainException("A return is requested by a buyer of the company that ordered the goods.");
        }

        if (!IsDelivered(order.State))
        {
            throw new DomainException($"Order {order.Number} has not been delivered yet; goods can be returned once they arrived.");
        }

        var wanted = lines.Where(l => l.Quantity != 0).ToList();
        if (wanted.Count == 0)
        {
            throw new DomainException("Enter the quantity you want to return on at least one line.");
        }

        if (wanted.GroupBy(l => l.OrderLineNumber).Any(g => g.Count() > 1))
        {
            throw new DomainException("Each order line appears once in a return; put the whole quantity on one line.");
        }

        ReturnPhoto.EnsureAllowed(photos);
        var request = new ReturnRequest
        {
            Number = NumberFor(order.Number, sequence),
            OrderId = order.Id,
            OrderNumber = order.Number,
            Sequence = sequence,
            CompanyId = order.CompanyId,
            Currency = order.Total.Currency,
            State = ReturnState.Requested,
            RequestedByUserId = buyer.UserId,
            RequestedByName = buyer.DisplayName,
            Comment = Text(comment, CommentMaxLength, "Comment"),
            CreatedAt = now,
            UpdatedAt = now,
        };

        var total = Money.Zero(request.Currency);
        foreach (var l in wanted)
        {
            var orderLine = order.Lines.SingleOrDefault(x => x.LineNumber == l.OrderLineNumber)
                ?? throw new DomainException($"Order {order.Number} has no line {l.OrderLineNumber}.");
            if (l.Quantity < 0)
            {
                throw new DomainException($"{orderLine.Sku}: the quantity to return cannot be negative.", "Quantity");
            }

            var returnable = orderLine.Quantity - alreadyReturned.GetValueOrDefault(l.OrderLineNumber);
            if (l.Quantity > returnable)
            {
                throw new DomainException(returnable <= 0
                    ? $"{orderLine.Sku}: all {orderLine.Quantity:0.####} delivered are already being returned."
                    : $"{orderLine.Sku}: at most {returnable:0.####} {orderLine.UnitOfMeasure} can be returned ({orderLine.Quantity:0.####} delivered, {orderLine.Quantity - returnable:0.####} already returned).", "Quantity");
            }

            var reasonText = Text(l.ReasonText, ReasonMaxLength, "ReasonText");
            if (l.Reason == ReturnReason.Other && reasonText is null)
            {
                throw new DomainException($"{orderLine.Sku}: say what is wrong when the reason is \"other\".", "ReasonText");
            }

            var line = new ReturnLine(orderLine, l.Quantity, l.Reason, reasonText, request.Currency);
            request._lines.Add(line);
            total += line.LineTotal;
        }

        request.Total = total.RoundToCents();
        request._photos.AddRange(photos);
        request._history.Add(new ReturnHistoryEntry(null, ReturnState.Requested, null, buyer.UserId, buyer.DisplayName, now, request.Comment));
        request._unaudited.Add(new ReturnChange(buyer, now, "Return.Request", null,
            $"{request.Number}: {string.Join(", ", request._lines.Select(x => $"{x.Sku} x {x.Quantity:0.####} ({x.Reason})"))}; {request.Total}; {photos.Count} photos"));
        return request;
    }

    /// <summary>An order whose goods have arrived: delivered, and still so once invoiced or closed.</summary>
    public static bool IsDelivered(OrderState state) => state is OrderState.Delivered or OrderState.Invoiced or OrderState.Closed;

    public static string NumberFor(string orderNumber, int sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{orderNumber}-R{sequence}");

    public IReadOnlyList<ReturnTrigger> ActionsFor(Actor actor, string? companyRepUserId) =>
        Enum.GetValues<ReturnTrigger>().Where(t => Machine.CanFire(t) && ReturnWorkflow.MayFire(t, actor, CompanyId, companyRepUserId)).ToList();

    public void Approve(Actor staff, string? companyRepUserId, string? reason, DateTimeOffset at)
    {
        var text = Text(reason, ReasonMaxLength, "Reason");
        FireAs(ReturnTrigger.Approve, staff, companyRepUserId, at, text);
        DecisionReason = text;
    }

    public void Reject(Actor staff, string? companyRepUserId, string? reason, DateTimeOffset at)
    {
        var text = Text(reason, ReasonMaxLength, "Reason") ?? throw new DomainException("Say why the return is rejected; the buyer is told.", "Reason");
        FireAs(ReturnTrigger.Reject, staff, companyRepUserId, at, text);
        DecisionReason = text;
    }

    public void Cancel(Actor buyer, string? reason, DateTimeOffset at) => FireAs(ReturnTrigger.Cancel, buyer, null, at, Text(reason, ReasonMaxLength, "Reason"));

    public void MarkReceived(Actor staff, string? companyRepUserId, string? note, DateTimeOffset at) =>
        FireAs(ReturnTrigger.Receive, staff, companyRepUserId, at, Text(note, ReasonMaxLength, "Reason"));

    /// <summary>The credit memo came back from the ERP (a system actor) or staff record the one they issued.</summary>
    public void MarkCredited(Actor actor, string creditMemoNumber, DateTimeOffset at)
    {
        var memo = Text(creditMemoNumber, CreditMemoNumberMaxLength, "CreditMemoNumber") ?? throw new DomainException("Enter the credit memo's number.", "CreditMemoNumber");
        FireAs(ReturnTrigger.Credit, actor, null, at, $"credit memo {memo}");
        CreditMemoNumber = memo;
    }

    /// <summary>
    /// The ERP has the credit memo for this return (the export created it, or found it by the return's number after an
    /// answer was lost). Not a transition: the return stays received until the memo is posted and comes back.
    /// </summary>
    public void RecordSentToErp(string erpId, string erpNumber, bool foundExisting, DateTimeOffset at)
    {
        if (ErpCreditMemoId is not null)
        {
            return;
        }

        ErpCreditMemoId = erpId;
        SentToErpAt = at;
        _unaudited.Add(new ReturnChange(Actor.System(ErpActorName), at, "Return.SentToErp", null,
            foundExisting ? $"credit memo {erpNumber} (already in the ERP: an earlier answer was lost)" : $"credit memo {erpNumber} created in the ERP"));
    }

    /// <summary>Changes not yet written to the audit trail; the caller adds them to the same SaveChanges.</summary>
    public IReadOnlyList<ReturnChange> TakeUnaudited()
    {
        var taken = _unaudited.ToList();
        _unaudited.Clear();
        return taken;
    }

    private void FireAs(ReturnTrigger trigger, Actor actor, string? companyRepUserId, DateTimeOffset at, string? reason)
    {
        if (!Machine.CanFire(trigger))
        {
            throw ReturnWorkflow.Illegal(Number, State, trigger);
        }

        if (!ReturnWorkflow.MayFire(trigger, actor, CompanyId, companyRepUserId))
        {
            throw new DomainException($"You may not {ReturnWorkflow.Label(trigger)} return {Number}.");
        }

        var from = State;
        Machine.Fire(trigger);
        _history.Add(new ReturnHistoryEntry(from, State, trigger, actor.UserId, actor.DisplayName, at, reason));
        _unaudited.Add(new ReturnChange(actor, at, $"Return.{trigger}", from.ToString(), reason is null ? State.ToString() : $"{State}: {reason}"));
        Version++;
        UpdatedAt = at;
    }

    private static string? Text(string? value, int max, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        return value.Length > max ? throw new DomainException($"At most {max} characters.", field) : value;
    }
}

/// <summary>One returned order line: the product and price as ordered, the quantity coming back and why.</summary>
public class ReturnLine
{
    private ReturnLine() { }

    internal ReturnLine(OrderLine orderLine, decimal quantity, ReturnReason reason, string? reasonText, string currency)
    {
        OrderLineNumber = orderLine.LineNumber;
        ProductId = orderLine.ProductId;
        Sku = orderLine.Sku;
        ErpItemNumber = orderLine.ErpItemNumber;
        Name = orderLine.Name;
        UnitOfMeasure = orderLine.UnitOfMeasure;
        Quantity = quantity;
        UnitPrice = orderLine.UnitPrice;
        LineTotal = Money.Of(orderLine.UnitPrice * quantity, currency).RoundToCents();
        Reason = reason;
        ReasonText = reasonText;
    }

    public int Id { get; private set; }

    public int ReturnRequestId { get; private set; }

    public int OrderLineNumber { get; private set; }

    public int ProductId { get; private set; }

    public string Sku { get; private set; } = string.Empty;

    public string ErpItemNumber { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string UnitOfMeasure { get; private set; } = string.Empty;

    public decimal Quantity { get; private set; }

    public decimal UnitPrice { get; private set; }

    public Money LineTotal { get; private set; }

    public ReturnReason Reason { get; private set; }

    public string? ReasonText { get; private set; }
}

/// <summary>One transition: from (none for the request itself), to, by whom, when, why. Append-only.</summary>
public class ReturnHistoryEntry
{
    private ReturnHistoryEntry() { }

    internal ReturnHistoryEntry(ReturnState? from, ReturnState to, ReturnTrigger? trigger, string actorId, string actorName, DateTimeOffset at, string? reason)
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

    public int ReturnRequestId { get; private set; }

    public ReturnState? From { get; private set; }

    public ReturnState To { get; private set; }

    public ReturnTrigger? Trigger { get; private set; }

    public string ActorId { get; private set; } = string.Empty;

    public string ActorName { get; private set; } = string.Empty;

    public DateTimeOffset At { get; private set; }

    public string? Reason { get; private set; }
}

/// <summary>One change for the audit trail: who, when, what, before and after.</summary>
public sealed record ReturnChange(Actor Actor, DateTimeOffset At, string Action, string? Before, string? After);
