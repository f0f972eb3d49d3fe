using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>
/// The buyer's cart: today's prices, stock, quantity-rule problems with one-click fixes, update all, remove several,
/// empty it after a confirmation step, undo a removal, save as a list. Every form works without JavaScript;
/// wwwroot/js/cart.js posts the same forms in the background and swaps the cart in place.
/// </summary>
public sealed class CartModel(CartService carts, CartReviewer reviewer, PortalDbContext db, TimeProvider clock) : PageModel, IFormPage
{
    public CartReview Review { get; private set; } = CartReview.Empty;

    /// <summary>The latest removal the buyer may still undo (emptied cart, removed lines).</summary>
    public Removal? Undoable { get; private set; }

    /// <summary>"clear": show the step that asks before the cart is emptied (the page without JavaScript).</summary>
    [BindProperty(SupportsGet = true, Name = "confirm")]
    public string? Confirm { get; set; }

    [BindProperty]
    public string? ListName { get; set; }

    [BindProperty]
    public bool ListShared { get; set; }

    /// <summary>The quantities as typed per product ("qty[17]"), kept when a post fails so nothing typed is lost.</summary>
    [BindProperty(Name = "qty")]
    public Dictionary<int, string> Typed { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The cart at today's prices as XLSX or CSV: what the page shows, line by line, with any problem named.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (!SheetDownload.IsKnownFormat(format))
        {
            return BadRequest();
        }

        await LoadAsync(ct);
        var rows = Review.Lines.Select(l => (IReadOnlyList<object?>)[l.Sku, l.Name, l.Quantity, l.UnitOfMeasure, l.UnitPrice?.Amount, l.LineTotal?.Amount,
            l.UnitPrice?.Currency, l.Availability.ToString(), l.Problem]);
        return await SheetDownload.FileAsync(format!, "cart", "Cart", ["SKU", "Product", "Quantity", "Unit", "Unit price", "Line total", "Currency", "Availability", "Problem"], rows, ct);
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var cart = await carts.FindAsync(actor, ct);
        Review = cart is null ? CartReview.Empty : await reviewer.ReviewAsync(cart, ct);
        Undoable = await db.LatestUndoableAsync(actor, RemovalKind.CartLines, clock.GetUtcNow(), ct);
    }

    /// <summary>The quantity box's value: what the buyer typed when the post failed, else the line's quantity.</summary>
    public string QuantityText(ReviewedLine line) =>
        Typed.TryGetValue(line.ProductId, out var typed) && ModelState.ErrorCount > 0
            ? typed
            : line.Quantity.ToString("0.###", CultureInfo.InvariantCulture);

    public static string QuantityKey(int productId) => $"qty[{productId}]";

    /// <summary>
    /// Add from the catalog or the product page. With JavaScript the answer is JSON (the message and the new cart count,
    /// or the error for the quantity box). Without, the buyer goes back to the page they were on, where the error is
    /// shown beside the quantity they typed (AddToCartFeedback), never to a cart page that is not where they were.
    /// </summary>
    public async Task<IActionResult> OnPostAddAsync(string? sku, string? quantity, string? returnUrl, CancellationToken ct)
    {
        var actor = User.ToActor();
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl : null;
        try
        {
            var amount = ParseQuantity(quantity, "Quantity");
            await carts.AddAsync(actor, sku ?? "", amount, ct);
            var message = $"Added {amount:0.###} × {Sku.Normalize(sku)} to your cart.";
            if (AddToCartFeedback.WantsJson(Request))
            {
                return new JsonResult(new AddToCartFeedback.Answer(message, await carts.CountLinesAsync(actor, ct), null));
            }

            TempData["Flash"] = message;
            return back is null ? RedirectToPage() : LocalRedirect(back);
        }
        catch (DomainException rule) when (AddToCartFeedback.WantsJson(Request) || back is not null)
        {
            if (AddToCartFeedback.WantsJson(Request))
            {
                return new JsonResult(new AddToCartFeedback.Answer(null, null, rule.Message)) { StatusCode = StatusCodes.Status400BadRequest };
            }

            AddToCartFeedback.Keep(TempData, Sku.Normalize(sku), quantity, rule.Message);
            return LocalRedirect(back!);
        }
    }

    /// <summary>One line's quantity: from its own form ("quantity") or from the cart's form ("qty[id]").</summary>
    public async Task<IActionResult> OnPostUpdateAsync(int productId, string? quantity, CancellationToken ct)
    {
        var typed = quantity ?? Typed.GetValueOrDefault(productId);
        try
        {
            await carts.SetQuantityAsync(User.ToActor(), productId, ParseQuantity(typed, QuantityKey(productId)), ct);
        }
        catch (DomainException rule) when (rule.Field is null or "Quantity")
        {
            // Beside the box the buyer typed in (the field names of the rule are the cart's, not the page's).
            Typed[productId] = typed ?? "";
            throw new DomainException(rule.Message, QuantityKey(productId));
        }

        // Without JavaScript the page comes back at the line (the next Tab continues from its box).
        return RedirectToPage(null, null, null, $"q-{productId}");
    }

    /// <summary>"Update all": every quantity box of the cart in one save; if any is not a quantity, nothing changes and each is marked.</summary>
    public async Task<IActionResult> OnPostUpdateAllAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var cart = await carts.FindAsync(actor, ct);
        var current = cart?.Lines.ToDictionary(l => l.ProductId, l => l.Quantity) ?? [];
        var changes = new List<CartAddition>();
        foreach (var (productId, text) in Typed.Where(t => current.ContainsKey(t.Key)))
        {
            try
            {
                var amount = ParseQuantity(text, QuantityKey(productId));
                if (amount != current[productId])
                {
                    changes.Add(new CartAddition(productId, amount));
                }
            }
            catch (DomainException rule)
            {
                ModelState.AddModelError(QuantityKey(productId), rule.Message);
            }
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await carts.SetQuantitiesAsync(actor, changes, ct);
        TempData["Flash"] = changes.Count switch
        {
            0 => "No quantity changed.",
            1 => "1 quantity updated.",
            _ => $"{changes.Count} quantities updated.",
        };
        return RedirectToPage();
    }

    /// <summary>Sets a line to its suggested valid quantity (worked out again here, not taken from the form).</summary>
    public async Task<IActionResult> OnPostUseSuggestionAsync(int productId, CancellationToken ct)
    {
        await LoadAsync(ct);
        var line = Review.Lines.FirstOrDefault(l => l.ProductId == productId && l.Suggestion is > 0)
            ?? throw new DomainException("That line has no suggested quantity any more.");
        await carts.SetQuantityAsync(User.ToActor(), productId, line.Suggestion!.Value, ct);
        return RedirectToPage(null, null, null, $"q-{productId}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int productId, CancellationToken ct)
    {
        await carts.RemoveAsync(User.ToActor(), [productId], ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveSelectedAsync(int[]? selected, CancellationToken ct)
    {
        if (selected is not { Length: > 0 })
        {
            throw new DomainException("Tick the lines to remove first.");
        }

        var removal = await carts.RemoveAsync(User.ToActor(), selected, ct);
        TempData["Flash"] = removal is null ? "Those lines were no longer in your cart." : $"Removed {removal.Summary}.";
        return RedirectToPage();
    }

    /// <summary>Empties the cart: the confirmed step (the button of the confirmation); the lines can be put back for a while.</summary>
    public async Task<IActionResult> OnPostClearAsync(CancellationToken ct)
    {
        await carts.ClearAsync(User.ToActor(), ct);
        TempData["Flash"] = "Your cart is empty.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUndoAsync(int removalId, CancellationToken ct)
    {
        var result = await carts.RestoreAsync(User.ToActor(), removalId, ct);
        TempData["Flash"] = (result.Added == 1 ? "1 line is back in your cart." : $"{result.Added:N0} lines are back in your cart.")
            + (result.Skipped.Count > 0 ? $" Not in your catalog any more: {result.Skipped.Count:N0}." : "");
        return RedirectToPage();
    }

    /// <summary>Sets every line that breaks its quantity rule to the suggested valid quantity.</summary>
    public async Task<IActionResult> OnPostFixAllAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var fixes = Review.Lines.Where(l => l.Suggestion is > 0).Select(l => new CartAddition(l.ProductId, l.Suggestion!.Value)).ToList();
        await carts.SetQuantitiesAsync(User.ToActor(), fixes, ct);

        TempData["Flash"] = fixes.Count == 1 ? "1 quantity set to the nearest valid quantity." : $"{fixes.Count} quantities set to the nearest valid quantity.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSaveAsListAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var cart = await carts.FindAsync(actor, ct);
        if (cart is null || cart.Lines.Count == 0)
        {
            throw new DomainException("Your cart is empty; there is nothing to save.");
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

    /// <summary>A quantity as typed: digits with '.' or ',' as the decimal mark; anything else is an error for that box.</summary>
    private static decimal ParseQuantity(string? text, string field)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (!decimal.TryParse(trimmed.Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var quantity))
        {
            throw new DomainException(trimmed.Length == 0 ? "Enter a quantity." : $"'{Echo.Of(trimmed)}' is not a quantity; enter a number such as 10 or 2.5.", field);
        }

        return quantity;
    }
}
