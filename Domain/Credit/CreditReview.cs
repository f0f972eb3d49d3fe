using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace B2BPortal.Domain.Credit;

public sealed record CreditReviewResult(int Held, int Released)
{
    public override string ToString() => $"{Held} account(s) put on hold for overdue invoices, {Released} released";
}

/// <summary>
/// The daily credit review: holds every active account with an open invoice past its due date plus the account's grace
/// days, and releases the accounts it held for that reason once nothing is overdue any more (paid, or a credit memo).
/// Manual holds are left to people. One grouped query finds each company's oldest unpaid due date.
/// </summary>
public sealed class CreditReview(PortalDbContext db, TimeProvider clock, IOptions<CreditOptions> options, ILogger<CreditReview> logger)
{
    private static readonly Actor Review = Actor.System(CreditAccountWorkflow.ReviewActorName);

    public async Task<CreditReviewResult> RunAsync(CancellationToken ct)
    {
        var today = clock.Today();
        var now = clock.GetUtcNow();
        var oldestDue = await db.Invoices.AsNoTracking()
            .Where(i => i.Status == InvoiceStatus.Open && i.Remaining.Amount > 0)
            .GroupBy(i => i.CompanyId)
            .Select(g => new { CompanyId = g.Key, Oldest = g.Min(i => i.DueDate) })
            .ToDictionaryAsync(x => x.CompanyId, x => x.Oldest, ct);

        var accounts = await db.CreditAccounts().Where(a => a.State == CreditAccountState.Active || a.State == CreditAccountState.OnHold).ToListAsync(ct);
        var known = accounts.Select(a => a.CompanyId).ToHashSet();
        foreach (var companyId in oldestDue.Keys.Where(id => !known.Contains(id)))
        {
            accounts.Add(await db.CreditAccountForAsync(companyId, options.Value, ct));
        }

        int held = 0, released = 0;
        foreach (var account in accounts)
        {
            var overdue = oldestDue.TryGetValue(account.CompanyId, out var oldest) && oldest.AddDays(account.GraceDays) < today;
            if (overdue && account.State == CreditAccountState.Active)
            {
                account.Hold(Review, now, CreditHoldReason.Overdue, $"An invoice due {oldest:yyyy-MM-dd} is unpaid beyond {account.GraceDays} grace days");
                held++;
            }
            else if (!overdue && account is { State: CreditAccountState.OnHold, HoldReason: CreditHoldReason.Overdue })
            {
                account.Release(Review, now, "No invoice is overdue beyond grace any more");
                released++;
            }

            CreditLedger.Record(db, account);
        }

        await db.SaveChangesAsync(ct);
        var result = new CreditReviewResult(held, released);
        logger.LogInformation("Credit review: {Result}", result);
        return result;
    }
}
