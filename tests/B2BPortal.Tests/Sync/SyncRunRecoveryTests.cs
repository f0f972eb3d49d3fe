using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Jobs;
using B2BPortal.Jobs.Sync;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace B2BPortal.Tests.Sync;

/// <summary>
/// A kill -9 mid-run leaves its SyncRun "Running"; the node's restart ends it, and on a cluster any living node's heartbeat
/// loop ends it within a minute of Jobs:RunHeartbeatTimeoutMinutes (housekeeping too, nightly).
/// </summary>
public sealed class SyncRunRecoveryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static async Task<long> AddRunAsync(PortalDbContext db, string job, DateTimeOffset startedAt, string? node, bool finished = false)
    {
        var run = new SyncRun(job, startedAt, full: false, node);
        if (finished)
        {
            run.Finish(startedAt.AddSeconds(5));
        }

        db.SyncRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_restarted_node_marks_its_own_runs_left_running_interrupted_before_its_scheduler_starts(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long killed, done, otherNode;
        await using (var db = database.CreateContext())
        {
            killed = await AddRunAsync(db, "StockSync", Now.AddMinutes(-20), node: null);
            done = await AddRunAsync(db, "CustomerSync", Now.AddMinutes(-30), node: null, finished: true);
            otherNode = await AddRunAsync(db, "OrderExport", Now.AddMinutes(-1), node: "another-node");
        }

        var clock = new FakeTimeProvider(Now);
        await using var services = database.CreateServices(s => s.AddScoped<SyncRunRecovery>(), clock);
        var heartbeat = Heartbeat(services, clock);
        await heartbeat.StartAsync(CancellationToken.None);
        await heartbeat.StopAsync(CancellationToken.None);

        await using (var db = database.CreateContext())
        {
            var runs = await db.SyncRuns.AsNoTracking().ToDictionaryAsync(r => r.Id);
            Assert.Equal(SyncRunStatus.Interrupted, runs[killed].Status);
            Assert.Equal(Now.AddMinutes(-20), runs[killed].FinishedAt);
            Assert.Contains($"on node {SyncNode.Id} stopped", runs[killed].Error, StringComparison.Ordinal);
            Assert.Equal(SyncRunStatus.Succeeded, runs[done].Status);
            Assert.Equal(SyncRunStatus.Running, runs[otherNode].Status);
        }
    }

    private static SyncRunHeartbeat Heartbeat(IServiceProvider services, TimeProvider clock, int timeoutMinutes = 10) =>
        new(services.GetRequiredService<IServiceScopeFactory>(), clock, Options.Create(new JobsOptions { RunHeartbeatTimeoutMinutes = timeoutMinutes }),
            NullLogger<SyncRunHeartbeat>.Instance);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_living_nodes_heartbeat_marks_a_dead_nodes_runs_interrupted_within_a_minute_of_the_timeout_without_waiting_for_housekeeping(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Now);
        await using var services = database.CreateServices(s => s.AddScoped<SyncRunRecovery>(), clock);
        var heartbeat = Heartbeat(services, clock, timeoutMinutes: 10);
        await heartbeat.StartAsync(CancellationToken.None);
        long lost, mine, finished;
        await using (var db = database.CreateContext())
        {
            // node-b was killed three minutes ago in mid-run: its last sign of life is the run's start.
            lost = await AddRunAsync(db, "StockSync", Now.AddMinutes(-3), node: "node-b");
            finished = await AddRunAsync(db, "CustomerSync", Now.AddHours(-2), node: "node-b", finished: true);
            // This node's own run goes on for longer than the timeout: its beats keep it alive.
            mine = await AddRunAsync(db, "OrderExport", Now, node: null);
        }

        var interruptedAfter = 0;
        for (var minute = 1; minute <= 12 && interruptedAfter == 0; minute++)
        {
            clock.Advance(SyncRunRecovery.HeartbeatInterval);
            await heartbeat.CurrentBeat;
            await using var db = database.CreateContext();
            if ((await db.SyncRuns.AsNoTracking().SingleAsync(r => r.Id == lost)).Status == SyncRunStatus.Interrupted)
            {
                interruptedAfter = minute;
            }
        }

        await heartbeat.StopAsync(CancellationToken.None);

        // Silent since Now-3: more than 10 minutes at Now+8, the first beat after Now+7.
        Assert.Equal(8, interruptedAfter);
        await using (var db = database.CreateContext())
        {
            var runs = await db.SyncRuns.AsNoTracking().ToDictionaryAsync(r => r.Id);
            Assert.Equal(Now.AddMinutes(-3), runs[lost].FinishedAt);
            Assert.Contains($"no sign of life from node node-b since {Now.AddMinutes(-3):yyyy-MM-dd HH:mm:ss} UTC (more than 10 minutes)",
                runs[lost].Error, StringComparison.Ordinal);
            Assert.Equal(SyncRunStatus.Succeeded, runs[finished].Status);
            Assert.Equal((SyncRunStatus.Running, Now.AddMinutes(8)), (runs[mine].Status, runs[mine].HeartbeatAt));
            Assert.DoesNotContain(runs.Values, r => r.JobName == SyncHousekeeping.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Housekeeping_ends_runs_whose_node_went_silent_and_spares_runs_whose_node_still_beats(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        long lost, alive;
        await using (var db = database.CreateContext())
        {
            lost = await AddRunAsync(db, "StockSync", Now.AddMinutes(-45), node: "node-b");
            alive = await AddRunAsync(db, "StockSync", Now.AddMinutes(-45), node: "node-c");
        }

        var clock = new FakeTimeProvider(Now.AddMinutes(-2));
        await using var services = database.CreateServices(s => s.AddScoped<SyncRunRecovery>(), clock);

        // node-c beat two minutes ago; node-b has not been heard of since its run started.
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<SyncRunRecovery>().BeatAsync("node-c", CancellationToken.None));
        }

        clock.SetUtcNow(Now);
        SyncRun housekeeping;
        await using (var scope = services.CreateAsyncScope())
        {
            housekeeping = await ActivatorUtilities.CreateInstance<SyncHousekeeping>(scope.ServiceProvider)
                .RunAsync(TimeSpan.FromDays(30), 20, TimeSpan.FromMinutes(10), CancellationToken.None);
        }

        Assert.Equal((SyncRunStatus.Succeeded, 1), (housekeeping.Status, housekeeping.Updated));
        await using (var db = database.CreateContext())
        {
            var runs = await db.SyncRuns.AsNoTracking().ToDictionaryAsync(r => r.Id);
            Assert.Equal(SyncRunStatus.Interrupted, runs[lost].Status);
            Assert.Contains("no sign of life from node node-b", runs[lost].Error, StringComparison.Ordinal);
            Assert.Equal(SyncRunStatus.Running, runs[alive].Status);
            Assert.Equal(Now.AddMinutes(-2), runs[alive].HeartbeatAt);
        }
    }
}
