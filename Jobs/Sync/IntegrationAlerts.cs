using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Jobs.Sync;

/// <summary>When the Integration page raises its alarm (Jobs:Alerts).</summary>
public sealed class IntegrationAlertOptions
{
    /// <summary>A job whose latest runs all failed, this many of them in a row, is an alert.</summary>
    [Range(1, 100)]
    public int FailuresInARow { get; set; } = 3;

    /// <summary>More open dead letters (all jobs together) than this is an alert.</summary>
    [Range(0, 1_000_000)]
    public int DeadLetterThreshold { get; set; } = 10;
}

public sealed record IntegrationAlert(string Kind, string Subject, string Message);

/// <summary>
/// What needs an administrator now: a job that failed <see cref="IntegrationAlertOptions.FailuresInARow"/> times in a
/// row, or more open dead letters than <see cref="IntegrationAlertOptions.DeadLetterThreshold"/>. A few indexed reads
/// (the latest runs of each job, one count), cheap enough for every load of the page.
/// </summary>
public static class IntegrationAlerts
{
    public static async Task<IReadOnlyList<IntegrationAlert>> CurrentAsync(PortalDbContext db, IntegrationAlertOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var alerts = new List<IntegrationAlert>();
        foreach (var job in PortalJobCatalog.All.Select(j => j.Job).Distinct())
        {
            var latest = await db.SyncRuns.AsNoTracking().Where(r => r.JobName == job && r.Status != SyncRunStatus.Running)
                .OrderByDescending(r => r.Id).Take(options.FailuresInARow)
                .Select(r => new { r.Status, r.Error, r.StartedAt }).ToListAsync(ct);
            if (latest.Count == options.FailuresInARow && latest.All(r => r.Status == SyncRunStatus.Failed))
            {
                alerts.Add(new IntegrationAlert("FailingJob", job,
                    $"{job} failed {options.FailuresInARow} times in a row, the last at {latest[0].StartedAt:yyyy-MM-dd HH:mm} UTC: {latest[0].Error}"));
            }
        }

        var open = await db.DeadLetters.CountAsync(d => d.Status == DeadLetterStatus.Open, ct);
        if (open > options.DeadLetterThreshold)
        {
            alerts.Add(new IntegrationAlert("DeadLetters", "Dead letters",
                $"{open} records wait in the dead letters (alert above {options.DeadLetterThreshold}): retry them once the cause is fixed, or ignore them."));
        }

        return alerts;
    }
}
