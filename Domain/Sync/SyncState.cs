namespace B2BPortal.Domain.Sync;

/// <summary>
/// Where a sync job stands with its partner: the <see cref="Watermark"/> is the partner's last-modified time of the
/// newest record fully applied. It moves forward only in the same transaction as the records it covers, so a run that
/// fails halfway starts again from the last committed page: nothing is lost, and because applying a record twice
/// changes nothing, re-reading the boundary records repeats nothing either.
/// </summary>
public class SyncJobState
{
    public const int JobNameMaxLength = 100;

    private SyncJobState() { }

    public SyncJobState(string jobName) => JobName = jobName;

    public string JobName { get; private set; } = string.Empty;

    public DateTimeOffset? Watermark { get; private set; }

    public DateTimeOffset? LastFullSyncAt { get; private set; }

    public DateTimeOffset? LastSuccessAt { get; private set; }

    /// <summary>
    /// For jobs that follow a ledger (StockSync: the ERP's item ledger entries), the number of the newest entry fully
    /// applied. Entry numbers only grow, so "after this number" never skips an entry the way a time could.
    /// </summary>
    public long? LastEntryNumber { get; private set; }

    public void AdvanceEntry(long entryNumber)
    {
        if (LastEntryNumber is null || entryNumber > LastEntryNumber)
        {
            LastEntryNumber = entryNumber;
        }
    }

    public void Advance(DateTimeOffset? newestApplied)
    {
        if (newestApplied is { } at && (Watermark is null || at > Watermark))
        {
            Watermark = at;
        }
    }

    public void Completed(DateTimeOffset now, bool full)
    {
        LastSuccessAt = now;
        if (full)
        {
            LastFullSyncAt = now;
        }
    }

    /// <summary>An administrator's full resync: the next run reads everything.</summary>
    public void Reset() => Watermark = null;
}

public enum SyncRunStatus
{
    Running,
    Succeeded,

    /// <summary>The run finished but some records went to the dead-letter table.</summary>
    CompletedWithErrors,
    Failed,

    /// <summary>The process running it stopped (a crash, a kill, a lost node) before it finished; see <see cref="SyncRun.Error"/>.</summary>
    Interrupted,
}

/// <summary>One execution of a sync job, with what it read and did; the Integration page lists them.</summary>
public class SyncRun
{
    public const int ErrorMaxLength = 4000;
    public const int NodeMaxLength = 200;

    private SyncRun() { }

    /// <param name="node">The node running it; null: this process (<see cref="SyncNode.Id"/>).</param>
    public SyncRun(string jobName, DateTimeOffset startedAt, bool full, string? node = null)
    {
        JobName = jobName;
        StartedAt = startedAt;
        Full = full;
        Status = SyncRunStatus.Running;
        Node = node ?? SyncNode.Id;
        HeartbeatAt = startedAt;
    }

    public long Id { get; private set; }

    public string JobName { get; private set; } = string.Empty;

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public bool Full { get; private set; }

    public SyncRunStatus Status { get; private set; }

    public int Read { get; private set; }

    public int Created { get; private set; }

    public int Updated { get; private set; }

    public int Failed { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The scheduler process (<see cref="SyncNode"/>) that runs it: restarted, that node knows the run is over.</summary>
    public string? Node { get; private set; }

    /// <summary>Refreshed every minute or so while the run's process lives; a run whose heartbeat stops was interrupted.</summary>
    public DateTimeOffset? HeartbeatAt { get; private set; }

    public TimeSpan? Duration => FinishedAt - StartedAt;

    public void Count(int read, int created, int updated, int failed)
    {
        Read += read;
        Created += created;
        Updated += updated;
        Failed += failed;
    }

    public void Finish(DateTimeOffset now)
    {
        FinishedAt = now;
        Status = Failed > 0 ? SyncRunStatus.CompletedWithErrors : SyncRunStatus.Succeeded;
    }

    public void Fail(DateTimeOffset now, string error)
    {
        FinishedAt = now;
        Status = SyncRunStatus.Failed;
        Error = error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;
    }

    /// <summary>
    /// The run's process is gone. It ends at its last sign of life; what it committed (pages, watermarks, exported
    /// orders) stays, and the job's next run starts from there.
    /// </summary>
    public void Interrupt(string reason)
    {
        if (Status != SyncRunStatus.Running)
        {
            return;
        }

        FinishedAt = HeartbeatAt ?? StartedAt;
        Status = SyncRunStatus.Interrupted;
        Error = reason.Length > ErrorMaxLength ? reason[..ErrorMaxLength] : reason;
    }
}

public enum DeadLetterStatus
{
    Open,

    /// <summary>An administrator asked for another try; the job's next run fetches the record again.</summary>
    RetryRequested,
    Resolved,
    Ignored,
}

/// <summary>
/// A partner record that could not be applied (missing field, unknown item or customer, negative stock, unknown
/// currency), kept with the reason and the payload while the rest of its page is applied.
/// </summary>
public class DeadLetter
{
    public const int KeyMaxLength = 100;
    public const int ReasonMaxLength = 1000;

    private DeadLetter() { }

    public DeadLetter(string jobName, string recordKey, string reason, string payload, DateTimeOffset at)
    {
        JobName = jobName;
        RecordKey = recordKey.Length > KeyMaxLength ? recordKey[..KeyMaxLength] : recordKey;
        CreatedAt = at;
        Status = DeadLetterStatus.Open;
        Failed(reason, payload, at);
    }

    public long Id { get; private set; }

    public string JobName { get; private set; } = string.Empty;

    /// <summary>The partner's key of the record (item number, customer number, invoice number, payment id).</summary>
    public string RecordKey { get; private set; } = string.Empty;

    public string Reason { get; private set; } = string.Empty;

    public string Payload { get; private set; } = string.Empty;

    public DeadLetterStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset LastFailedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    public bool IsOpen => Status is DeadLetterStatus.Open or DeadLetterStatus.RetryRequested;

    /// <summary>The record failed (again): the letter is open with the newest reason and payload.</summary>
    public void Failed(string reason, string payload, DateTimeOffset at)
    {
        Reason = reason.Length > ReasonMaxLength ? reason[..ReasonMaxLength] : reason;
        Payload = payload;
        Attempts++;
        LastFailedAt = at;
        Status = DeadLetterStatus.Open;
        ClosedAt = null;
        ClosedBy = null;
    }

    public void RequestRetry()
    {
        if (Status == DeadLetterStatus.Resolved)
        {
            throw new Common.DomainException("This record was applied already.");
        }

        Status = DeadLetterStatus.RetryRequested;
    }

    public void Ignore(DateTimeOffset at, string by)
    {
        Status = DeadLetterStatus.Ignored;
        ClosedAt = at;
        ClosedBy = by;
    }

    /// <summary>A later run applied the record (it was fixed in the partner system): the letter closes itself.</summary>
    public void Resolve(DateTimeOffset at)
    {
        Status = DeadLetterStatus.Resolved;
        ClosedAt = at;
        ClosedBy = "sync";
    }
}

/// <summary>The ERP's sales order that a portal order became; written by OrderExport, read by InvoiceSync.</summary>
public class ErpOrderLink
{
    public const int NumberMaxLength = 50;

    private ErpOrderLink() { }

    public ErpOrderLink(string orderNumber, string erpOrderId, string erpOrderNumber, DateTimeOffset linkedAt, bool foundExisting)
    {
        OrderNumber = orderNumber;
        ErpOrderId = erpOrderId;
        ErpOrderNumber = erpOrderNumber;
        LinkedAt = linkedAt;
        FoundExisting = foundExisting;
    }

    public string OrderNumber { get; private set; } = string.Empty;

    public string ErpOrderId { get; private set; } = string.Empty;

    public string ErpOrderNumber { get; private set; } = string.Empty;

    public DateTimeOffset LinkedAt { get; private set; }

    /// <summary>True when a retried export found the order the ERP had already created (a lost response).</summary>
    public bool FoundExisting { get; private set; }
}
