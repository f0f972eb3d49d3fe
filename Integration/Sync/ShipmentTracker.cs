using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Shipping;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Polls the courier for shipments still moving, stores new events, and tells the order when a shipment's state
/// changes (delivered drives the order's Delivered transition). Stops for the run when the courier refuses (DHL's
/// quota is per day), leaving the rest for the next run. Shipments without a tracking number, or of a carrier no courier
/// adapter is registered for, are never asked about.
/// </summary>
public sealed class ShipmentTracker(PortalDbContext db, IEnumerable<ICourierTracking> couriers, IOrderStatusUpdates orders, TimeProvider time, ILogger<ShipmentTracker> logger)
{
    public const string Name = "ShipmentTracking";

    public async Task<SyncRun> RunAsync(int batchSize, TimeSpan pollInterval, CancellationToken ct)
    {
        var run = new SyncRun(Name, time.GetUtcNow(), full: false);
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);
        var byCarrier = couriers.ToDictionary(c => c.Carrier, StringComparer.OrdinalIgnoreCase);
        var carriers = byCarrier.Keys.ToList();
        string? stoppedBy = null;
        try
        {
            var now = time.GetUtcNow();
            var due = await db.Shipments.Include(s => s.Events)
                .Where(s => (s.State == ShipmentState.PreTransit || s.State == ShipmentState.InTransit) && s.NextPollAt <= now
                    && s.TrackingNumber != null && carriers.Contains(s.Carrier))
                .OrderBy(s => s.NextPollAt)
                .Take(batchSize)
                .ToListAsync(ct);
            foreach (var shipment in due)
            {
                CourierTrackingResult? result;
                try
                {
                    result = await byCarrier[shipment.Carrier].TrackAsync(shipment.TrackingNumber!, ct);
                }
                catch (CourierUnavailableException ex)
                {
                    stoppedBy = ex.Message;
                    break;
                }

                now = time.GetUtcNow();
                if (result is null)
                {
                    shipment.PostponePoll(now + pollInterval);
                    run.Count(1, 0, 0, 0);
                }
                else
                {
                    var (added, changed) = shipment.Track(result.Events, result.State, result.TrackingUrl, now, pollInterval);
                    run.Count(1, added, changed ? 1 : 0, 0);
                    if (changed)
                    {
                        await orders.ShipmentChangedAsync(shipment.OrderNumber, shipment.ToNotice(), ct);
                    }
                }

                await db.SaveChangesAsync(ct);
            }

            if (stoppedBy is null)
            {
                run.Finish(time.GetUtcNow());
            }
            else
            {
                logger.LogWarning("Shipment tracking stopped: {Reason}", stoppedBy);
                run.Fail(time.GetUtcNow(), stoppedBy);
            }

            await db.SaveChangesAsync(ct);
            return run;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Shipment tracking failed");
            db.ChangeTracker.Clear();
            var reloaded = await db.SyncRuns.FindAsync([run.Id], ct) ?? run;
            reloaded.Fail(time.GetUtcNow(), ex.GetType().Name + ": " + ex.Message);
            await db.SaveChangesAsync(ct);
            return reloaded;
        }
    }
}
