using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Orders;

/// <summary>Staff order search across companies; the order page offers the actions the staff member's role allows.</summary>
public sealed class StaffModel(PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Company { get; set; }

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

    public IReadOnlyList<(int Id, string Name)> Companies { get; private set; } = [];

    public OrderPage? Results { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Companies = (await db.Companies.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).Take(1000).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();
        var filter = new OrderFilter(Status, From, To, Po, Sku, Number, Company, PageNumber);
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

    public string Link(int page) => Url.Page("/Orders/Staff", new { Number, Company, Status, From = From?.ToString("yyyy-MM-dd"), To = To?.ToString("yyyy-MM-dd"), Po, Sku, pageNumber = page })!;
}
