using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Sync;

/// <summary>
/// How fresh the portal's copy of ERP data is, for pages that must say so while the ERP is unreachable
/// (e.g. "stock as of 14:05"). A StockLevel's own AsOf is when the ERP last changed that figure; this is when the
/// portal last heard from the ERP at all, which is the later and the more honest "as of" for a buyer.
/// </summary>
public static class SyncFreshness
{
    public const string StockJob = "StockSync";

    public static Task<DateTimeOffset?> StockAsOfAsync(PortalDbContext db, CancellationToken ct) =>
        db.SyncJobStates.AsNoTracking().Where(s => s.JobName == StockJob).Select(s => s.LastSuccessAt).FirstOrDefaultAsync(ct);
}
