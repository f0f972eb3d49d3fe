using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Runs whose process is gone (kill -9, a crash, a node lost from the cluster) would otherwise say "Running" for ever.
/// Each run records its node (<see cref="SyncNode"/>) and a heartbeat its node refreshes while it lives; a restarted node
/// ends its own leftovers at once, and every living node's heartbeat loop (<c>Jobs/Sync/SyncRunHeartbeat</c>) ends, each
/// minute, any run whose heartbeat went silent for <c>Jobs:RunHeartbeatTimeoutMinutes</c>: a dead node's runs show
/// Interrupted within a minute of that timeout, not at the next night's housekeeping (which sweeps too, for a cluster
/// whose schedulers were all stopped).
/// </summary>
public sealed class SyncRunRecovery(PortalDbContext db, TimeProvider time)
{
    /// <summary>How often a living node refreshes its runs' heartbeat.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMinutes(1);

    /// <summary>At a node's start, before its scheduler runs anything: every run it still shows as running died with it.</summary>
    public async Task<int> InterruptOwnAsync(string node, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await InterruptAsync(db.SyncRuns.Where(r => r.Status == SyncRunStatus.Running && r.Node == node),
            r => $"Interrupted: the process running it on node {node} stopped (crash, kill or restart) before the run finished; " +
                 $"the node started again at {now:yyyy-MM-dd HH:mm:ss} UTC. What the run committed stays; the job's next run continues from there.",
            ct);
    }

    /// <summary>On a cluster: a run whose heartbeat is older than <paramref name="silence"/> has no process left.</summary>
    public async Task<int> InterruptSilentAsync(TimeSpan silence, CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - silence;
        return await InterruptAsync(
            db.SyncRuns.Where(r => r.Status == SyncRunStatus.Running && (r.HeartbeatAt ?? r.StartedAt) < cutoff),
            r => $"Interrupted: no sign of life from node {r.Node ?? "(unknown)"} since {r.HeartbeatAt ?? r.StartedAt:yyyy-MM-dd HH:mm:ss} UTC " +
                 $"(more than {silence.TotalMinutes:0} minutes), so its process is gone. What the run committed stays; the job's next run continues from there.",
            ct);
    }

    /// <summary>This node is alive: its running runs' heartbeat moves to now. One statement, on its own connection.</summary>
    public Task<int> BeatAsync(string node, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.SyncRuns.Where(r => r.Status == SyncRunStatus.Running && r.Node == node)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.HeartbeatAt, now), ct);
    }

    /// <summary>
    /// Ends each run the query finds. Every node of a cluster sweeps each minute, and a run's own process may yet finish
    /// it, so each run is ended by one conditional statement that checks again that it still matches (still running,
    /// still silent): two sweeping nodes end it once, and a run that finished meanwhile keeps its real outcome.
    /// </summary>
    private static async Task<int> InterruptAsync(IQueryable<SyncRun> runs, Func<SyncRun, string> reason, CancellationToken ct)
    {
        var found = await runs.AsNoTracking().ToListAsync(ct);
        var ended = 0;
        foreach (var run in found)
        {
            run.Interrupt(reason(run));
            ended += await runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, run.Status)
                .SetProperty(r => r.FinishedAt, run.FinishedAt)
                .SetProperty(r => r.Error, run.Error), ct);
        }

        return ended;
    }
}
