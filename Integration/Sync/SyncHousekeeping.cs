using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Keeps the sync tables from growing forever: runs older than the retention period go, except each job's latest ones
/// (so a job that runs once a month still shows its history), and so do dead letters that were closed (resolved or
/// ignored) before it. Open letters stay whatever their age: someone still has to decide about them. Set-based deletes,
/// a handful of statements however many rows there are. First it ends runs whose process is gone: "Running" with no
/// heartbeat for <c>runSilence</c> (a node of the cluster died mid-run and has not come back to say so). Last it brings
/// orders into line with their invoices (<see cref="OrderInvoicingCatchUp"/>), for installations migrated by script.
/// </summary>
public sealed class SyncHousekeeping(PortalDbContext db, SyncRunRecovery recovery, OrderInvoicingCatchUp invoicing, TimeProvider time, ILogger<SyncHousekeeping> logger)
{
    public const string Name = "SyncHousekeeping";

    public async Task<SyncRun> RunAsync(TimeSpan retention, int keepPerJob, TimeSpan runSilence, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepPerJob, 1);
        var run = new SyncRun(Name, time.GetUtcNow(), full: false);
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);
        try
        {
            var interrupted = await recovery.InterruptSilentAsync(runSilence, ct);
            var cutoff = time.GetUtcNow() - retention;
            var runs = 0;
            var jobs = await db.SyncRuns.Select(r => r.JobName).Distinct().ToListAsync(ct);
            foreach (var job in jobs)
            {
                // The oldest run this job keeps in any case; runs before it (ids grow with time) may go once old enough.
                var keepFrom = await db.SyncRuns.Where(r => r.JobName == job).OrderByDescending(r => r.Id)
                    .Skip(keepPerJob - 1).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
                if (keepFrom is not { } id)
                {
                    continue;
                }

                runs += await db.SyncRuns.Where(r => r.JobName == job && r.Id < id && r.StartedAt < cutoff).ExecuteDeleteAsync(ct);
            }

            var letters = await db.DeadLetters
                .Where(d => (d.Status == DeadLetterStatus.Resolved || d.Status == DeadLetterStatus.Ignored) && d.ClosedAt < cutoff)
                .ExecuteDeleteAsync(ct);

            logger.LogInformation("{Job}: marked {Interrupted} silent runs interrupted; deleted {Runs} sync runs and {Letters} closed dead letters older than {Cutoff:u}",
                Name, interrupted, runs, letters, cutoff);

            await invoicing.RunAsync(ct);

            // The run reports the rows it removed as "read" and the runs it ended as "updated": the page's own columns.
            run.Count(runs + letters, 0, interrupted, 0);
            run.Finish(time.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return run;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Job} failed", Name);
            db.ChangeTracker.Clear();
            var reloaded = await db.SyncRuns.FindAsync([run.Id], ct) ?? run;
            reloaded.Fail(time.GetUtcNow(), ex.GetType().Name + ": " + ex.Message);
            await db.SaveChangesAsync(ct);
            return reloaded;
        }
    }
}
