using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// The company's in-house approval rules: a buyer's order limit, a buyer's monthly budget and the company's
/// monthly budget (calendar month, UTC). Spending counts orders placed this month that are not pending,
/// rejected or cancelled. Returns why approval is needed, or null.
/// </summary>
public sealed class ApprovalRules(PortalDbContext db)
{
    public async Task<string?> ReasonForApprovalAsync(int companyId, string userId, Money total, DateTimeOffset now, CancellationToken ct)
    {
        var limits = await db.SpendingLimits().AsNoTracking()
            .Where(l => l.CompanyId == companyId && (l.UserId == userId || l.UserId == null))
            .ToListAsync(ct);
        if (limits.Count == 0)
        {
            return null;
        }

        var reasons = new List<string>();
        var orderLimit = limits.FirstOrDefault(l => l.UserId == userId && l.Kind == SpendingLimitKind.OrderLimit);
        if (orderLimit is not null && Exceeds(total, orderLimit.Amount))
        {
            reasons.Add($"the order total {total} is above your order limit of {orderLimit.Amount}");
        }

        var monthStart = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var buyerBudget = limits.FirstOrDefault(l => l.UserId == userId && l.Kind == SpendingLimitKind.MonthlyBudget);
        if (buyerBudget is not null)
        {
            var spent = await SpentAsync(companyId, userId, total.Currency, monthStart, ct);
            if (Exceeds(spent + total, buyerBudget.Amount))
            {
                reasons.Add($"with this order your spending this month would be {(spent + total).RoundToCents()}, above your monthly budget of {buyerBudget.Amount}");
            }
        }

        var companyBudget = limits.FirstOrDefault(l => l.UserId == null && l.Kind == SpendingLimitKind.MonthlyBudget);
        if (companyBudget is not null)
        {
            var spent = await SpentAsync(companyId, null, total.Currency, monthStart, ct);
            if (Exceeds(spent + total, companyBudget.Amount))
            {
                reasons.Add($"with this order the company's spending this month would be {(spent + total).RoundToCents()}, above the company's monthly budget of {companyBudget.Amount}");
            }
        }

        return reasons.Count == 0 ? null : "Approval needed: " + string.Join("; ", reasons) + ".";
    }

    /// <summary>
    /// Who may approve an order of this buyer: the company's active BuyerAdmins other than the buyer (no one approves their
    /// own order), by name; the same people the approval mail goes to. Empty: nobody in the company can approve it yet.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApproverNamesAsync(int companyId, string userId, CancellationToken ct)
    {
        var adminRoleId = await db.Roles.Where(r => r.Name == Roles.BuyerAdmin).Select(r => r.Id).SingleOrDefaultAsync(ct);
        return await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == companyId && u.IsActive && u.Id != userId && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRoleId))
            .OrderBy(u => u.DisplayName)
            .Select(u => u.DisplayName)
            .ToListAsync(ct);
    }

    /// <summary>This month's committed spending in one currency, for the buyer or (userId null) the whole company.</summary>
    public async Task<Money> SpentAsync(int companyId, string? userId, string currency, DateTimeOffset monthStart, CancellationToken ct)
    {
        var committed = OrderWorkflow.Committed.ToList();
        var orders = db.Orders().AsNoTracking()
            .Where(o => o.CompanyId == companyId && o.CreatedAt >= monthStart && committed.Contains(o.State) && o.Total.Currency == currency);
        if (userId is not null)
        {
            orders = orders.Where(o => o.PlacedByUserId == userId);
        }

        var totals = await orders.Select(o => o.Total.Amount).ToListAsync(ct);
        return Money.Of(totals.Sum(), currency);
    }

    /// <summary>A limit in another currency cannot be compared without converting, which the portal never does: it asks for approval.</summary>
    private static bool Exceeds(Money amount, Money limit) => amount.Currency != limit.Currency || amount.Amount > limit.Amount;
}
