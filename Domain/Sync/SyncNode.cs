namespace B2BPortal.Domain.Sync;

/// <summary>
/// The identity of this scheduler process, written on every <see cref="SyncRun"/> it starts: after a crash the restarted
/// node marks its own runs that were still "Running" as interrupted, and a cluster's housekeeping can name the node that
/// went silent. Process-wide on purpose: every job's run records it without each work class carrying it. Set once at
/// start from <c>Jobs:NodeId</c> (default: the machine name); two scheduler processes on one machine need their own ids.
/// </summary>
public static class SyncNode
{
    public static string Id { get; private set; } = Environment.MachineName;

    public static void Use(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id.Length > SyncRun.NodeMaxLength ? id[..SyncRun.NodeMaxLength] : id;
    }
}
