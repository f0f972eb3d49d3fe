using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Returns;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Infrastructure.DemoData;

/// <summary>
/// Returns a newcomer sees, made through the real use cases on Acme's delivered sample order (PO-DEMO-1001): one credited
/// (requested by Alice, approved and received by the administrator; its credit memo sent to the ERP, posted there and
/// synced back as OrderExport and CreditMemoSync record it, so it is on Acme's statement) and one still requested,
/// waiting in the staff queue. The order's third line stays free for a newcomer to return.
/// </summary>
public sealed class DemoReturnsSeeder(PortalDbContext db, ReturnService returns, TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var alice = await ActorAsync("buyer@acme.example", Roles.Buyer, ct);
        var admin = await ActorAsync("admin@b2bportal.example", Roles.Administrator, ct);
        var order = await db.Orders().AsNoTracking().Include(o => o.Lines)
            .SingleAsync(o => o.CompanyId == alice.CompanyId && o.PurchaseOrderNumber == "PO-DEMO-1001", ct);
        var lines = order.Lines.OrderBy(l => l.LineNumber).ToList();

        var credited = await returns.RequestAsync(alice, order.Number, [new NewReturnLine(lines[0].LineNumber, 1, ReturnReason.Damaged, null)], [],
            "One arrived with a cracked housing", ct);
        await ActAsync(admin, credited, ReturnTrigger.Approve, "Please send it back with the label we e-mailed", ct);
        await ActAsync(admin, credited, ReturnTrigger.Receive, "Received, damage confirmed", ct);
        await CreditedByErpAsync(credited, "CM-DEMO-1", "PS-CM-DEMO-1", ct);

        await returns.RequestAsync(alice, order.Number, [new NewReturnLine(lines[1].LineNumber, 1, ReturnReason.WrongItem, null)], [],
            "We ordered the other size", ct);
    }

    /// <summary>
    /// What the ERP round trip records: OrderExport settles the return's outbox message with the draft memo it created,
    /// then CreditMemoSync stores the posted memo (19 % tax, as the demo invoices) and credits the return by the ERP.
    /// </summary>
    private async Task CreditedByErpAsync(string number, string draftNumber, string postedNumber, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var erpId = Guid.NewGuid().ToString();
        var key = ReturnReceivedMessage.IdempotencyKey(number);
        (await db.OutboxMessages.SingleAsync(m => m.IdempotencyKey == key, ct)).Succeeded(now);
        await ReturnCredits.SentToErpAsync(db, number, erpId, draftNumber, foundExisting: false, now, ct);
        await db.SaveChangesAsync(ct);

        var request = await db.Returns().AsNoTracking().SingleAsync(r => r.Number == number, ct);
        var posted = now.AddSeconds(2);
        var memo = new CreditMemo(erpId, postedNumber, request.CompanyId);
        memo.ApplyErp(request.CompanyId, number, DateOnly.FromDateTime(posted.UtcDateTime), request.Total, (request.Total * 1.19m).RoundToCents(), InvoiceStatus.Open, posted);
        db.CreditMemos().Add(memo);
        await db.SaveChangesAsync(ct);
        await ReturnCredits.CreditFromErpAsync(db, number, postedNumber, posted, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task ActAsync(Actor actor, string number, ReturnTrigger trigger, string text, CancellationToken ct)
    {
        var seen = await db.Returns().AsNoTracking().Where(r => r.Number == number).Select(r => r.Version).SingleAsync(ct);
        await returns.ActAsync(actor, number, seen, trigger, text, ct);
    }

    private async Task<Actor> ActorAsync(string email, string role, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email, ct);
        return new Actor(user.Id, user.DisplayName, user.CompanyId, new HashSet<string> { role });
    }
}
