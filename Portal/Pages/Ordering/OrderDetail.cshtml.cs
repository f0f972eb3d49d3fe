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
public sealed class OrderDetailModel(PortalDbContext db, OrderActions actions, CartService carts) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    public Order Order { get; private set; } = null!;

    public IReadOnlyList<Domain.Shipping.Shipment> Shipments { get; private set; } = [];

    public IReadOnlyList<Domain.Invoicing.Invoice> Invoices { get; private set; } = [];

    public IReadOnlyList<OrderTrigger> Actions { get; private set; } = [];

    public string CompanyName { get; private set; } = string.Empty;

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
        CompanyName = await db.Companies.Where(c => c.Id == order.CompanyId).Select(c => c.Name).SingleAsync(ct);
        return true;
    }
}
