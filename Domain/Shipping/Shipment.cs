using B2BPortal.Domain.Ordering;

namespace B2BPortal.Domain.Shipping;

/// <summary>
/// A parcel of an order handed to a courier: the one model of a shipment, which the order page shows and the order
/// follows. ShipmentTracking polls the courier for shipments still moving, stores every new event, and tells the order
/// (IOrderStatusUpdates) when the state changes. Its state only moves forward along a parcel's life (pre-transit,
/// in transit or failed, delivered), whatever the times the news carry: couriers' events often predate the moment the
/// ERP posted the shipment. Event times are kept for display (<see cref="LastEventAt"/>), not used to order news.
/// Shipments posted in the ERP come in through ShipmentSync (<see cref="FromErp"/>), once per ERP shipment number. One
/// without a tracking number, or with a carrier no courier adapter handles, is kept all the same (the order shows it
/// as shipped) but is never polled: <see cref="IsTracked"/> is false, or no courier answers to its carrier.
/// </summary>
public class Shipment
{
    public const int CarrierMaxLength = 50;
    /// <summary>Room for any carrier's number: DHL's piece codes have up to 35 characters, freight and SSCC references more.</summary>
    public const int TrackingNumberMaxLength = 100;
    public const int ErpNumberMaxLength = 50;
    public const int UrlMaxLength = 500;

    private readonly List<ShipmentEvent> _events = [];
    private readonly List<ShipmentLine> _lines = [];

    private Shipment() { }

    public Shipment(string orderNumber, string carrier, string trackingNumber, bool completesOrder, DateTimeOffset registeredAt)
    {
        if (string.IsNullOrWhiteSpace(trackingNumber))
        {
            throw new Common.DomainException($"A tracking number has 1 to {TrackingNumberMaxLength} characters.", "TrackingNumber");
        }

        OrderNumber = orderNumber;
        Carrier = ValidCarrier(carrier);
        TrackingNumber = ValidTrackingNumber(trackingNumber);
        CompletesOrder = completesOrder;
        State = ShipmentState.PreTransit;
        RegisteredAt = registeredAt;
        NextPollAt = registeredAt;
    }

    /// <summary>
    /// A shipment the ERP posted. <paramref name="shippedAt"/> is when it left (the order's history shows that time);
    /// it is polled from <paramref name="now"/> on when it has a tracking number.
    /// </summary>
    public static Shipment FromErp(
        string erpShipmentNumber,
        string orderNumber,
        string carrier,
        string? trackingNumber,
        IEnumerable<ShipmentLine> lines,
        bool completesOrder,
        DateTimeOffset shippedAt,
        DateTimeOffset now)
    {
        var shipment = new Shipment
        {
            ErpShipmentNumber = ValidErpNumber(erpShipmentNumber),
            OrderNumber = orderNumber,
            Carrier = ValidCarrier(carrier),
            TrackingNumber = string.IsNullOrWhiteSpace(trackingNumber) ? null : ValidTrackingNumber(trackingNumber),
            CompletesOrder = completesOrder,
            State = ShipmentState.PreTransit,
            RegisteredAt = shippedAt,
            NextPollAt = now,
        };
        shipment._lines.AddRange(lines);
        return shipment;
    }

    /// <summary>
    /// A shipment announced through the order status port rather than read from the ERP's posted shipments (the demo
    /// data, another source of shipments): known by its ERP number when the notice has one, else by carrier and tracking.
    /// </summary>
    public static Shipment FromNotice(string orderNumber, ShipmentNotice notice, DateTimeOffset now)
    {
        var shipment = new Shipment
        {
            ErpShipmentNumber = notice.Reference is { } r ? ValidErpNumber(r) : null,
            OrderNumber = orderNumber,
            Carrier = ValidCarrier(notice.Carrier),
            TrackingNumber = string.IsNullOrWhiteSpace(notice.TrackingNumber) ? null : ValidTrackingNumber(notice.TrackingNumber),
            CompletesOrder = notice.Complete,
            State = ShipmentState.PreTransit,
            RegisteredAt = notice.At,
            NextPollAt = now,
        };
        shipment.ApplyNotice(notice);
        return shipment;
    }

    public int Id { get; private set; }

    public string OrderNumber { get; private set; } = string.Empty;

    public string Carrier { get; private set; } = string.Empty;

    /// <summary>Null when the ERP shipment carries none: the shipment is recorded but cannot be polled.</summary>
    public string? TrackingNumber { get; private set; }

    /// <summary>The ERP's posted shipment number (unique); null for shipments registered otherwise.</summary>
    public string? ErpShipmentNumber { get; private set; }

    public bool CompletesOrder { get; private set; }

    public ShipmentState State { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? LastEventAt { get; private set; }

    public DateTimeOffset NextPollAt { get; private set; }

    public string? TrackingUrl { get; private set; }

    public IReadOnlyCollection<ShipmentEvent> Events => _events.AsReadOnly();

    /// <summary>What the ERP shipment carried, per item; empty for shipments registered otherwise.</summary>
    public IReadOnlyCollection<ShipmentLine> Lines => _lines.AsReadOnly();

    /// <summary>When the shipment last had news: its courier's latest event, else when it was posted. What pages show beside the state.</summary>
    public DateTimeOffset LastNewsAt => LastEventAt ?? RegisteredAt;

    public bool IsMoving => State is ShipmentState.PreTransit or ShipmentState.InTransit;

    /// <summary>Whether there is anything to ask a courier about.</summary>
    public bool IsTracked => TrackingNumber is not null;

    /// <summary>
    /// The ERP read the shipment again (an overlapping delta, or it was edited there). A new carrier or tracking number
    /// replaces the old one, and a moving shipment is polled again at once; returns whether anything changed and whether
    /// the order must hear of it (carrier, tracking number or completeness changed).
    /// </summary>
    public (bool Changed, bool TellOrder) ApplyErp(string carrier, string? trackingNumber, IReadOnlyCollection<ShipmentLine> lines, bool completesOrder, DateTimeOffset now)
    {
        carrier = ValidCarrier(carrier);
        var tracking = string.IsNullOrWhiteSpace(trackingNumber) ? null : ValidTrackingNumber(trackingNumber);
        var renamed = carrier != Carrier || tracking != TrackingNumber;
        var completes = completesOrder && !CompletesOrder;
        var sameLines = _lines.Count == lines.Count
            && _lines.OrderBy(l => l.ItemNumber, StringComparer.Ordinal).ThenBy(l => l.Quantity)
                .SequenceEqual(lines.OrderBy(l => l.ItemNumber, StringComparer.Ordinal).ThenBy(l => l.Quantity), ShipmentLine.SameContent);
        if (renamed)
        {
            Carrier = carrier;
            TrackingNumber = tracking;
            TrackingUrl = null;
            if (IsMoving)
            {
                NextPollAt = now;
            }
        }

        if (completes)
        {
            CompletesOrder = true;
        }

        if (!sameLines)
        {
            _lines.Clear();
            _lines.AddRange(lines);
        }

        return (renamed || completes || !sameLines, renamed || completes);
    }

    /// <summary>
    /// Takes the courier's events (any order, repeats welcome) and its current state; returns the events that were new
    /// and whether the shipment's state changed.
    /// </summary>
    public (int NewEvents, bool StateChanged) Track(IEnumerable<CourierEvent> events, ShipmentState? current, string? trackingUrl, DateTimeOffset now, TimeSpan pollInterval)
    {
        var added = 0;
        foreach (var e in events.OrderBy(e => e.At))
        {
            if (_events.Exists(x => x.At == e.At && x.StatusCode == e.StatusCode && x.Description == e.Description))
            {
                continue;
            }

            _events.Add(new ShipmentEvent(e.At, e.State, e.StatusCode, e.Description, e.Location));
            added++;
            if (LastEventAt is null || e.At > LastEventAt)
            {
                LastEventAt = e.At;
            }
        }

        // A delivery event anywhere in the list settles it, even when a later-stamped scan says "in transit".
        var reported = _events.Exists(x => x.State == ShipmentState.Delivered)
            ? ShipmentState.Delivered
            : current ?? (_events.Count > 0 ? _events.MaxBy(x => x.At)!.State : State);
        var changed = MoveTo(reported);
        TrackingUrl = SafeUrl(trackingUrl) ?? TrackingUrl;
        NextPollAt = now + pollInterval;
        return (added, changed);
    }

    public void PostponePoll(DateTimeOffset until) => NextPollAt = until;

    /// <summary>
    /// Takes news told through the order status port (state, completeness, a corrected carrier or tracking number) by the
    /// same forward-only rule as the courier's; returns whether anything changed.
    /// </summary>
    public bool ApplyNotice(ShipmentNotice notice)
    {
        var carrier = ValidCarrier(notice.Carrier);
        var tracking = string.IsNullOrWhiteSpace(notice.TrackingNumber) ? null : ValidTrackingNumber(notice.TrackingNumber);
        var renamed = carrier != Carrier || tracking != TrackingNumber;
        Carrier = carrier;
        TrackingNumber = tracking;
        var completes = notice.Complete && !CompletesOrder;
        CompletesOrder |= notice.Complete;
        var moved = MoveTo(notice.State);
        if (notice.At > RegisteredAt && (LastEventAt is null || notice.At > LastEventAt))
        {
            LastEventAt = notice.At;
        }

        TrackingUrl = SafeUrl(notice.TrackingUrl) ?? (renamed ? null : TrackingUrl);
        return renamed || completes || moved;
    }

    /// <summary>How far along its life a state is: news of an earlier stage never undoes a later one.</summary>
    public static int Stage(ShipmentState state) => state switch
    {
        ShipmentState.PreTransit => 0,
        ShipmentState.InTransit or ShipmentState.Failed => 1,
        _ => 2,
    };

    /// <summary>Moves forward only; between in transit and failed (a failed attempt, then a new one) the latest news wins.</summary>
    private bool MoveTo(ShipmentState state)
    {
        if (state == State || Stage(state) < Stage(State))
        {
            return false;
        }

        State = state;
        return true;
    }

    /// <summary>Only http(s) links are shown as tracking links; anything else would be a script injection vector.</summary>
    private static string? SafeUrl(string? url) =>
        url is { Length: <= UrlMaxLength } && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
            ? url
            : null;

    private static string ValidErpNumber(string erpShipmentNumber) =>
        string.IsNullOrWhiteSpace(erpShipmentNumber) || erpShipmentNumber.Length > ErpNumberMaxLength
            ? throw new Common.DomainException($"An ERP shipment number has 1 to {ErpNumberMaxLength} characters.", "ErpShipmentNumber")
            : erpShipmentNumber;

    /// <summary>The order's view of this shipment; an untracked one has an empty tracking number and its ERP number as reference.</summary>
    public ShipmentNotice ToNotice() => new(Carrier, TrackingNumber ?? string.Empty, State, LastNewsAt, CompletesOrder, TrackingUrl, ErpShipmentNumber);

    private static string ValidCarrier(string carrier)
    {
        carrier = carrier.Trim();
        return carrier.Length <= CarrierMaxLength
            ? carrier
            : throw new Common.DomainException($"A carrier has at most {CarrierMaxLength} characters.", "Carrier");
    }

    private static string ValidTrackingNumber(string trackingNumber)
    {
        trackingNumber = trackingNumber.Trim();
        return trackingNumber.Length is > 0 and <= TrackingNumberMaxLength
            ? trackingNumber
            : throw new Common.DomainException($"A tracking number has 1 to {TrackingNumberMaxLength} characters.", "TrackingNumber");
    }
}

/// <summary>One item line of an ERP shipment: how much of the item this shipment carried (negative: an undone shipment).</summary>
public class ShipmentLine
{
    public const int ItemNumberMaxLength = 20;
    public const int UnitMaxLength = 10;

    private ShipmentLine() { }

    public ShipmentLine(string itemNumber, decimal quantity, string? unitOfMeasure)
    {
        ItemNumber = itemNumber.Trim();
        if (ItemNumber.Length is 0 or > ItemNumberMaxLength)
        {
            throw new Common.DomainException($"An item number has 1 to {ItemNumberMaxLength} characters.", "ItemNumber");
        }

        Quantity = quantity;
        UnitOfMeasure = string.IsNullOrWhiteSpace(unitOfMeasure) ? null : unitOfMeasure.Trim().ToUpperInvariant();
        if (UnitOfMeasure is { Length: > UnitMaxLength })
        {
            throw new Common.DomainException($"A unit of measure has at most {UnitMaxLength} characters.", "UnitOfMeasure");
        }
    }

    public static IEqualityComparer<ShipmentLine> SameContent { get; } = new ContentComparer();

    public long Id { get; private set; }

    public int ShipmentId { get; private set; }

    public string ItemNumber { get; private set; } = string.Empty;

    public decimal Quantity { get; private set; }

    public string? UnitOfMeasure { get; private set; }

    private sealed class ContentComparer : IEqualityComparer<ShipmentLine>
    {
        public bool Equals(ShipmentLine? x, ShipmentLine? y) =>
            x is not null && y is not null && x.ItemNumber == y.ItemNumber && x.Quantity == y.Quantity && x.UnitOfMeasure == y.UnitOfMeasure;

        public int GetHashCode(ShipmentLine obj) => HashCode.Combine(obj.ItemNumber, obj.Quantity, obj.UnitOfMeasure);
    }
}

public class ShipmentEvent
{
    public const int TextMaxLength = 500;

    private ShipmentEvent() { }

    internal ShipmentEvent(DateTimeOffset at, ShipmentState state, string statusCode, string? description, string? location)
    {
        At = at;
        State = state;
        StatusCode = statusCode;
        Description = Cut(description);
        Location = Cut(location);
    }

    public long Id { get; private set; }

    public int ShipmentId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public ShipmentState State { get; private set; }

    public string StatusCode { get; private set; } = string.Empty;

    public string? Description { get; private set; }

    public string? Location { get; private set; }

    private static string? Cut(string? s) => s is { Length: > TextMaxLength } ? s[..TextMaxLength] : s;
}

/// <summary>One courier event in portal terms: when, which state it means, the courier's code and display text.</summary>
public sealed record CourierEvent(DateTimeOffset At, ShipmentState State, string StatusCode, string? Description, string? Location);

/// <param name="State">The courier's current state of the shipment (its latest event); null when it said nothing usable.</param>
public sealed record CourierTrackingResult(string TrackingNumber, ShipmentState? State, IReadOnlyList<CourierEvent> Events, string? TrackingUrl);

/// <summary>A courier's tracking, in portal terms. Integration/Couriers/Dhl implements it; another courier fits the same port.</summary>
public interface ICourierTracking
{
    /// <summary>The carrier name shipments carry, e.g. <c>DHL</c>.</summary>
    string Carrier { get; }

    /// <summary>The shipment's tracking, or null when the courier does not know the number (yet).</summary>
    Task<CourierTrackingResult?> TrackAsync(string trackingNumber, CancellationToken ct);
}

/// <summary>The courier refused for now (quota, 5xx, timeout): stop polling until later.</summary>
public sealed class CourierUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; init; }
}
