using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Shipping;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Erp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shipment = B2BPortal.Domain.Shipping.Shipment;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Posted sales shipments into Shipments: the only way a shipment of a portal order comes to exist, so that
/// ShipmentTracking has something to poll and the order something to move on. One Shipment per ERP shipment number
/// (a unique column), however often the ERP sends it; a corrected tracking number or carrier replaces the old one.
/// The order is told at once, inside the page's transaction, so the buyer sees it shipped, with its tracking number,
/// before the courier is first asked. Shipments of orders not placed in the portal are read and skipped.
/// </summary>
public sealed class ShipmentSync(
    PortalDbContext db,
    IErpGateway erp,
    IOrderStatusUpdates orders,
    IEnumerable<ICourierTracking> couriers,
    IOptions<ErpOptions> options,
    TimeProvider time,
    ILogger<ShipmentSync> logger)
    : PagedErpSync<ErpShipment>(db, time, logger)
{
    public const string Name = "ShipmentSync";

    public override string JobName => Name;

    /// <summary>When the shipment left: its posting date, at the moment the ERP recorded it when that was on the same day.</summary>
    public static DateTimeOffset ShippedAt(ErpShipment shipment)
    {
        var day = new DateTimeOffset(shipment.PostingDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return DateOnly.FromDateTime(shipment.LastModified.UtcDateTime) == shipment.PostingDate ? shipment.LastModified.ToUniversalTime() : day;
    }

    /// <summary>Whether the item quantities shipped cover every item the order asked for (item numbers compared without case).</summary>
    public static bool Covers(IReadOnlyDictionary<string, decimal> ordered, IEnumerable<ShipmentLine> shipped)
    {
        var sums = shipped.GroupBy(l => l.ItemNumber, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.OrdinalIgnoreCase);
        return ordered.Count > 0 && ordered.All(o => sums.TryGetValue(o.Key, out var q) && q >= o.Value);
    }

    protected override Task<ErpPage<ErpShipment>> ReadAsync(ErpReadRequest request, CancellationToken ct) => erp.ReadShipmentsAsync(request, ct);

    protected override string KeyOf(ErpShipment record) => record.Number;

    protected override async Task<PageOutcome> ApplyAsync(IReadOnlyList<ErpRecord<ErpShipment>> records, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var values = records.Select(r => r.Value!).ToList();
        var customerNumbers = values.Select(v => v.CustomerNumber).Distinct().ToList();
        var companies = await Db.Companies.AsNoTracking().Where(c => customerNumbers.Contains(c.ErpCustomerNumber))
            .ToDictionaryAsync(c => c.ErpCustomerNumber, c => c.Id, StringComparer.Ordinal, ct);

        // The portal order: the external document number is its number, or the ERP order is the one the export created.
        var refs = values.Select(v => v.OrderReference).OfType<string>().Distinct().ToList();
        var erpOrders = values.Select(v => v.ErpOrderNumber).OfType<string>().Distinct().ToList();
        var links = await Db.ErpOrderLinks.AsNoTracking()
            .Where(l => refs.Contains(l.OrderNumber) || erpOrders.Contains(l.ErpOrderNumber))
            .ToListAsync(ct);
        var candidates = refs.Concat(links.Select(l => l.OrderNumber)).Distinct().ToList();
        var portalOrders = (await Db.Orders().AsNoTracking()
                .Where(o => candidates.Contains(o.Number))
                .Select(o => new { o.Number, o.CompanyId, Lines = o.Lines.Select(l => new { l.ErpItemNumber, l.Quantity }).ToList() })
                .ToListAsync(ct))
            .ToDictionary(
                o => o.Number,
                o => (o.CompanyId, Ordered: (IReadOnlyDictionary<string, decimal>)o.Lines
                    .GroupBy(l => l.ErpItemNumber, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.OrdinalIgnoreCase)),
                StringComparer.Ordinal);

        // Every ERP shipment already kept for these orders (what they shipped so far) and any kept under these numbers.
        var orderNumbers = portalOrders.Keys.ToList();
        var numbers = values.Select(v => v.Number).ToList();
        var kept = await Db.Shipments.Include(s => s.Lines)
            .Where(s => s.ErpShipmentNumber != null && (orderNumbers.Contains(s.OrderNumber) || numbers.Contains(s.ErpShipmentNumber)))
            .ToListAsync(ct);
        var byNumber = kept.ToDictionary(s => s.ErpShipmentNumber!, StringComparer.Ordinal);
        var byOrder = kept.GroupBy(s => s.OrderNumber).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var failures = new List<RecordFailure>();
        var applied = new List<string>();
        var tell = new List<Shipment>();
        int created = 0, updated = 0, skipped = 0;
        foreach (var record in records.OrderBy(r => r.Value!.PostingDate).ThenBy(r => r.Value!.Number, StringComparer.Ordinal))
        {
            var v = record.Value!;
            if (!companies.TryGetValue(v.CustomerNumber, out var companyId))
            {
                failures.Add(new RecordFailure(v.Number, $"Unknown customer number {v.CustomerNumber} on shipment {v.Number}.", record.Payload));
                continue;
            }

            var orderNumber = v.OrderReference is { } r && portalOrders.ContainsKey(r)
                ? r
                : links.Find(l => v.ErpOrderNumber is not null && l.ErpOrderNumber == v.ErpOrderNumber && portalOrders.ContainsKey(l.OrderNumber))?.OrderNumber;
            if (orderNumber is null)
            {
                // Phone and EDI orders ship too; they are the ERP's business, not the portal's.
                skipped++;
                applied.Add(v.Number);
                continue;
            }

            var order = portalOrders[orderNumber];
            if (order.CompanyId != companyId)
            {
                failures.Add(new RecordFailure(v.Number,
                    $"Shipment {v.Number} is for customer {v.CustomerNumber}, but portal order {orderNumber} belongs to another customer.", record.Payload));
                continue;
            }

            byNumber.TryGetValue(v.Number, out var shipment);
            if (shipment is not null && shipment.OrderNumber != orderNumber)
            {
                failures.Add(new RecordFailure(v.Number,
                    $"Shipment {v.Number} was recorded for order {shipment.OrderNumber}; the ERP now names order {orderNumber}.", record.Payload));
                continue;
            }

            try
            {
                var lines = v.Lines.Select(l => new ShipmentLine(l.ItemNumber, l.Quantity, l.UnitOfMeasure)).ToList();
                var siblings = byOrder.TryGetValue(orderNumber, out var list) ? list : byOrder[orderNumber] = [];
                var completes = Covers(order.Ordered, siblings.Where(s => s != shipment).SelectMany(s => s.Lines).Concat(lines));
                var carrier = CarrierFor(v.ShippingAgentCode);
                if (shipment is null)
                {
                    shipment = Shipment.FromErp(v.Number, orderNumber, carrier, v.TrackingNumber, lines, completes, ShippedAt(v), now);
                    Db.Shipments.Add(shipment);
                    byNumber[v.Number] = shipment;
                    siblings.Add(shipment);
                    tell.Add(shipment);
                    created++;
                }
                else
                {
                    var (changed, tellOrder) = shipment.ApplyErp(carrier, v.TrackingNumber, lines, completes, now);
                    if (changed)
                    {
                        updated++;
                    }

                    if (tellOrder && !tell.Contains(shipment))
                    {
                        tell.Add(shipment);
                    }
                }

                applied.Add(v.Number);
            }
            catch (DomainException ex)
            {
                failures.Add(new RecordFailure(v.Number, $"Shipment {v.Number}: {ex.Message}", record.Payload));
            }
        }

        if (skipped > 0)
        {
            logger.LogInformation("{Job}: {Skipped} shipment(s) of orders not placed in the portal skipped", Name, skipped);
        }

        // Told inside the page's transaction, like invoices: if the page rolls back, the next run tells the order again
        // (the port is idempotent), and an order never shows a shipment the portal did not keep.
        foreach (var shipment in tell)
        {
            await orders.ShipmentChangedAsync(shipment.OrderNumber, shipment.ToNotice(), ct);
        }

        return new PageOutcome(created, updated, failures, applied);
    }

    /// <summary>
    /// The portal's carrier for the ERP's shipping agent: the configured mapping, else a courier adapter of that name,
    /// else the agent code itself (kept for the buyer to read, not tracked). No agent: empty.
    /// </summary>
    private string CarrierFor(string? agentCode)
    {
        if (agentCode is null)
        {
            return string.Empty;
        }

        foreach (var (code, carrier) in options.Value.ShippingAgents)
        {
            if (string.Equals(code, agentCode, StringComparison.OrdinalIgnoreCase))
            {
                return carrier;
            }
        }

        return couriers.FirstOrDefault(c => string.Equals(c.Carrier, agentCode, StringComparison.OrdinalIgnoreCase))?.Carrier ?? agentCode;
    }
}
