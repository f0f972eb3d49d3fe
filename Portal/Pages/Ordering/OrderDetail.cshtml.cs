using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>
/// One order: its fulfilment and invoicing side by side, lines, status timeline, shipments with tracking links, invoices, and the actions the workflow and the
/// viewer's role allow right now (the same check runs again on post). Buyers see their company's orders, staff all;
/// anything else is 404.
/// </summary>
public sealed class OrderDetailModel(PortalDbContext db, OrderActions actions, CartService carts, UserTime time) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    public Order Order { get; private set; } = null!;

    public IReadOnlyList<Domain.Shipping.Shipment> Shipments { get; private set; } = [];

    public IReadOnlyList<Domain.Invoicing.Invoice> Invoices { get; private set; } = [];

    public IReadOnlyList<OrderTrigger> Actions { get; private set; } = [];

    public string CompanyName { get; private set; } = string.Empty;

    /// <summary>The order as the buyer reads it: lines 1..n with shipped and invoiced quantities, events in words.</summary>
    public OrderDocument Document { get; private set; } = null!;

    /// <summary>The viewer's time zone: every date and time on the page is shown in it.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public bool ZoneIsSet { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await TryLoadAsync(ct) ? Page() : NotFound();

    public async Task LoadAsync(CancellationToken ct)
    {
        if (!await TryLoadAsync(ct))
        {
            throw new OrderNotFoundException(Number);
        }
    }

    public async Task<IActionResult> OnPostActAsync(OrderTrigger trigger, string? reason, CancellationToken ct)
    {
        if (await db.OrderForAsync(User.ToActor(), Number, ct) is null)
        {
            return NotFound();
        }

        var order = await actions.ExecuteAsync(User.ToActor(), Number, trigger, reason, ct);
        TempData["Flash"] = $"Order {order.Number}: {OrderWorkflow.Label(order.State)}.";
        return RedirectToPage(new { number = order.Number });
    }

    /// <summary>The order as XLSX or CSV: the page's lines (1..n) with shipped and invoiced quantities, prices and totals.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (!SheetDownload.IsKnownFormat(format))
        {
            return BadRequest();
        }

        if (!await TryLoadAsync(ct))
        {
            return NotFound();
        }

        var currency = Order.Total.Currency;
        var rows = Document.Lines.Select(d => (IReadOnlyList<object?>)[d.Position, d.Line.Sku, d.Line.Name, d.Line.Quantity, d.Line.UnitOfMeasure,
            d.Shipped is { } shipped ? shipped : "part", d.Invoiced is { } invoiced ? invoiced : "part", d.Line.UnitPrice, d.Line.LineTotal.Amount, currency]);
        return await SheetDownload.FileAsync(format!, $"order-{Order.Number}", Order.Number,
            ["Line", "SKU", "Product", "Ordered", "Unit", "Shipped", "Invoiced", "Unit price", "Line total", "Currency"], rows, ct);
    }

    /// <summary>Reorder: the past order's lines into the cart, at today's prices; lines no longer orderable are named.</summary>
    public async Task<IActionResult> OnPostReorderAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        if (actor.IsStaff)
        {
            return Forbid();
        }

        var order = await db.OrderForAsync(actor, Number, ct);
        if (order is null)
        {
            return NotFound();
        }

        var result = await carts.AddManyAsync(actor, order.Lines.Select(l => new CartAddition(l.ProductId, l.Quantity)).ToList(), ct);
        TempData["Flash"] = $"{result.Added} lines of {order.Number} added to your cart at today's prices."
            + (result.Skipped.Count > 0 ? $" Not orderable any more: {string.Join(", ", result.Skipped.Take(20))}." : "");
        return RedirectToPage("/Ordering/Cart");
    }

    private async Task<bool> TryLoadAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var order = await db.OrderForAsync(actor, Number, ct);
        if (order is null)
        {
            return false;
        }

        Order = order;
        Shipments = await db.ShipmentsOfAsync(order.Number, ct);
        Invoices = await db.InvoicesOfAsync(order.Number, ct);
        Actions = order.ActionsFor(actor);
        Document = OrderDocument.Of(order, Shipments);
        (Zone, ZoneIsSet) = await time.ZoneAsync(ct);
        CompanyName = await db.Companies.Where(c => c.Id == order.CompanyId).Select(c => c.Name).SingleAsync(ct);
        return true;
    }
}
