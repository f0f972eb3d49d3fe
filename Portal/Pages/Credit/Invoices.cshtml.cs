using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>
/// A buyer's finance page (Buyer and BuyerAdmin, their own company only): invoices open, overdue (with days overdue)
/// and paid, the latest payments received, and the available credit with its breakdown.
/// </summary>
public sealed class InvoicesModel(PortalDbContext db, TimeProvider clock, IOptions<CreditOptions> options) : PageModel
{
    public const int PageSize = 25;
    public const int RecentPayments = 20;

    [BindProperty(SupportsGet = true, Name = "show")]
    public InvoiceFilter Show { get; set; } = InvoiceFilter.Open;

    [BindProperty(SupportsGet = true, Name = "pageNumber")]
    public int PageNumber { get; set; } = 1;

    public InvoicePage Invoices { get; private set; } = null!;

    public IReadOnlyList<PaymentItem> Payments { get; private set; } = [];

    public CreditStanding Standing { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            // Model binding already named the unreadable parameter (show, pageNumber); the defaults apply.
            (Show, PageNumber) = (InvoiceFilter.Open, 1);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (PageNumber < 1)
        {
            ModelState.AddModelError("pageNumber", "Page numbers start at 1.");
            PageNumber = 1;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var companyId = User.CompanyId()!.Value;
        Today = clock.Today();
        Invoices = await db.InvoicesAsync(companyId, Show, Today, PageNumber, PageSize, ct);
        Payments = await db.RecentPaymentsAsync(companyId, RecentPayments, ct);
        Standing = await db.StandingAsync(companyId, options.Value, Today, ct);
        return Page();
    }
}
