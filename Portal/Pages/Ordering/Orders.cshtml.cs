using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>The company's order history, newest first, filtered by status, date, PO number and SKU.</summary>
public sealed class OrdersModel(PortalDbContext db, UserTime time) : PageModel
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

    /// <summary>Most orders one export holds (pages of <see cref="OrderFilter.MaxPageSize"/>); narrow the filter for older ones.</summary>
    public const int MaxExportRows = 5000;

    /// <summary>The order history under the current filter (all pages, newest first, up to <see cref="MaxExportRows"/>) as XLSX or CSV.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var filter = new OrderFilter(Status, From, To, Po, Sku, null, null, 1, OrderFilter.MaxPageSize);
        if (!SheetDownload.IsKnownFormat(format) || filter.Validate().Count > 0)
        {
            return BadRequest();
        }

        var zone = (await time.ZoneAsync(ct)).Zone;
        var orders = new List<OrderSummary>();
        for (var page = 1; orders.Count < MaxExportRows; page++)
        {
            var results = await db.SearchOrdersAsync(User.ToActor(), filter with { Page = page }, ct);
            orders.AddRange(results.Items);
            if (!results.HasNext)
            {
                break;
            }
        }

        var rows = orders.Take(MaxExportRows).Select(o => (IReadOnlyList<object?>)[o.Number, UserTime.Format(o.CreatedAt, zone), o.PurchaseOrderNumber, o.PlacedBy,
            OrderWorkflow.Progress(o.State, o.Invoicing), o.LineCount, o.Total.Amount, o.Total.Currency]);
        return await SheetDownload.FileAsync(format!, "orders", "Orders",
            ["Order", $"Placed ({UserTime.ZoneName(zone, DateTimeOffset.UtcNow)})", "Your PO", "Placed by", "Status", "Lines", "Total excl. tax", "Currency"], rows, ct);
    }

    public string Link(int page) => Url.Page("/Ordering/Orders", new { Status, From = From?.ToString("yyyy-MM-dd"), To = To?.ToString("yyyy-MM-dd"), Po, Sku, pageNumber = page })!;
}
