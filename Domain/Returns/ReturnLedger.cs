using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Returns;

/// <summary>Returns' tables on the shared context, and what goes into the same SaveChanges as a return's change: its audit entries.</summary>
public static class ReturnLedger
{
    public static DbSet<ReturnRequest> Returns(this PortalDbContext db) => db.Set<ReturnRequest>();

    public static void Record(PortalDbContext db, ReturnRequest request)
    {
        foreach (var c in request.TakeUnaudited())
        {
            db.AuditEntries.Add(new AuditEntry(c.At, c.Actor.UserId, c.Actor.DisplayName, request.CompanyId, "Return", request.Number, c.Action,
                Clip(c.Before), Clip(c.After)));
        }
    }

    /// <summary>
    /// The returns this actor may see: staff every return, a buyer only their company's (another company's return is "not
    /// found", the same as one that does not exist).
    /// </summary>
    public static IQueryable<ReturnRequest> ReturnsFor(this PortalDbContext db, Actor actor)
    {
        IQueryable<ReturnRequest> returns = db.Returns();
        if (!actor.IsStaff)
        {
            var companyId = actor.CompanyId ?? -1;
            returns = returns.Where(r => r.CompanyId == companyId);
        }

        return returns;
    }

    /// <summary>Per order line number, what the order's returns that still count (not rejected or cancelled) take back.</summary>
    public static async Task<Dictionary<int, decimal>> ReturnedQuantitiesAsync(this PortalDbContext db, int orderId, CancellationToken ct)
    {
        var rows = await db.Returns().AsNoTracking()
            .Where(r => r.OrderId == orderId && r.State != ReturnState.Rejected && r.State != ReturnState.Cancelled)
            .SelectMany(r => r.Lines)
            .Select(l => new { l.OrderLineNumber, l.Quantity })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.OrderLineNumber).ToDictionary(g => g.Key, g => g.Sum(x => x.Quantity));
    }

    /// <summary>Audit values are bounded; a long return's line list is cut, the lines themselves stay on the return.</summary>
    private static string? Clip(string? value) => value is { Length: > 4000 } ? value[..3997] + "..." : value;
}

/// <summary>No such return for this actor: pages answer 404, the same for "not yours" and "does not exist".</summary>
public sealed class ReturnNotFoundException(string number) : Exception($"Return {number} not found.");
