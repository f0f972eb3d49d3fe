using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>The buyer's cart: today's prices, stock, quantity-rule problems with one-click fixes, save as a list.</summary>
public sealed class CartModel(CartService carts, CartReviewer reviewer, PortalDbContext db, TimeProvider clock) : PageModel, IFormPage
{
    public CartReview Review { get; private set; } = CartReview.Empty;

    [BindProperty]
    public string? ListName { get; set; }

    [BindProperty]
    public bool ListShared { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task LoadAsync(CancellationToken ct)
    {
        var cart = await carts.FindAsync(User.ToActor(), ct);
        Review = cart is null ? CartReview.Empty : await reviewer.ReviewAsync(cart, ct);
    }

    /// <summary>Add from the catalog, the product page or a type-ahead: back to where the buyer was.</summary>
    public async Task<IActionResult> OnPostAddAsync(string sku, decimal quantity, string? returnUrl, CancellationToken ct)
    {
        await carts.AddAsync(User.ToActor(), sku ?? "", quantity, ct);
        TempData["Flash"] = $"Added {quantity:0.###} × {Domain.Common.Sku.Normalize(sku)} to your cart.";
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage();
    }

    public async Task<IActionResult> OnPostUpdateAsync(int productId, decimal quantity, CancellationToken ct)
    {
        await carts.SetQuantityAsync(User.ToActor(), productId, quantity, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int productId, CancellationToken ct)
    {
        await carts.RemoveAsync(User.ToActor(), productId, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostClearAsync(CancellationToken ct)
    {
        await carts.ClearAsync(User.ToActor(), ct);
        TempData["Flash"] = "Your cart is empty.";
        return RedirectToPage();
    }

    /// <summary>Sets every line that breaks its quantity rule to the suggested valid quantity.</summary>
    public async Task<IActionResult> OnPostFixAllAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var fixes = Review.Lines.Where(l => l.Suggestion is > 0).Select(l => new CartAddition(l.ProductId, l.Suggestion!.Value)).ToList();
        await carts.SetQuantitiesAsync(User.ToActor(), fixes, ct);

        TempData["Flash"] = $"{fixes.Count} quantities set to the nearest valid quantity.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSaveAsListAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var cart = await carts.FindAsync(actor, ct);
        if (cart is null || cart.Lines.Count == 0)
        {
            throw new Domain.Common.DomainException("Your cart is empty; there is nothing to save.");
        }

        var now = clock.GetUtcNow();
        var list = new SavedList(actor.CompanyId!.Value, actor, ListName ?? "", ListShared, now);
        foreach (var l in cart.Lines)
        {
            list.Set(actor, l.ProductId, l.Quantity, now);
        }

        db.SavedLists().Add(list);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"Saved as list \"{list.Name}\".";
        return RedirectToPage("/Ordering/Lists", new { id = list.Id });
    }
}
