using System.Globalization;
using System.Text.Json;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Delivers the payments settlement matching applied (outbox <see cref="PaymentAppliedMessage"/>) to the ERP as customer
/// payment journal lines applied to their invoices, exactly once: before creating, it looks the line up by its
/// externalDocumentNumber (the portal's reference, B2B-PAY-…), so a retry after a lost answer links to the line the ERP
/// saved instead of adding a second. An undone match (<see cref="PaymentUndoneMessage"/>, queued behind) is skipped when
/// its payment had not gone yet; otherwise its line is deleted from the journal while nobody posted it, or, once the ERP
/// has it (the line is gone from the journal, or PaymentSync read it back), a reversing line is posted under
/// B2B-PAY-…-R, itself looked up first. The ERP being down defers the batch without counting; a refusal counts toward
/// dead-lettering (Jobs:PaymentExport, same rules as orders).
/// </summary>
public sealed class PaymentExporter(PortalDbContext db, IErpGateway erp, TimeProvider time, ILogger<PaymentExporter> logger)
{
    public const string Name = "PaymentExport";

    public const string AuditEntity = "ErpPayment";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TimeSpan _maxOutageBackoff = OrderExporter.DefaultMaxOutageBackoff;

    public async Task<SyncRun> RunAsync(int batchSize, int maxAttempts, TimeSpan maxOutageBackoff, CancellationToken ct)
    {
        _maxOutageBackoff = maxOutageBackoff;
        var run = new SyncRun(Name, time.GetUtcNow(), full: false);
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);
        try
        {
            string? stoppedBy = null;
            while (stoppedBy is null)
            {
                var now = time.GetUtcNow();
                var due = await db.OutboxMessages
                    .Where(m => (m.Type == PaymentAppliedMessage.Type || m.Type == PaymentUndoneMessage.Type)
                        && (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Failed) && m.NextAttemptAt <= now)
                    .OrderBy(m => m.Id).Take(batchSize).ToListAsync(ct);
                foreach (var message in due)
                {
                    stoppedBy = await SendAsync(message, run, maxAttempts, ct);
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
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Payment export failed");
            db.ChangeTracker.Clear();
            var reloaded = await db.SyncRuns.FindAsync([run.Id], ct) ?? run;
            reloaded.Fail(time.GetUtcNow(), ex.GetType().Name + ": " + ex.Message);
            await db.SaveChangesAsync(ct);
            return reloaded;
        }
    }

    /// <returns>Why the batch must stop (the ERP is unavailable), or null to go on.</returns>
    private async Task<string?> SendAsync(OutboxMessage message, SyncRun run, int maxAttempts, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var applied = message.Type == PaymentAppliedMessage.Type ? Read<PaymentAppliedMessage>(message) : null;
        var undone = message.Type == PaymentUndoneMessage.Type ? Read<PaymentUndoneMessage>(message) : null;
        var reference = applied?.Reference ?? undone?.Reference;
        var link = reference is null ? null : await db.Set<ErpPaymentLink>().SingleOrDefaultAsync(l => l.Reference == reference, ct);
        if (link is null)
        {
            message.AttemptFailed($"The message's payload is not a complete {message.Type} message of a known payment.", now, TimeSpan.Zero, maxAttempts: 0);
            run.Count(1, 0, 0, 1);
            await db.SaveChangesAsync(ct);
            return null;
        }

        try
        {
            if (applied is not null)
            {
                await ApplyAsync(message, applied, link, run, now, ct);
            }
            else
            {
                await UndoAsync(message, undone!, link, run, now, ct);
            }

            return null;
        }
        catch (ErpRejectedException ex)
        {
            message.AttemptFailed(ex.Message, time.GetUtcNow(), Backoff(message.Attempts), maxAttempts);
            run.Count(1, 0, 0, 1);
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (ErpUnavailableException ex)
        {
            var wait = ex.RetryAfter is { } after && after > TimeSpan.Zero ? after : TimeSpan.FromMinutes(1);
            message.Deferred(ex.Message, time.GetUtcNow() + (wait < _maxOutageBackoff ? wait : _maxOutageBackoff));
            run.Count(1, 0, 0, 1);
            await db.SaveChangesAsync(ct);
            return ex.Message;
        }
    }

    private async Task ApplyAsync(OutboxMessage message, PaymentAppliedMessage payment, ErpPaymentLink link, SyncRun run, DateTimeOffset now, CancellationToken ct)
    {
        // Undone while it waited: nothing to send. Whether the ERP has it all the same (an earlier try whose answer was lost)
        // is the undo message's to find out, queued behind.
        if (await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == PaymentUndoneMessage.IdempotencyKey(payment.Reference), ct))
        {
            message.Succeeded(now);
            Audit(now, payment.CompanyId, payment.Reference, "Payment.ErpSkipped", "Not sent to the ERP: the match was undone before the payment went (the undo checks whether the ERP has it)");
            run.Count(1, 0, 0, 0);
            await db.SaveChangesAsync(ct);
            return;
        }

        var existing = await erp.FindCustomerPaymentAsync(payment.Reference, ct);
        var line = existing ?? await erp.CreateCustomerPaymentAsync(new ErpPaymentPosting(payment.Reference, payment.CustomerNumber, payment.PostingDate,
            -payment.Amount, payment.Currency, payment.InvoiceErpId, payment.InvoiceNumber, payment.Description), ct);
        link.Sent(line.JournalId, line.Id, existing is not null, now);
        message.Succeeded(now);
        Audit(now, payment.CompanyId, payment.Reference, "Payment.ErpSent", string.Create(CultureInfo.InvariantCulture,
            $"{payment.Amount:N2} {payment.Currency} applied to invoice {payment.InvoiceNumber} {(existing is null ? "posted into" : "found already in (an earlier answer was lost)")} the ERP's payment journal"));
        run.Count(1, existing is null ? 1 : 0, existing is null ? 0 : 1, 0);
        await db.SaveChangesAsync(ct);
    }

    private async Task UndoAsync(OutboxMessage message, PaymentUndoneMessage undone, ErpPaymentLink link, SyncRun run, DateTimeOffset now, CancellationToken ct)
    {
        (ErpPaymentState Outcome, string Text) result;
        if (link.State == ErpPaymentState.Queued)
        {
            // The export skipped the payment, or never confirmed it: only the ERP knows whether an earlier try got there.
            var found = await erp.FindCustomerPaymentAsync(link.Reference, ct);
            result = found is null
                ? (ErpPaymentState.Cancelled, "Undone before the payment reached the ERP: nothing was sent")
                : await WithdrawOrReverseAsync(found, undone, link, lostAnswer: true, ct);
        }
        else if (link.State == ErpPaymentState.Booked)
        {
            result = await ReverseAsync(undone, link, "the ERP had booked it", ct);
        }
        else
        {
            result = await WithdrawOrReverseAsync(new ErpPaymentLine(link.ErpJournalId!, link.ErpLineId!), undone, link, lostAnswer: false, ct);
        }

        link.Undone(result.Outcome, result.Text, now);
        message.Succeeded(now);
        Audit(now, undone.CompanyId, link.Reference, "Payment.ErpUndone", result.Text);
        run.Count(1, 0, result.Outcome == ErpPaymentState.Cancelled ? 0 : 1, 0);
        await db.SaveChangesAsync(ct);
    }

    private async Task<(ErpPaymentState, string)> WithdrawOrReverseAsync(ErpPaymentLine line, PaymentUndoneMessage undone, ErpPaymentLink link, bool lostAnswer, CancellationToken ct)
    {
        if (await erp.DeleteCustomerPaymentAsync(line, ct))
        {
            return (ErpPaymentState.Withdrawn, $"The payment line was deleted from the ERP's payment journal before anyone posted it{(lostAnswer ? " (the ERP had it although its answer was lost)" : "")}");
        }

        return await ReverseAsync(undone, link, "the line was no longer in the journal (posted)", ct);
    }

    private async Task<(ErpPaymentState, string)> ReverseAsync(PaymentUndoneMessage undone, ErpPaymentLink link, string why, CancellationToken ct)
    {
        var reference = link.ReversalReference;
        if (await erp.FindCustomerPaymentAsync(reference, ct) is null)
        {
            await erp.CreateCustomerPaymentAsync(new ErpPaymentPosting(reference, undone.CustomerNumber, undone.PostingDate, undone.Amount, undone.Currency,
                null, null, $"Reverses {link.Reference} (invoice {link.InvoiceNumber}): {undone.Reason}"), ct);
        }

        return (ErpPaymentState.Reversed, string.Create(CultureInfo.InvariantCulture,
            $"A reversing line {reference} of {undone.Amount:N2} {undone.Currency} was posted because {why}; unapply the payment from invoice {link.InvoiceNumber} in the ERP"));
    }

    private T? Read<T>(OutboxMessage message)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(message.Payload, Json);
        }
        catch (JsonException ex)
        {
            logger.LogError(ex, "Outbox message {Id} is not a {Type}", message.Id, message.Type);
            return null;
        }
    }

    private void Audit(DateTimeOffset at, int companyId, string reference, string action, string after) =>
        db.AuditEntries.Add(new AuditEntry(at, "system", "ERP export", companyId, AuditEntity, reference, action, null, after));

    /// <summary>After the ERP refused a payment: 1, 2, 4 … minutes, at most an hour.</summary>
    private static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Min(attempts, 6))));
}
