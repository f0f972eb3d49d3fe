using B2BPortal.Domain.Ordering;

namespace B2BPortal.Domain.Shipping;

/// <summary>
/// A parcel of an order handed to a courier. ShipmentTracking polls the courier for shipments still moving, stores
/// every new event, and tells the order (IOrderStatusUpdates) when the state changes.
/// </summary>
public class Shipment
{
    public const int CarrierMaxLength = 50;
    public const int TrackingNumberMaxLength = 50;

    private readonly List<ShipmentEvent> _events = [];

    private Shipment() { }

    public Shipment(string orderNumber, string carrier, string trackingNumber, bool completesOrder, DateTimeOffset registeredAt)
    {
        if (string.IsNullOrWhiteSpace(trackingNumber) || trackingNumber.Trim().Length > TrackingNumberMaxLength)
        {
            throw new Common.DomainException($"A tracking number has 1 to {TrackingNumberMaxLength} characters.", "TrackingNumber");
        }

        OrderNumber = orderNumber;
        Carrier = carrier;
        TrackingNumber = trackingNumber.Trim();
        CompletesOrder = completesOrder;
        State = ShipmentState.PreTransit;
        RegisteredAt = registeredAt;
        NextPollAt = registeredAt;
    }

    public int Id { get; private set; }

    public string OrderNumber { get; private set; } = string.Empty;

    public string Carrier { get; private set; } = string.Empty;

    public string TrackingNumber { get; private set; } = string.Empty;

    public bool CompletesOrder { get; private set; }

    public ShipmentState State { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? LastEventAt { get; private set; }

    public DateTimeOffset NextPollAt { get; private set; }

    public string? TrackingUrl { get; private set; }

    public IReadOnlyCollection<ShipmentEvent> Events => _events.AsReadOnly();

    public bool IsMoving => State is ShipmentState.PreTransit or ShipmentState.InTransit;

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

        var newState = current ?? (_events.Count > 0 ? _events.MaxBy(x => x.At)!.State : State);
        var changed = newState != State;
        State = newState;
        TrackingUrl = trackingUrl ?? TrackingUrl;
        NextPollAt = now + pollInterval;
        return (added, changed);
    }

    public void PostponePoll(DateTimeOffset until) => NextPollAt = until;

    public ShipmentNotice ToNotice() => new(Carrier, TrackingNumber, State, LastEventAt ?? RegisteredAt, CompletesOrder, TrackingUrl);
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
