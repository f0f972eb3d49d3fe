using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>
/// For the company's BuyerAdmin: orders waiting for approval (approve or reject with a comment), and the approval
/// rules: each buyer's order limit and monthly budget, and the company's monthly budget, with this month's spending.
/// </summary>
public sealed class ApprovalsModel(PortalDbContext db, OrderActions actions, SpendingLimitEditor limits) : PageModel, IFormPage
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
        Pending = (await db.SearchOrdersAsync(actor, new OrderFilter(State: OrderState.PendingApproval, PageSize: OrderFilter.MaxPageSize), ct)).Items;
        var spending = await limits.ForCompanyAsync(actor.CompanyId!.Value, ct);
        Currency = spending.Currency;
        Buyers = spending.Buyers.Select(b => new BuyerLimits(b.UserId, b.Name, b.Email, b.OrderLimit, b.MonthlyBudget, b.SpentThisMonth)).ToList();
        CompanyBudget = spending.CompanyBudget;
        CompanySpent = spending.CompanySpent;
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

    /// <summary>Sets, changes or (empty amount) removes one rule (<see cref="SpendingLimitEditor"/>). <paramref name="userId"/> empty: the company's budget.</summary>
    public async Task<IActionResult> OnPostSetLimitAsync(string? userId, SpendingLimitKind kind, string? amount, CancellationToken ct)
    {
        if (!await limits.SetAsync(User.ToActor(), userId, kind, amount, ct))
        {
            return NotFound();
        }

        TempData["Flash"] = "Approval rule saved.";
        return RedirectToPage();
    }
}
