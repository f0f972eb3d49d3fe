using System.Text.Json;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Delivers "order placed" outbox messages to the ERP as sales orders, exactly once: before creating, it looks the
/// order up by externalDocumentNumber = the portal's order number, so a retry after a lost response (the ERP created
/// the order, the answer never came) links to that order instead of creating a second. Each message is settled in its
/// own transaction. When the ERP is down the batch stops and the orders wait, backing off; buyers keep ordering.
/// </summary>
public sealed class OrderExporter(PortalDbContext db, IErpGateway erp, IOrderStatusUpdates orders, TimeProvider time, ILogger<OrderExporter> logger)
{
    public const string Name = "OrderExport";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SyncRun> RunAsync(int batchSize, int maxAttempts, CancellationToken ct)
    {
        var run = new SyncRun(Name, time.GetUtcNow(), full: false);
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);

        try
        {
            return await ExportDueAsync(run, batchSize, maxAttempts, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Something other than the ERP failed (the database, the order workflow): the message stays pending.
            logger.LogError(ex, "Order export failed");
            db.ChangeTracker.Clear();
            var reloaded = await db.SyncRuns.FindAsync([run.Id], ct) ?? run;
            reloaded.Fail(time.GetUtcNow(), ex.GetType().Name + ": " + ex.Message);
            await db.SaveChangesAsync(ct);
            return reloaded;
        }
    }

    private async Task<SyncRun> ExportDueAsync(SyncRun run, int batchSize, int maxAttempts, CancellationToken ct)
    {
        string? stoppedBy = null;
        while (stoppedBy is null)
        {
            var now = time.GetUtcNow();
            var due = await db.OutboxMessages
                .Where(m => m.Type == OrderPlacedMessage.Type
                    && (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Failed)
                    && m.NextAttemptAt <= now)
                .OrderBy(m => m.Id)
                .Take(batchSize)
                .ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }

            foreach (var message in due)
            {
                stoppedBy = await ExportAsync(message, run, maxAttempts, ct);
                if (stoppedBy is not null)
                {
                    break;
                }
            }

            if (due.Count < batchSize)
            {
                break;
            }
        }

        if (stoppedBy is null)
        {
            run.Finish(time.GetUtcNow());
        }
        else
        {
            run.Fail(time.GetUtcNow(), stoppedBy);
        }

        await db.SaveChangesAsync(ct);
        return run;
    }

    /// <returns>Why the batch must stop (the ERP is unavailable), or null to go on.</returns>
    private async Task<string?> ExportAsync(OutboxMessage message, SyncRun run, int maxAttempts, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        OrderPlacedMessage? order;
        try
        {
            order = JsonSerializer.Deserialize<OrderPlacedMessage>(message.Payload, Json);
        }
        catch (JsonException ex)
        {
            order = null;
            logger.LogError(ex, "Outbox message {Id} is not an order", message.Id);
        }

        if (order is null || string.IsNullOrEmpty(order.OrderNumber) || order.Lines is not { Count: > 0 })
        {
            message.AttemptFailed("The message's payload is not a complete order.placed message.", now, TimeSpan.Zero, maxAttempts: 0);
            run.Count(1, 0, 0, 1);
            await db.SaveChangesAsync(ct);
            return null;
        }

        try
        {
            var existing = await erp.FindSalesOrderAsync(order.OrderNumber, ct);
            var erpOrder = existing ?? await erp.CreateSalesOrderAsync(order, ct);

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await db.ErpOrderLinks.FindAsync([order.OrderNumber], ct) is null)
            {
                db.ErpOrderLinks.Add(new ErpOrderLink(order.OrderNumber, erpOrder.Id, erpOrder.Number, now, foundExisting: existing is not null));
            }

            message.Succeeded(now);
            run.Count(1, existing is null ? 1 : 0, existing is null ? 0 : 1, 0);
            await orders.SubmittedToErpAsync(order.OrderNumber, erpOrder.Id, erpOrder.Number, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        catch (ErpRejectedException ex)
        {
            // The ERP says no (unknown customer or item, a validation rule): trying again changes nothing until someone acts.
            message.AttemptFailed(ex.Message, now, TimeSpan.Zero, maxAttempts: 0);
            run.Count(1, 0, 0, 1);
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (ErpUnavailableException ex)
        {
            message.AttemptFailed(ex.Message, now, ex.RetryAfter ?? Backoff(message.Attempts), maxAttempts);
            run.Count(1, 0, 0, 1);
            await db.SaveChangesAsync(ct);
            return ex.Message;
        }
    }

    /// <summary>1, 2, 4 … minutes, at most an hour.</summary>
    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Min(attempts, 6))));
}
