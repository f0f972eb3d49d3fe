using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Returns;

/// <summary>What the ERP reports back about a return: its credit memo was created, and later posted (the return is credited).</summary>
public static class ReturnCredits
{
    public static readonly Actor Erp = Actor.System(ReturnRequest.ErpActorName);

    /// <summary>The export's answer: the ERP has the credit memo. Added to the caller's unit of work.</summary>
    public static async Task SentToErpAsync(PortalDbContext db, string returnNumber, string erpId, string erpNumber, bool foundExisting, DateTimeOffset at, CancellationToken ct)
    {
        var request = await db.Returns().SingleOrDefaultAsync(r => r.Number == returnNumber, ct);
        if (request is null)
        {
            return;
        }

        request.RecordSentToErp(erpId, erpNumber, foundExisting, at);
        ReturnLedger.Record(db, request);
    }

    /// <summary>
    /// The ERP posted the credit memo whose external document number is <paramref name="returnNumber"/>: a received return
    /// moves to Credited by the ERP, in the caller's unit of work. Returns the return when it moved (the caller mails the
    /// buyer after its commit), null when there is nothing to do: no such return, already credited, or not received yet
    /// (the ERP was quicker than the warehouse's click: the sync's catch-up credits it once it is received).
    /// </summary>
    public static async Task<ReturnRequest?> CreditFromErpAsync(PortalDbContext db, string returnNumber, string creditMemoNumber, DateTimeOffset at, CancellationToken ct)
    {
        var request = await db.Returns().Include(r => r.Lines).Include(r => r.History).AsSplitQuery()
            .SingleOrDefaultAsync(r => r.Number == returnNumber, ct);
        if (request is not { State: ReturnState.Received })
        {
            return null;
        }

        request.MarkCredited(Erp, creditMemoNumber, at);
        ReturnLedger.Record(db, request);
        return request;
    }
}
