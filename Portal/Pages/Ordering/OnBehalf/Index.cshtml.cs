using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Ordering.OnBehalf;

/// <summary>
/// Ordering for a customer, step one: a sales rep picks one of the companies they serve (an administrator any company)
/// and one of its active buyers; the cart is then built as that buyer would see it (<see cref="CartModel"/>).
/// </summary>
public sealed class IndexModel(OrderingOnBehalf onBehalf) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public int? CompanyId { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty]
    public string? BuyerUserId { get; set; }

    public IReadOnlyList<OnBehalfCompany> Companies { get; private set; } = [];

    public IReadOnlyList<OnBehalfBuyer> Buyers { get; private set; } = [];

    public OnBehalfSession? Current { get; private set; }

    /// <summary>Why the current on-behalf cart cannot go on (the company was given to another rep, the buyer left).</summary>
    public string? CurrentProblem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task LoadAsync(CancellationToken ct)
    {
        var staff = User.ToActor();
        Companies = await onBehalf.CompaniesAsync(staff, Search is { Length: > 100 } ? Search[..100] : Search, ct);
        try
        {
            Current = await onBehalf.CurrentAsync(staff, ct);
        }
        catch (DomainException problem)
        {
            CurrentProblem = problem.Message;
        }

        if (CompanyId is { } companyId)
        {
            try
            {
                Buyers = await onBehalf.BuyersAsync(staff, companyId, ct);
            }
            catch (DomainException rule)
            {
                ModelState.AddModelError(nameof(CompanyId), rule.Message);
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        var session = await onBehalf.StartAsync(User.ToActor(), CompanyId ?? 0, BuyerUserId, ct);
        TempData["Flash"] = $"You are ordering for {session.Buyer.DisplayName} at {session.CompanyName}: the catalog, prices and quantity rules are theirs.";
        return RedirectToPage("Cart");
    }

    public async Task<IActionResult> OnPostStopAsync(CancellationToken ct)
    {
        await onBehalf.StopAsync(User.ToActor(), ct);
        TempData["Flash"] = "The cart for the customer is emptied and closed.";
        return RedirectToPage();
    }
}
