using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace B2BPortal.Tests.Sync;

public sealed class SyncHousekeepingTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Old_runs_and_closed_dead_letters_go_but_each_jobs_latest_runs_and_open_letters_stay(DatabaseProvider provider)
    {
        var now = new DateTimeOffset(2026, 11, 26, 3, 15, 0, TimeSpan.Zero);
        var old = now.AddDays(-40);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateContext())
        {
            // StockSync: 25 old runs, then 5 recent ones. InvoiceSync: 3 old runs only. PaymentSync: 22 recent runs.
            for (var i = 0; i < 25; i++)
            {
                await AddRunAsync(db, "StockSync", old.AddHours(i));
            }

            for (var i = 0; i < 5; i++)
            {
                await AddRunAsync(db, "StockSync", now.AddDays(-1).AddHours(i));
            }

            for (var i = 0; i < 3; i++)
            {
                await AddRunAsync(db, "InvoiceSync", old.AddMinutes(i));
            }

            for (var i = 0; i < 22; i++)
            {
                await AddRunAsync(db, "PaymentSync", now.AddDays(-2).AddMinutes(i));
            }

            var resolvedOld = Letter("A", old);
            resolvedOld.Resolve(old.AddDays(1));
            var ignoredOld = Letter("B", old);
            ignoredOld.Ignore(old.AddDays(1), "admin");
            var resolvedRecent = Letter("C", old);
            resolvedRecent.Resolve(now.AddDays(-5));
            var openOld = Letter("D", old);
            var retryOld = Letter("E", old);
            retryOld.RequestRetry();
            db.DeadLetters.AddRange(resolvedOld, ignoredOld, resolvedRecent, openOld, retryOld);
            await db.SaveChangesAsync();
        }

        await using var services = database.CreateServices(s => s.AddScoped<SyncRunRecovery>(), new FakeTimeProvider(now));
        await using var scope = services.CreateAsyncScope();
        var run = await ActivatorUtilities.CreateInstance<SyncHousekeeping>(scope.ServiceProvider).RunAsync(TimeSpan.FromDays(30), 20, TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Equal((SyncRunStatus.Succeeded, 10 + 2), (run.Status, run.Read));
        await using (var db = database.CreateContext())
        {
            var counts = await db.SyncRuns.GroupBy(r => r.JobName).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
            Assert.Equal(20, counts["StockSync"]);
            Assert.Equal(3, counts["InvoiceSync"]);
            Assert.Equal(22, counts["PaymentSync"]);
            Assert.Equal(1, counts[SyncHousekeeping.Name]);

            // The StockSync runs kept are its newest 20: the five recent ones and the 15 newest old ones.
            var oldestKept = await db.SyncRuns.Where(r => r.JobName == "StockSync").MinAsync(r => r.Id);
            var oldestKeptStart = (await db.SyncRuns.AsNoTracking().SingleAsync(r => r.Id == oldestKept)).StartedAt;
            Assert.Equal(old.AddHours(10), oldestKeptStart);
            Assert.Equal(["C", "D", "E"], await db.DeadLetters.OrderBy(d => d.RecordKey).Select(d => d.RecordKey).ToListAsync());
        }
    }

    private static async Task AddRunAsync(PortalDbContext db, string job, DateTimeOffset at)
    {
        var run = new SyncRun(job, at, full: false);
        run.Finish(at.AddSeconds(3));
        db.SyncRuns.Add(run);

        // One at a time, so ids follow start times as they do in production.
        await db.SaveChangesAsync();
    }

    private static DeadLetter Letter(string key, DateTimeOffset at) => new("StockSync", key, "Unknown item number.", "{}", at);
}
