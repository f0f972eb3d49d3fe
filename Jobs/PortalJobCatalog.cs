using B2BPortal.Jobs.Credit;
using B2BPortal.Jobs.Quotes;
using B2BPortal.Jobs.Sync;

namespace B2BPortal.Jobs;

/// <summary>
/// Every schedule the portal knows: a trigger name (the key under <c>Jobs:Schedules</c>), the job it fires, and its
/// defaults. Two schedules may share a job (the delta and the nightly full stock sync): the job's
/// [DisallowConcurrentExecution] then keeps them from overlapping.
/// </summary>
public static class PortalJobCatalog
{
    public const string Group = "portal";

    public static IReadOnlyList<JobDefinition> All { get; } =
    [
        new("StockSync", "StockSync", typeof(StockSyncJob), "0 0/5 * * * ?", "Item master data changed since the watermark, and the stock of items named by new item ledger entries.", Full: false, Partner.Erp),
        new("StockFullResync", "StockSync", typeof(StockSyncJob), "0 30 2 * * ?", "Every item and its stock, nightly.", Full: true, Partner.Erp),
        new("CustomerSync", "CustomerSync", typeof(CustomerSyncJob), "0 0/15 * * * ?", "Customers, credit limits, payment terms, blocked flag.", Full: false, Partner.Erp),
        new("OrderExport", "OrderExport", typeof(OrderExportJob), "0/30 * * * * ?", "Placed orders from the outbox to the ERP as sales orders (cancelled ones taken out again), and received returns as sales credit memos.", Full: false, Partner.Erp),
        new("PaymentExport", "PaymentExport", typeof(PaymentExportJob), "15/30 * * * * ?", "Payments matched in the portal from the outbox to the ERP's customer payment journal (Erp:PaymentJournalCode), applied to their invoices; undone matches withdrawn or reversed.", Full: false, Partner.Erp),
        new("InvoiceSync", "InvoiceSync", typeof(InvoiceSyncJob), "0 0/15 * * * ?", "Posted sales invoices.", Full: false, Partner.Erp),
        new("CreditMemoSync", "CreditMemoSync", typeof(CreditMemoSyncJob), "0 0/15 * * * ?", "Posted sales credit memos: onto the buyers' statements; a memo of a received portal return credits it.", Full: false, Partner.Erp),
        new("PaymentSync", "PaymentSync", typeof(PaymentSyncJob), "0 0/15 * * * ?", "Customer payments.", Full: false, Partner.Erp),
        new("ShipmentSync", "ShipmentSync", typeof(ShipmentSyncJob), "0 0/15 * * * ?", "Posted sales shipments: records each portal order's shipments and marks the order shipped.", Full: false, Partner.Erp),
        new("SyncHousekeeping", "SyncHousekeeping", typeof(SyncHousekeepingJob), "0 15 3 * * ?", "Deletes sync runs and closed dead letters older than Jobs:RunRetentionDays, keeping each job's latest runs; also marks runs whose node went silent interrupted (every node's heartbeat does so each minute).", Full: false, Partner.None),
        new("CreditReview", "CreditReview", typeof(CreditReviewJob), "0 30 5 * * ?", "Puts credit accounts with invoices overdue beyond their grace days on hold; releases those paid.", Full: false, Partner.None),
        new("QuoteExpiry", "QuoteExpiry", typeof(QuoteExpiryJob), "0 5 * * * ?", "Expires sent quotes past their valid-until; reminds buyers Quotes:ReminderDaysBefore days before.", Full: false, Partner.None),
        new("IntegrationAlerts", "IntegrationAlerts", typeof(IntegrationAlertJob), "0 0/5 * * * ?", "Mails the administrators when a job failed Jobs:Alerts:FailuresInARow times in a row or open dead letters exceed Jobs:Alerts:DeadLetterThreshold (each alert once a day while it lasts).", Full: false, Partner.None),
        new("ShipmentTracking", "ShipmentTracking", typeof(ShipmentTrackingJob), "0 0 * * * ?", "Courier events of shipments in transit (DHL allows 250 calls a day by default).", Full: false, Partner.Courier),
    ];

    public static JobDefinition? Find(string schedule) => All.FirstOrDefault(j => string.Equals(j.Schedule, schedule, StringComparison.Ordinal));
}

/// <param name="Schedule">The trigger's name and the configuration key.</param>
/// <param name="Job">The Quartz job's name; also the sync state's and runs' job name.</param>
public sealed record JobDefinition(string Schedule, string Job, Type JobType, string DefaultCron, string Description, bool Full, Partner Partner)
{
    public Quartz.JobKey JobKey => new(Job, PortalJobCatalog.Group);

    public Quartz.TriggerKey TriggerKey => new(Schedule, PortalJobCatalog.Group);
}

/// <summary>Which partner a job needs; a job whose partner is not configured stays unscheduled.</summary>
public enum Partner
{
    Erp,
    Courier,

    /// <summary>The portal's own housekeeping: always scheduled (unless disabled).</summary>
    None,
}

public static class PartnerConfiguration
{
    /// <summary>Whether the partner a job needs is configured, so the job may be scheduled.</summary>
    public static bool IsConfigured(this Partner partner, Integration.Erp.ErpOptions erp, Integration.Couriers.Dhl.DhlOptions dhl) => partner switch
    {
        Partner.Erp => erp.IsConfigured,
        Partner.Courier => dhl.IsConfigured,
        _ => true,
    };
}
