using System.Text.Json;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Returns;

/// <summary>
/// Returns' tables on the shared context, and what goes into the same SaveChanges as a return's change: its audit
/// entries and, when the goods are received, the outbox message that sends the credit memo to the ERP, so the change
/// and the message commit or roll back together.
/// </summary>
public static class ReturnLedger
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static DbSet<ReturnRequest> Returns(this PortalDbContext db) => db.Set<ReturnRequest>();

    public static DbSet<CreditMemo> CreditMemos(this PortalDbContext db) => db.Set<CreditMemo>();

    /// <param name="erpCustomerNumber">The return's company's ERP customer number: needed when the change is "received".</param>
    public static void Record(PortalDbContext db, ReturnRequest request, string? erpCustomerNumber = null)
    {
        foreach (var c in request.TakeUnaudited())
        {
            db.AuditEntries.Add(new AuditEntry(c.At, c.Actor.UserId, c.Actor.DisplayName, request.CompanyId, "Return", request.Number, c.Action,
                Clip(c.Before), Clip(c.After)));
            if (c.Action == $"Return.{ReturnTrigger.Receive}")
            {
                var message = ReceivedMessage(request, erpCustomerNumber ?? throw new InvalidOperationException(
                    $"Return {request.Number} was received: its company's ERP customer number is needed for the credit memo."), c.At);
                db.OutboxMessages.Add(new OutboxMessage(ReturnReceivedMessage.Type, ReturnReceivedMessage.IdempotencyKey(request.Number),
                    JsonSerializer.Serialize(message, Json), c.At));
            }
        }
    }

    public static ReturnReceivedMessage ReceivedMessage(ReturnRequest request, string erpCustomerNumber, DateTimeOffset receivedAt) => new(
        request.Number,
        request.OrderNumber,
        request.CompanyId,
        erpCustomerNumber,
        request.Currency,
        request.Lines.OrderBy(l => l.OrderLineNumber)
            .Select(l => new ReturnReceivedLine(l.OrderLineNumber, l.Sku, l.ErpItemNumber, l.UnitOfMeasure, l.Quantity, l.UnitPrice, l.Reason.ToString()))
            .ToList(),
        receivedAt);

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
