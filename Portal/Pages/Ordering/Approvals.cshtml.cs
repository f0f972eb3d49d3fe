using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>
/// For the company's BuyerAdmin: orders waiting for approval (approve or reject with a comment), and the approval
/// rules: each buyer's order limit and monthly budget, and the company's monthly budget, with this month's spending.
/// </summary>
public sealed class ApprovalsModel(PortalDbContext db, OrderActions actions, ApprovalRules rules, TimeProvider clock) : PageModel, IFormPage
{
    public sealed record BuyerLimits(string UserId, string Name, string Email, decimal? OrderLimit, decimal? MonthlyBudget, Money SpentThisMonth);

    public IReadOnlyList<OrderSummary> Pending { get; private set; } = [];

    public IReadOnlyList<BuyerLimits> Buyers { get; private set; } = [];

    public decimal? CompanyBudget { get; private set; }

    public Money CompanySpent { get; private set; }

    public string Currency { get; private set; } = "EUR";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task LoadAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var companyId = actor.CompanyId!.Value;
        Currency = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Currency).SingleAsync(ct);
        Pending = (await db.SearchOrdersAsync(actor, new OrderFilter(State: OrderState.PendingApproval, PageSize: OrderFilter.MaxPageSize), ct)).Items;
        var limits = await db.SpendingLimits().AsNoTracking().Where(l => l.CompanyId == companyId).ToListAsync(ct);
        var monthStart = MonthStart();
        var users = await db.Users.AsNoTracking().Where(u => u.CompanyId == companyId && u.IsActive).OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        var buyers = new List<BuyerLimits>();
        foreach (var u in users)
        {
            buyers.Add(new BuyerLimits(u.Id, u.DisplayName, u.Email ?? "",
                limits.FirstOrDefault(l => l.UserId == u.Id && l.Kind == SpendingLimitKind.OrderLimit)?.Amount.Amount,
                limits.FirstOrDefault(l => l.UserId == u.Id && l.Kind == SpendingLimitKind.MonthlyBudget)?.Amount.Amount,
                await rules.SpentAsync(companyId, u.Id, Currency, monthStart, ct)));
        }

        Buyers = buyers;
        CompanyBudget = limits.FirstOrDefault(l => l.UserId == null && l.Kind == SpendingLimitKind.MonthlyBudget)?.Amount.Amount;
        CompanySpent = await rules.SpentAsync(companyId, null, Currency, monthStart, ct);
    }

    public async Task<IActionResult> OnPostDecideAsync(string number, bool approve, string? comment, CancellationToken ct)
    {
        var actor = User.ToActor();
        if (await db.OrderForAsync(actor, number, ct) is null)
        {
            return NotFound();
        }

        var order = await actions.ExecuteAsync(actor, number, approve ? OrderTrigger.Approve : OrderTrigger.Reject, comment, ct);
        TempData["Flash"] = $"Order {order.Number}: {OrderWorkflow.Label(order.State)}.";
        return RedirectToPage();
    }

    /// <summary>Sets, changes or (empty amount) removes one rule. <paramref name="userId"/> empty: the company's budget.</summary>
    public async Task<IActionResult> OnPostSetLimitAsync(string? userId, SpendingLimitKind kind, string? amount, CancellationToken ct)
    {
        var actor = User.ToActor();
        var companyId = actor.CompanyId!.Value;
        userId = string.IsNullOrWhiteSpace(userId) ? null : userId;
        if (userId is not null && !await db.Users.AnyAsync(u => u.Id == userId && u.CompanyId == companyId, ct))
        {
            return NotFound();
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
        TempData["Flash"] = "Approval rule saved.";
        return RedirectToPage();
    }

    private DateTimeOffset MonthStart()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
