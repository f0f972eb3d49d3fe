using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>The company's order history, newest first, filtered by status, date, PO number and SKU.</summary>
public sealed class OrdersModel(PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public OrderState? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Po { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sku { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageNumber")]
    public int PageNumber { get; set; } = 1;

    public OrderPage? Results { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var filter = new OrderFilter(Status, From, To, Po, Sku, null, null, PageNumber);
        foreach (var (key, message) in filter.Validate())
        {
            ModelState.AddModelError(key, message);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Results = await db.SearchOrdersAsync(User.ToActor(), filter, ct);
    }

    public string Link(int page) => Url.Page("/Ordering/Orders", new { Status, From = From?.ToString("yyyy-MM-dd"), To = To?.ToString("yyyy-MM-dd"), Po, Sku, pageNumber = page })!;
}
