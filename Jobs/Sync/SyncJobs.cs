using B2BPortal.Integration.Sync;
using Microsoft.Extensions.Options;
using Quartz;

namespace B2BPortal.Jobs.Sync;

// Thin jobs: each resolves its work class (Integration/Sync) in the job's own scope and runs it once. The work classes
// record their runs, counts and errors themselves; a job never throws for a partner failure, so Quartz's own retry
// machinery stays out of the way and the next firing simply starts from the committed watermark.

/// <summary>Items and stock. The nightly trigger passes <c>full=true</c> to read everything, not just the delta.</summary>
[DisallowConcurrentExecution]
public sealed class StockSyncJob(StockSync sync) : IJob
{
    public const string FullKey = "full";

    internal static bool IsFull(IJobExecutionContext context) =>
        context.MergedJobDataMap.TryGetString(FullKey, out var full) && bool.TryParse(full, out var value) && value;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await sync.RunAsync(IsFull(context), cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class CustomerSyncJob(CustomerSync sync) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await sync.RunAsync(StockSyncJob.IsFull(context), cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class InvoiceSyncJob(InvoiceSync sync) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await sync.RunAsync(StockSyncJob.IsFull(context), cancellationToken);
}

/// <summary>Posted sales credit memos: onto the buyers' statements, and the returns they credit.</summary>
[DisallowConcurrentExecution]
public sealed class CreditMemoSyncJob(CreditMemoSync sync) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await sync.RunAsync(StockSyncJob.IsFull(context), cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class PaymentSyncJob(PaymentSync sync) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await sync.RunAsync(StockSyncJob.IsFull(context), cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class OrderExportJob(OrderExporter exporter, IOptions<JobsOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await exporter.RunAsync(options.Value.OrderExport.BatchSize, options.Value.OrderExport.MaxAttempts,
            TimeSpan.FromSeconds(options.Value.OrderExport.MaxOutageBackoffSeconds), cancellationToken);
}

/// <summary>Payments matched in the portal from the outbox to the ERP's customer payment journal; same batch and retry rules as orders.</summary>
[DisallowConcurrentExecution]
public sealed class PaymentExportJob(PaymentExporter exporter, IOptions<JobsOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await exporter.RunAsync(options.Value.OrderExport.BatchSize, options.Value.OrderExport.MaxAttempts,
            TimeSpan.FromSeconds(options.Value.OrderExport.MaxOutageBackoffSeconds), cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class ShipmentTrackingJob(ShipmentTracker tracker, IOptions<JobsOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await tracker.RunAsync(options.Value.ShipmentTracking.BatchSize,
            TimeSpan.FromMinutes(options.Value.ShipmentTracking.PollIntervalMinutes), cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class ShipmentSyncJob(ShipmentSync sync) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await sync.RunAsync(StockSyncJob.IsFull(context), cancellationToken);
}

/// <summary>
/// Deletes old sync runs and closed dead letters (Jobs:RunRetentionDays, Jobs:RunsKeptPerJob). It also ends runs whose
/// node went silent (Jobs:RunHeartbeatTimeoutMinutes): every node's <see cref="SyncRunHeartbeat"/> does that each minute,
/// this catches them when no scheduler was running meanwhile.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SyncHousekeepingJob(SyncHousekeeping housekeeping, IOptions<JobsOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await housekeeping.RunAsync(TimeSpan.FromDays(options.Value.RunRetentionDays), options.Value.RunsKeptPerJob,
            TimeSpan.FromMinutes(options.Value.RunHeartbeatTimeoutMinutes), cancellationToken);
}
