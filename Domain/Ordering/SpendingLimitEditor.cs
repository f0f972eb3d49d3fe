using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

/// <summary>A buyer's limits and this month's spending, as a buyer admin edits them.</summary>
public sealed record BuyerSpending(string UserId, string Name, string Email, decimal? OrderLimit, decimal? MonthlyBudget, Money SpentThisMonth);

/// <summary>The company's approval rules with this month's spending (calendar month, UTC), in the company's currency.</summary>
public sealed record CompanySpending(string Currency, decimal? CompanyBudget, Money CompanySpent, IReadOnlyList<BuyerSpending> Buyers);

/// <summary>
/// Reads and sets a company's spending limits (a buyer's order limit and monthly budget, the company's monthly budget)
/// for every page that edits them (Approvals, Company users), so the parsing, the company check and the audit entry
/// are in one place. An empty amount removes the rule.
/// </summary>
public sealed class SpendingLimitEditor(PortalDbContext db, ApprovalRules rules, TimeProvider clock)
{
    public async Task<CompanySpending> ForCompanyAsync(int companyId, CancellationToken ct)
    {
        var currency = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Currency).SingleAsync(ct);
        var limits = await db.SpendingLimits().AsNoTracking().Where(l => l.CompanyId == companyId).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var users = await db.Users.AsNoTracking().Where(u => u.CompanyId == companyId && u.IsActive).OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        var buyers = new List<BuyerSpending>();
        foreach (var u in users)
        {
            buyers.Add(new BuyerSpending(u.Id, u.DisplayName, u.Email ?? "",
                limits.FirstOrDefault(l => l.UserId == u.Id && l.Kind == SpendingLimitKind.OrderLimit)?.Amount.Amount,
                limits.FirstOrDefault(l => l.UserId == u.Id && l.Kind == SpendingLimitKind.MonthlyBudget)?.Amount.Amount,
                await rules.SpentAsync(companyId, u.Id, currency, monthStart, ct)));
        }

        return new CompanySpending(currency, limits.FirstOrDefault(l => l.UserId == null && l.Kind == SpendingLimitKind.MonthlyBudget)?.Amount.Amount,
            await rules.SpentAsync(companyId, null, currency, monthStart, ct), buyers);
    }

    /// <summary>
    /// Sets, changes or (empty amount) removes one rule of the actor's company. <paramref name="userId"/> null: the
    /// company's budget. False when the user is not of the actor's company (the page answers 404).
    /// </summary>
    public async Task<bool> SetAsync(Actor actor, string? userId, SpendingLimitKind kind, string? amount, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var companyId = actor.CompanyId ?? throw new DomainException("Only a company's buyer admin sets its spending limits.");
        userId = string.IsNullOrWhiteSpace(userId) ? null : userId;
        if (userId is not null && !await db.Users.AnyAsync(u => u.Id == userId && u.CompanyId == companyId, ct))
        {
            return false;
        }

        decimal? value = null;
        if (!string.IsNullOrWhiteSpace(amount))
        {
            if (!OrderLineImport.TryParseQuantity(amount, out var parsed) && amount.Trim() != "0")
            {
                throw new DomainException($"'{amount}' is not an amount.", "amount");
            }

            value = amount.Trim() == "0" ? 0 : parsed;
        }

        var currency = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Currency).SingleAsync(ct);
        var existing = await db.SpendingLimits().SingleOrDefaultAsync(l => l.CompanyId == companyId && l.UserId == userId && l.Kind == kind, ct);
        var now = clock.GetUtcNow();
        var before = existing?.Amount.ToString();
        if (value is null)
        {
            if (existing is not null)
            {
                db.SpendingLimits().Remove(existing);
            }
        }
        else if (existing is null)
        {
            db.SpendingLimits().Add(new SpendingLimit(companyId, userId, kind, Money.Of(value.Value, currency), actor, now));
        }
        else
        {
            existing.Change(Money.Of(value.Value, currency), actor, now);
        }

        db.AuditEntries.Add(new AuditEntry(now, actor.UserId, actor.DisplayName, companyId, "SpendingLimit", $"{kind}:{userId ?? "company"}",
            "SpendingLimit.Set", before, value is null ? null : Money.Of(value.Value, currency).ToString()));
        await db.SaveChangesAsync(ct);
        return true;
    }
}
