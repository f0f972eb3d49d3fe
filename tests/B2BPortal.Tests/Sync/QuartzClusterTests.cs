using System.Collections.Concurrent;
using B2BPortal.Integration.Persistence;
using B2BPortal.Jobs;
using B2BPortal.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace B2BPortal.Tests.Sync;

/// <summary>Two Portal nodes (two schedulers, the portal's own Quartz configuration) on one PostgreSQL (or SQL Server) database.</summary>
public sealed class QuartzClusterTests
{
    private static readonly ConcurrentQueue<(string Node, DateTimeOffset Scheduled)> Firings = new();

    /// <summary>The providers whose Quartz store is clustered: PostgreSQL, and SQL Server where one is configured.</summary>
    public static TheoryData<DatabaseProvider> Clustered =>
        SqlServerServer.Available ? new() { DatabaseProvider.PostgreSQL, DatabaseProvider.SqlServer } : new() { DatabaseProvider.PostgreSQL };

    [Theory]
    [MemberData(nameof(Clustered))]
    public async Task Two_clustered_schedulers_fire_each_trigger_firing_exactly_once(DatabaseProvider provider)
    {
        Firings.Clear();
        await using var database = await TestDatabase.CreateAsync(provider);
        using var nodeA = await StartNodeAsync(database);
        using var nodeB = await StartNodeAsync(database);
        var scheduler = await nodeA.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var idA = await scheduler.GetSchedulerInstanceId();
        var idB = await (await nodeB.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).GetSchedulerInstanceId();
        Assert.NotEqual(idA, idB);

        var job = JobBuilder.Create<CountingJob>().WithIdentity("counting", "test").StoreDurably().Build();
        var trigger = TriggerBuilder.Create().WithIdentity("every-300ms", "test").ForJob(job)
            .WithSimpleSchedule(TimeSpan.FromMilliseconds(300), 19).StartNow().Build();
        await scheduler.ScheduleJob(job, [trigger], cancellationToken: CancellationToken.None);

        for (var i = 0; i < 150 && Firings.Count < 20; i++)
        {
            await Task.Delay(100);
        }

        await nodeA.StopAsync();
        await nodeB.StopAsync();

        // 20 firings planned (the first and 19 repeats); each scheduled time ran on exactly one node.
        Assert.Equal(20, Firings.Count);
        Assert.Equal(20, Firings.Select(f => f.Scheduled).Distinct().Count());
        await using var db = database.CreateContext();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using var nodes = conn.CreateCommand();
        nodes.CommandText = "SELECT count(*) FROM qrtz_scheduler_state";
        Assert.Equal(2L, Convert.ToInt64(await nodes.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<IHost> StartNodeAsync(TestDatabase database)
    {
        var settings = new Dictionary<string, string?>(database.Settings);
        foreach (var job in PortalJobCatalog.All)
        {
            settings[$"Jobs:Schedules:{job.Schedule}:Enabled"] = "false";
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPortalDatabase(builder.Configuration, Path.GetTempPath());
        builder.Services.AddPortalJobs(builder.Configuration, Path.GetTempPath(), runScheduler: true);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    [DisallowConcurrentExecution]
    public sealed class CountingJob : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            Firings.Enqueue((await context.Scheduler.GetSchedulerInstanceId(cancellationToken), context.ScheduledFireTimeUtc ?? context.FireTimeUtc));
        }
    }
}
