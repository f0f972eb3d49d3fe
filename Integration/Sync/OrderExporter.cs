using System.Text.Json;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Returns;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Delivers "order placed" outbox messages to the ERP as sales orders, exactly once: before creating, it looks the
/// order up by externalDocumentNumber = the portal's order number, so a retry after a lost response (the ERP created
/// the order, the answer never came) links to that order instead of creating a second. Each message is settled in its
/// own transaction. When the ERP is down the batch stops and the orders wait; buyers keep ordering. Only the ERP's
/// refusals of an order itself count toward dead-lettering: a failure of the ERP (unreachable, timeout, 5xx, 429, open
/// circuit) defers the order by at most a few minutes, and the first call the ERP answers again releases every order
/// it deferred, so they all go in that run.
/// "Order cancelled" messages take the order out of the ERP again; messages go in queue order, so a cancellation is
/// always handled after its order's placement, and a placement whose cancellation already waits is not sent at all.
/// "Return received" messages go the same way, as sales credit memos: looked up by externalDocumentNumber = the
/// portal's return number before one is created, so a lost answer never credits a customer twice.
/// </summary>
public sealed class OrderExporter(PortalDbContext db, IErpGateway erp, IOrderStatusUpdates orders, TimeProvider time, ILogger<OrderExporter> logger)
{
    public const string Name = "OrderExport";

    /// <summary>The longest an order waits between tries while the ERP is down, unless configured otherwise.</summary>
    public static readonly TimeSpan DefaultMaxOutageBackoff = TimeSpan.FromMinutes(3);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TimeSpan _maxOutageBackoff = DefaultMaxOutageBackoff;

    /// <summary>Whether the ERP answered a call in this run (a success or a refusal): it is up, deferred orders may go.</summary>
    private bool _erpAnswered;

    public Task<SyncRun> RunAsync(int batchSize, int maxAttempts, CancellationToken ct) => RunAsync(batchSize, maxAttempts, DefaultMaxOutageBackoff, ct);

    /// <param name="maxAttempts">Refusals of an order by the ERP before it is dead-lettered; outages never count.</param>
    /// <param name="maxOutageBackoff">The longest an order waits between tries while the ERP is unreachable or overloaded.</param>
    public async Task<SyncRun> RunAsync(int batchSize, int maxAttempts, TimeSpan maxOutageBackoff, CancellationToken ct)
    {
        _maxOutageBackoff = maxOutageBackoff;
        _erpAnswered = false;
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
        var released = false;
        while (stoppedBy is null)
        {
            var now = time.GetUtcNow();
            var due = await db.OutboxMessages
                .Where(m => (m.Type == OrderPlacedMessage.Type || m.Type == OrderCancelledMessage.Type || m.Type == ReturnReceivedMessage.Type)
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
                stoppedBy = message.Type switch
                {
                    OrderCancelledMessage.Type => await CancelAsync(message, run, maxAttempts, ct),
                    ReturnReceivedMessage.Type => await ExportCreditMemoAsync(message, run, maxAttempts, ct),
                    _ => await ExportAsync(message, run, maxAttempts, ct),
                };
                if (stoppedBy is not null)
                {
                    break;
                }
            }

            // The ERP answers again: the orders an outage deferred go now, in this run, not when their backoff ends.
            var releasedNow = false;
            if (_erpAnswered && !released)
            {
                released = true;
                releasedNow = await ReleaseDeferredAsync(ct) > 0;
            }

            if (due.Count < batchSize && !releasedNow)
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

        // Cancelled while its export waited: nothing to send. Whether the ERP has it all the same (an earlier try created
        // it and the answer was lost) is the cancellation's to find out and to say, queued behind.
        var cancelKey = OrderCancelledMessage.IdempotencyKey(order.OrderNumber);
        if (await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == cancelKey, ct))
        {
            message.Succeeded(now);
            db.AuditEntries.Add(new AuditEntry(now, "system", "ERP export", order.CompanyId, "Order", order.OrderNumber,
                "Order.ErpExportSkipped", null, CancelledOutcome.ExportSkipped));
            run.Count(1, 0, 0, 0);
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

            _erpAnswered = true;
            message.Succeeded(now);
            run.Count(1, existing is null ? 1 : 0, existing is null ? 0 : 1, 0);
            await orders.SubmittedToErpAsync(order.OrderNumber, erpOrder.Id, erpOrder.Number, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        catch (ErpRejectedException ex)
        {
            // The ERP says no (unknown customer or item, a validation rule): a counted attempt. Someone may fix the data in
            // the ERP meanwhile, so it is tried again, backing off, until Jobs:OrderExport:MaxAttempts refusals.
            return await RefusedAsync(message, run, ex.Message, maxAttempts, ct);
        }
        catch (ErpUnavailableException ex)
        {
            return await DeferAsync(message, run, ex, ct);
        }
    }

    /// <returns>Why the batch must stop (the ERP is unavailable), or null to go on.</returns>
    private async Task<string?> CancelAsync(OutboxMessage message, SyncRun run, int maxAttempts, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        OrderCancelledMessage? cancelled;
        try
        {
            cancelled = JsonSerializer.Deserialize<OrderCancelledMessage>(message.Payload, Json);
        }
        catch (JsonException ex)
        {
            cancelled = null;
            logger.LogError(ex, "Outbox message {Id} is not an order cancellation", message.Id);
        }

        if (cancelled is null || string.IsNullOrEmpty(cancelled.OrderNumber))
        {
            message.AttemptFailed("The message's payload is not a complete order.cancelled message.", now, TimeSpan.Zero, maxAttempts: 0);
            run.Count(1, 0, 0, 1);
            await db.SaveChangesAsync(ct);
            return null;
        }

        try
        {
            // The link is the export's record of what the ERP created; without one, ask the ERP (an export whose
            // answer was lost, or a cancellation racing the export).
            var link = await db.ErpOrderLinks.AsNoTracking().SingleOrDefaultAsync(l => l.OrderNumber == cancelled.OrderNumber, ct);
            var erpOrder = link is not null
                ? new ErpOrderReference(link.ErpOrderId, link.ErpOrderNumber)
                : cancelled.ErpOrderId is { } id ? new ErpOrderReference(id, cancelled.ErpOrderNumber ?? id) : await erp.FindSalesOrderAsync(cancelled.OrderNumber, ct);
            var deleted = erpOrder is not null && await erp.CancelSalesOrderAsync(erpOrder.Id, ct);

            _erpAnswered = true;
            message.Succeeded(now);
            var companyId = await db.Orders().Where(o => o.Number == cancelled.OrderNumber).Select(o => (int?)o.CompanyId).SingleOrDefaultAsync(ct);
            db.AuditEntries.Add(new AuditEntry(now, "system", "ERP export", companyId, "Order", cancelled.OrderNumber, "Order.ErpCancelled", null,
                CancelledOutcome.Describe(erpOrder?.Number, foundByLookup: link is null && cancelled.ErpOrderId is null, deleted)));
            run.Count(1, 0, erpOrder is null ? 0 : 1, 0);
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (ErpRejectedException ex)
        {
            // Typically the ERP has shipped or invoiced part of it: someone has to settle it there; the Integration page shows it.
            return await RefusedAsync(message, run, $"The ERP refused to cancel order {cancelled.OrderNumber}: {ex.Message}", maxAttempts, ct);
        }
        catch (ErpUnavailableException ex)
        {
            return await DeferAsync(message, run, ex, ct);
        }
    }

    /// <returns>Why the batch must stop (the ERP is unavailable), or null to go on.</returns>
    private async Task<string?> ExportCreditMemoAsync(OutboxMessage message, SyncRun run, int maxAttempts, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        ReturnReceivedMessage? received;
        try
        {
            received = JsonSerializer.Deserialize<ReturnReceivedMessage>(message.Payload, Json);
        }
        catch (JsonException ex)
        {
            received = null;
            logger.LogError(ex, "Outbox message {Id} is not a received return", message.Id);
        }

        if (received is null || string.IsNullOrEmpty(received.ReturnNumber) || string.IsNullOrEmpty(received.ErpCustomerNumber) || received.Lines is not { Count: > 0 })
        {
            message.AttemptFailed("The message's payload is not a complete return.received message.", now, TimeSpan.Zero, maxAttempts: 0);
            run.Count(1, 0, 0, 1);
            await db.SaveChangesAsync(ct);
            return null;
        }

        try
        {
            var existing = await erp.FindSalesCreditMemoAsync(received.ReturnNumber, ct);
            var memo = existing ?? await erp.CreateSalesCreditMemoAsync(received, ct);

            _erpAnswered = true;
            message.Succeeded(now);
            run.Count(1, existing is null ? 1 : 0, existing is null ? 0 : 1, 0);
            await ReturnCredits.SentToErpAsync(db, received.ReturnNumber, memo.Id, memo.Number, existing is not null, now, ct);
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (ErpRejectedException ex)
        {
            // Typically an item or customer the ERP blocks: someone fixes it there; the Integration page shows the message.
            return await RefusedAsync(message, run, $"The ERP refused the credit memo of return {received.ReturnNumber}: {ex.Message}", maxAttempts, ct);
        }
        catch (ErpUnavailableException ex)
        {
            return await DeferAsync(message, run, ex, ct);
        }
    }

    private async Task<string?> RefusedAsync(OutboxMessage message, SyncRun run, string error, int maxAttempts, CancellationToken ct)
    {
        _erpAnswered = true;
        message.AttemptFailed(error, time.GetUtcNow(), Backoff(message.Attempts), maxAttempts);
        run.Count(1, 0, 0, 1);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <returns>Why the batch stops: the ERP is unavailable, the orders behind this one would fail the same way.</returns>
    private async Task<string> DeferAsync(OutboxMessage message, SyncRun run, ErpUnavailableException ex, CancellationToken ct)
    {
        // The ERP's Retry-After is honoured up to the cap; without one, a minute. Never longer than the cap: the ERP may be
        // back long before an exponential backoff would look again.
        var wait = ex.RetryAfter is { } after && after > TimeSpan.Zero ? after : TimeSpan.FromMinutes(1);
        message.Deferred(ex.Message, time.GetUtcNow() + (wait < _maxOutageBackoff ? wait : _maxOutageBackoff));
        run.Count(1, 0, 0, 1);
        await db.SaveChangesAsync(ct);
        return ex.Message;
    }

    private Task<int> ReleaseDeferredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.OutboxMessages
            .Where(m => (m.Type == OrderPlacedMessage.Type || m.Type == OrderCancelledMessage.Type || m.Type == ReturnReceivedMessage.Type)
                && m.Status == OutboxStatus.Failed && m.AwaitingErp && m.NextAttemptAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, now), ct);
    }

    /// <summary>After the ERP refused an order: 1, 2, 4 … minutes, at most an hour.</summary>
    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Min(attempts, 6))));
}

/// <summary>What the audit trail says a cancellation did in the ERP: one text per case, so nobody reads "it never got there" of an order the ERP had.</summary>
public static class CancelledOutcome
{
    public const string ExportSkipped = "Not sent to the ERP: the order was cancelled while its export waited (its cancellation checks whether the ERP has it)";

    public const string NeverReachedErp = "Cancelled before it reached the ERP: the ERP has no sales order for it, nothing to delete";

    public static string Describe(string? erpOrderNumber, bool foundByLookup, bool deleted) => (erpOrderNumber, foundByLookup, deleted) switch
    {
        (null, _, _) => NeverReachedErp,
        (_, _, false) => $"Sales order {erpOrderNumber} was no longer in the ERP (deleted there already): nothing to delete",
        (_, true, true) => $"The ERP had the order although the portal had no answer (an export's reply was lost): sales order {erpOrderNumber} deleted in the ERP",
        (_, false, true) => $"The ERP had the order: sales order {erpOrderNumber} deleted in the ERP",
    };
}
