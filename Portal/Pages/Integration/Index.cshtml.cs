using System.Globalization;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Couriers.Dhl;
using B2BPortal.Integration.Erp;
using B2BPortal.Jobs;
using B2BPortal.Jobs.Sync;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace B2BPortal.Portal.Pages.Integration;

/// <summary>
/// Administrators: every sync schedule with its state and last runs (Run now, Pause, Resume), the outbox towards the ERP
/// (what waits while the ERP is down; retry), and the dead letters (retry, ignore).
/// </summary>
public sealed class IndexModel(
    PortalDbContext db,
    ISchedulerFactory schedulers,
    IOptions<JobsOptions> jobs,
    IOptions<ErpOptions> erp,
    IOptions<DhlOptions> dhl,
    TimeProvider time) : PageModel
{
    public sealed record ScheduleRow(string Schedule, string Job, string Description, string Cron, string State, DateTimeOffset? NextFire, bool PartnerConfigured, SyncRun? LastRun);

    public sealed record OutboxRow(long Id, string Type, string Key, OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, string? LastError);

    public IReadOnlyList<ScheduleRow> Schedules { get; private set; } = [];

    public IReadOnlyList<SyncRun> Runs { get; private set; } = [];

    public IReadOnlyList<OutboxRow> Outbox { get; private set; } = [];

    public IReadOnlyDictionary<OutboxStatus, int> OutboxCounts { get; private set; } = new Dictionary<OutboxStatus, int>();

    public DateTimeOffset? OldestWaiting { get; private set; }

    public IReadOnlyList<DeadLetter> DeadLetters { get; private set; } = [];

    public DateTimeOffset? StockAsOf { get; private set; }

    /// <summary>A job failing again and again, or dead letters piling up (Jobs:Alerts): the banner at the top.</summary>
    public IReadOnlyList<IntegrationAlert> Alerts { get; private set; } = [];

    /// <summary>How often the page reloads itself while "Auto-refresh" is on (integration-console.js).</summary>
    public const int RefreshSeconds = 30;

    public bool ErpConfigured => erp.Value.IsConfigured;

    public bool RunsInPortal => jobs.Value.RunInPortal;

    /// <summary>How long a running run's node may stay silent before a living node marks the run interrupted.</summary>
    public int RunHeartbeatTimeoutMinutes => jobs.Value.RunHeartbeatTimeoutMinutes;

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lastRuns = await db.SyncRuns.AsNoTracking()
            .GroupBy(r => r.JobName)
            .Select(g => g.OrderByDescending(r => r.Id).First())
            .ToListAsync(ct);
        var rows = new List<ScheduleRow>();
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var job in PortalJobCatalog.All)
        {
            ITrigger? trigger;
            string state;
            try
            {
                trigger = await scheduler.GetTrigger(job.TriggerKey, ct);
                state = trigger is null ? "Off" : (await scheduler.GetTriggerState(job.TriggerKey, ct)).ToString();
            }
            catch (SchedulerException ex)
            {
                // The worker has not created the job store yet (Jobs:RunInPortal=false and it never ran).
                trigger = null;
                state = "Unknown: " + ex.Message;
            }

            var cron = (trigger as ICronTrigger)?.CronExpressionString ?? jobs.Value.ScheduleFor(job).Cron ?? job.DefaultCron;
            var configured = job.Partner.IsConfigured(erp.Value, dhl.Value);
            rows.Add(new ScheduleRow(job.Schedule, job.Job, job.Description, cron, state, trigger?.NextFireTimeUtc, configured,
                lastRuns.FirstOrDefault(r => r.JobName == job.Job && r.Full == job.Full) ?? lastRuns.FirstOrDefault(r => r.JobName == job.Job)));
        }

        Schedules = rows;
        Alerts = await IntegrationAlerts.CurrentAsync(db, jobs.Value.Alerts, ct);
        StockAsOf = await SyncFreshness.StockAsOfAsync(db, ct);
        Runs = await db.SyncRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(30).ToListAsync(ct);
        OutboxCounts = (await db.OutboxMessages.AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        Outbox = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status != OutboxStatus.Done)
            .OrderBy(m => m.Id)
            .Take(100)
            .Select(m => new OutboxRow(m.Id, m.Type, m.IdempotencyKey, m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.LastError))
            .ToListAsync(ct);
        OldestWaiting = Outbox.Where(m => m.Status is OutboxStatus.Pending or OutboxStatus.Failed).Select(m => (DateTimeOffset?)m.CreatedAt).Min();
        DeadLetters = await db.DeadLetters.AsNoTracking()
            .Where(d => d.Status == DeadLetterStatus.Open || d.Status == DeadLetterStatus.RetryRequested)
            .OrderByDescending(d => d.Id)
            .Take(100)
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostRunNowAsync(string schedule, CancellationToken ct)
    {
        var job = Find(schedule);
        var scheduler = await schedulers.GetScheduler(ct);
        var data = new JobDataMap { [StockSyncJob.FullKey] = job.Full ? "true" : "false" };
        await scheduler.TriggerJob(job.JobKey, data, ct);
        await AuditAsync("Job", job.Schedule, "RunNow", ct);
        TempData["Flash"] = RunsInPortal
            ? $"{job.Schedule} was started; its run appears below when it finishes."
            : $"{job.Schedule} was queued for the Jobs worker.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPauseAsync(string schedule, CancellationToken ct)
    {
        var job = Find(schedule);
        await (await schedulers.GetScheduler(ct)).PauseTrigger(job.TriggerKey, ct);
        await AuditAsync("Job", job.Schedule, "Paused", ct);
        TempData["Flash"] = $"{job.Schedule} is paused.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResumeAsync(string schedule, CancellationToken ct)
    {
        var job = Find(schedule);
        await (await schedulers.GetScheduler(ct)).ResumeTrigger(job.TriggerKey, ct);
        await AuditAsync("Job", job.Schedule, "Resumed", ct);
        TempData["Flash"] = $"{job.Schedule} runs on schedule again.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryOutboxAsync(long id, CancellationToken ct)
    {
        var message = await db.OutboxMessages.FindAsync([id], ct);
        if (message is null)
        {
            return NotFound();
        }

        message.Retry(time.GetUtcNow());
        Audit("OutboxMessage", message.IdempotencyKey, "Retry");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"{message.IdempotencyKey} will be sent on the next {(message.Type.StartsWith("settlement.", StringComparison.Ordinal) ? "PaymentExport" : "OrderExport")} run.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryDeadLetterAsync(long id, CancellationToken ct)
    {
        var letter = await db.DeadLetters.FindAsync([id], ct);
        if (letter is null)
        {
            return NotFound();
        }

        letter.RequestRetry();
        Audit("DeadLetter", letter.Id.ToString(CultureInfo.InvariantCulture), "Retry");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"{letter.JobName} fetches {letter.RecordKey} again on its next run.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostIgnoreDeadLetterAsync(long id, CancellationToken ct)
    {
        var letter = await db.DeadLetters.FindAsync([id], ct);
        if (letter is null)
        {
            return NotFound();
        }

        letter.Ignore(time.GetUtcNow(), User.ToActor().UserId);
        Audit("DeadLetter", letter.Id.ToString(CultureInfo.InvariantCulture), "Ignored");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"{letter.RecordKey} is ignored.";
        return RedirectToPage();
    }

    /// <summary>Retry many dead letters at once (the ticked rows); each is audited like a single retry.</summary>
    public async Task<IActionResult> OnPostRetryDeadLettersAsync(long[] ids, CancellationToken ct)
    {
        var letters = await SelectedAsync(ids, ct);
        if (letters is null)
        {
            return RedirectToPage();
        }

        foreach (var letter in letters.Where(l => l.Status != DeadLetterStatus.Resolved))
        {
            letter.RequestRetry();
            Audit("DeadLetter", letter.Id.ToString(CultureInfo.InvariantCulture), "Retry");
        }

        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"{letters.Count} dead letter(s) will be fetched again on their jobs' next runs.";
        return RedirectToPage();
    }

    /// <summary>Ignore many dead letters at once (the ticked rows); each is audited like a single ignore.</summary>
    public async Task<IActionResult> OnPostIgnoreDeadLettersAsync(long[] ids, CancellationToken ct)
    {
        var letters = await SelectedAsync(ids, ct);
        if (letters is null)
        {
            return RedirectToPage();
        }

        var now = time.GetUtcNow();
        var by = User.ToActor().UserId;
        foreach (var letter in letters)
        {
            letter.Ignore(now, by);
            Audit("DeadLetter", letter.Id.ToString(CultureInfo.InvariantCulture), "Ignored");
        }

        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"{letters.Count} dead letter(s) ignored.";
        return RedirectToPage();
    }

    /// <summary>The open (or retry-requested) letters among the ticked ids; null, with a message, when none is ticked.</summary>
    private async Task<List<DeadLetter>?> SelectedAsync(long[]? ids, CancellationToken ct)
    {
        var wanted = (ids ?? []).Distinct().Take(MaxBulk).ToList();
        if (wanted.Count == 0)
        {
            TempData["Flash"] = "Tick the dead letters first: nothing was changed.";
            return null;
        }

        return await db.DeadLetters.Where(d => wanted.Contains(d.Id) && (d.Status == DeadLetterStatus.Open || d.Status == DeadLetterStatus.RetryRequested)).ToListAsync(ct);
    }

    /// <summary>The page lists at most this many dead letters, so a bulk action never takes more.</summary>
    public const int MaxBulk = 100;

    public static string Describe(OutboxRow row) => row.Type switch
    {
        OrderPlacedMessage.Type => "Order " + row.Key[(OrderPlacedMessage.Type.Length + 1)..],
        OrderCancelledMessage.Type => "Cancel order " + row.Key[(OrderCancelledMessage.Type.Length + 1)..],
        PaymentAppliedMessage.Type => "Payment " + row.Key[(PaymentAppliedMessage.Type.Length + 1)..] + " to the ERP's payment journal",
        PaymentUndoneMessage.Type => "Undo payment " + row.Key[(PaymentUndoneMessage.Type.Length + 1)..] + " in the ERP",
        _ => row.Key,
    };

    private static JobDefinition Find(string schedule) =>
        PortalJobCatalog.Find(schedule) ?? throw new Domain.Common.DomainException($"There is no schedule '{schedule}'.");

    private void Audit(string entity, string id, string action)
    {
        var actor = User.ToActor();
        db.AuditEntries.Add(new AuditEntry(time.GetUtcNow(), actor.UserId, actor.DisplayName, null, entity, id, action, null, null));
    }

    private async Task AuditAsync(string entity, string id, string action, CancellationToken ct)
    {
        Audit(entity, id, action);
        await db.SaveChangesAsync(ct);
    }
}
