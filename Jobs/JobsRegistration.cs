using System.ComponentModel.DataAnnotations;
using B2BPortal.Integration.Couriers.Dhl;
using B2BPortal.Integration.Credit;
using B2BPortal.Integration.Quotes;
using B2BPortal.Integration.Erp;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace B2BPortal.Jobs;

/// <summary>The <c>Jobs</c> configuration section (README: Configuration).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the scheduler inside the Portal process (default). Set false and run <c>dotnet run --project Jobs</c> instead.</summary>
    public bool RunInPortal { get; set; } = true;

    /// <summary>Scheduler threads: jobs that may run at the same time.</summary>
    [Range(1, 20)]
    public int ThreadCount { get; set; } = 4;

    /// <summary>Per schedule (see <see cref="PortalJobCatalog"/>): enabled and a Quartz cron expression. Missing ones take the defaults.</summary>
    public Dictionary<string, JobScheduleOptions> Schedules { get; set; } = [];

    public OrderExportOptions OrderExport { get; set; } = new();

    public ShipmentTrackingOptions ShipmentTracking { get; set; } = new();

    /// <summary>SyncHousekeeping deletes sync runs, and resolved or ignored dead letters, older than this.</summary>
    [Range(1, 3650)]
    public int RunRetentionDays { get; set; } = 30;

    /// <summary>Runs of each job kept whatever their age.</summary>
    [Range(1, 10_000)]
    public int RunsKeptPerJob { get; set; } = 20;

    /// <summary>
    /// This scheduler process's name on the runs it starts; restarted, it marks its own runs left "Running" interrupted.
    /// Empty: the machine name. Two scheduler processes on one machine need different ids.
    /// </summary>
    [StringLength(Domain.Sync.SyncRun.NodeMaxLength)]
    public string? NodeId { get; set; }

    /// <summary>
    /// A "Running" run whose node's heartbeat (every minute) has been silent this long is marked interrupted by the
    /// heartbeat loop of any living node, within a minute (and by the nightly SyncHousekeeping).
    /// </summary>
    [Range(3, 24 * 60)]
    public int RunHeartbeatTimeoutMinutes { get; set; } = 10;

    /// <summary>When the Integration page shows its alert banner.</summary>
    public Sync.IntegrationAlertOptions Alerts { get; set; } = new();

    public JobScheduleOptions ScheduleFor(JobDefinition job) =>
        Schedules.TryGetValue(job.Schedule, out var s) ? s : new JobScheduleOptions();
}

public sealed class JobScheduleOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Quartz cron (seconds first), e.g. <c>0 0/5 * * * ?</c>; empty takes the job's default.</summary>
    public string? Cron { get; set; }
}

public sealed class OrderExportOptions
{
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Refusals of an order by the ERP (a 4xx on its content: unknown customer or item, a validation rule) before it is
    /// dead-lettered; tries in between back off 1, 2, 4 … minutes. Failures of the ERP itself never count.
    /// </summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The longest an order waits between tries while the ERP is unreachable or overloaded (Retry-After is honoured up to it).</summary>
    [Range(10, 3600)]
    public int MaxOutageBackoffSeconds { get; set; } = 180;
}

public sealed class ShipmentTrackingOptions
{
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    [Range(1, 24 * 60)]
    public int PollIntervalMinutes { get; set; } = 120;
}

/// <summary>Checks every schedule's name and cron at start, so a typo fails the start, not the first firing.</summary>
internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, schedule) in options.Schedules)
        {
            if (PortalJobCatalog.Find(key) is null)
            {
                errors.Add($"Jobs:Schedules:{key} is not a known schedule. Known: {string.Join(", ", PortalJobCatalog.All.Select(j => j.Schedule))}.");
            }
            else if (!string.IsNullOrWhiteSpace(schedule.Cron) && !CronExpression.TryParse(schedule.Cron, out _))
            {
                errors.Add($"Jobs:Schedules:{key}:Cron '{schedule.Cron}' is not a Quartz cron expression (seconds minutes hours day month weekday).");
            }
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, true);
        Validator.TryValidateObject(options.OrderExport, new ValidationContext(options.OrderExport), results, true);
        Validator.TryValidateObject(options.ShipmentTracking, new ValidationContext(options.ShipmentTracking), results, true);
        Validator.TryValidateObject(options.Alerts, new ValidationContext(options.Alerts), results, true);
        errors.AddRange(results.Select(r => "Jobs: " + r.ErrorMessage));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class JobsRegistration
{
    /// <summary>
    /// Registers Quartz on its ADO.NET store in the portal's own database (schema created at start when missing;
    /// clustered on PostgreSQL and SQL Server), the partner clients and every portal job. With
    /// <paramref name="runScheduler"/> false (the Portal when Jobs:RunInPortal=false) the scheduler is registered but never
    /// started: the Integration page still pauses, resumes and triggers through the shared store, and the worker runs them.
    /// </summary>
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, IConfiguration configuration, string contentRoot, bool runScheduler)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        services.AddPartnerSync(configuration);
        services.AddCreditReview(configuration);
        services.AddQuoteExpiry(configuration);

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = "B2BPortal");
            q.UseDefaultThreadPool(jobs.ThreadCount);
            q.UsePersistentStore(s =>
            {
                s.ProvisionSchema();
                switch (database.Provider)
                {
                    case DatabaseProvider.Sqlite:
                        s.UseSqlite(DatabaseRegistration.ResolveSqlitePath(database.ConnectionString, contentRoot));
                        break;
                    case DatabaseProvider.PostgreSQL:
                        s.UsePostgres(database.ConnectionString);
                        s.UseClustering();
                        break;
                    case DatabaseProvider.SqlServer:
                        s.UseSqlServer(database.ConnectionString);
                        s.UseClustering();
                        break;
                }
            });
        });

        if (runScheduler)
        {
            if (!string.IsNullOrWhiteSpace(jobs.NodeId))
            {
                Domain.Sync.SyncNode.Use(jobs.NodeId);
            }

            // Before the scheduler: this node's runs left "Running" by its previous life are ended before new ones start.
            services.AddHostedService<Sync.SyncRunHeartbeat>();
            services.AddHostedService<JobScheduleSetup>();
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }

        return services;
    }
}

/// <summary>
/// Brings the stored schedule in line with configuration at start: every enabled schedule's trigger is (re)written with
/// its cron, disabled ones are removed. A pause an administrator set survives restarts.
/// </summary>
internal sealed class JobScheduleSetup(ISchedulerFactory factory, IOptions<JobsOptions> options, IOptions<ErpOptions> erp, IOptions<DhlOptions> dhl, ILogger<JobScheduleSetup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        foreach (var job in PortalJobCatalog.All.GroupBy(j => j.Job).Select(g => g.First()))
        {
            var detail = JobBuilder.Create().OfType(job.JobType).WithIdentity(job.JobKey).WithDescription(job.Description).StoreDurably().Build();
            await scheduler.AddJob(detail, AddJobOptions.Replacing, cancellationToken);
        }

        foreach (var job in PortalJobCatalog.All)
        {
            var schedule = options.Value.ScheduleFor(job);
            var existing = await scheduler.GetTrigger(job.TriggerKey, cancellationToken);
            var partnerConfigured = job.Partner.IsConfigured(erp.Value, dhl.Value);
            if (!schedule.Enabled || !partnerConfigured)
            {
                if (existing is not null)
                {
                    await scheduler.UnscheduleJob(job.TriggerKey, cancellationToken);
                }

                logger.LogInformation("Schedule {Schedule} is off ({Reason})", job.Schedule, partnerConfigured ? "disabled" : $"{job.Partner} not configured");
                continue;
            }

            var cron = string.IsNullOrWhiteSpace(schedule.Cron) ? job.DefaultCron : schedule.Cron;
            if (existing is ICronTrigger current && current.CronExpressionString == cron)
            {
                continue;
            }

            var trigger = TriggerBuilder.Create()
                .WithIdentity(job.TriggerKey)
                .ForJob(job.JobKey)
                .WithDescription(job.Description)
                .UsingJobData(Sync.StockSyncJob.FullKey, job.Full ? "true" : "false")
                .WithSchedule(CronScheduleBuilder.Create(cron).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
                .Build();
            if (existing is null)
            {
                // Replacing: two nodes starting together may both find no trigger; the second simply writes the same one.
                await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken);
            }
            else
            {
                await scheduler.RescheduleJob(job.TriggerKey, trigger, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
