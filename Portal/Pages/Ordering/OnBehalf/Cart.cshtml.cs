using System.ComponentModel.DataAnnotations;
using System.Globalization;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Ordering.OnBehalf;

/// <summary>
/// Ordering for a customer, step two: the cart a sales rep (or an administrator) builds for the buyer chosen on
/// <see cref="IndexModel"/>. Search and add work on the buyer's own catalog at the company's prices and quantity rules
/// (the same <see cref="CartService"/> and <see cref="CartReviewer"/> as the buyer's cart); placing goes through
/// <see cref="PlaceOrder"/>, the buyer's checkout's use case, with the reviewed cart version and total. Every request
/// checks again that the staff member may act for this company.
/// </summary>
public sealed class CartModel(OrderingOnBehalf onBehalf, CartService carts, CartReviewer reviewer, PlaceOrder place, CatalogSearch catalog, PortalDbContext db)
    : PageModel, IFormPage
{
    public const int SearchResults = 20;

    public OnBehalfSession? Session { get; private set; }

    public CartReview Review { get; private set; } = CartReview.Empty;

    public IReadOnlyList<CatalogItem> Found { get; private set; } = [];

    public IReadOnlyList<CompanyAddress> Addresses { get; private set; } = [];

    public bool PoRequired { get; private set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty]
    public PlaceInput Input { get; set; } = new();

    public sealed class PlaceInput
    {
        [Display(Name = "Ship to")]
        public int? ShipToAddressId { get; set; }

        [Display(Name = "Customer's PO number")]
        [StringLength(Order.PurchaseOrderNumberMaxLength)]
        public string? PurchaseOrderNumber { get; set; }

        [Display(Name = "Requested delivery date")]
        [DataType(DataType.Date)]
        public DateOnly? RequestedDeliveryDate { get; set; }

        [StringLength(Order.NotesMaxLength)]
        public string? Notes { get; set; }

        public int CartVersion { get; set; }

        public decimal ReviewedTotal { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Session = await onBehalf.RequireAsync(User.ToActor(), ct);
        }
        catch (DomainException problem)
        {
            TempData["Flash"] = problem.Message;
            return RedirectToPage("Index");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Session ??= await onBehalf.RequireAsync(User.ToActor(), ct);
        }
        catch (DomainException)
        {
            return;
        }

        var cart = await carts.FindAsync(Session.CartActor, ct);
        Review = cart is null ? CartReview.Empty : await reviewer.ReviewAsync(cart, ct);
        var company = await db.Companies.AsNoTracking().Include(c => c.Addresses).SingleAsync(c => c.Id == Session.CompanyId, ct);
        Addresses = company.Addresses.Where(a => a.Kind == AddressKind.Shipping).OrderByDescending(a => a.IsDefault).ThenBy(a => a.Label).ToList();
        PoRequired = company.RequiresPoNumber;
        if (!string.IsNullOrWhiteSpace(Search) && Search.Length <= CatalogSearchRequest.MaxQueryLength)
        {
            Found = (await catalog.SearchAsync(Session.CompanyId, new CatalogSearchRequest(Search.Trim(), PageSize: SearchResults), ct)).Items;
        }

        // The place form carries what is shown now, also after a refused post.
        ModelState.Remove("Input.CartVersion");
        ModelState.Remove("Input.ReviewedTotal");
        Input.CartVersion = Review.Version;
        Input.ReviewedTotal = Review.Total?.Amount ?? 0;
        Input.ShipToAddressId ??= Addresses.Count > 0 ? Addresses[0].Id : null;
    }

    public async Task<IActionResult> OnPostAddAsync(string? sku, string? quantity, CancellationToken ct)
    {
        var session = await onBehalf.RequireAsync(User.ToActor(), ct);
        var amount = ParseQuantity(quantity);
        await carts.AddAsync(session.CartActor, sku ?? "", amount, ct);
        TempData["Flash"] = $"Added {amount:0.###} × {Sku.Normalize(sku)} to {session.Buyer.DisplayName}'s cart.";
        return RedirectToPage(new { q = Search });
    }

    public async Task<IActionResult> OnPostUpdateAsync(int productId, string? quantity, CancellationToken ct)
    {
        var session = await onBehalf.RequireAsync(User.ToActor(), ct);
        await carts.SetQuantityAsync(session.CartActor, productId, ParseQuantity(quantity), ct);
        return RedirectToPage(new { q = Search });
    }

    public async Task<IActionResult> OnPostRemoveAsync(int productId, CancellationToken ct)
    {
        var session = await onBehalf.RequireAsync(User.ToActor(), ct);
        await carts.RemoveAsync(session.CartActor, [productId], ct);
        return RedirectToPage(new { q = Search });
    }

    public async Task<IActionResult> OnPostPlaceAsync(CancellationToken ct)
    {
        var session = await onBehalf.RequireAsync(User.ToActor(), ct);
        if (!ModelState.IsValid)
        {
            Session = session;
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await place.ExecuteOnBehalfAsync(session, new PlaceOrderCommand(Input.ShipToAddressId, Input.PurchaseOrderNumber,
            Input.RequestedDeliveryDate, Input.Notes, Input.CartVersion, Input.ReviewedTotal, null), ct);
        TempData["Flash"] = $"{result.Message} {session.Buyer.DisplayName} is told by e-mail.";
        return RedirectToPage("/Ordering/OrderDetail", new { number = result.OrderNumber });
    }

    private static decimal ParseQuantity(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        return decimal.TryParse(trimmed.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quantity)
            ? quantity
            : throw new DomainException(trimmed.Length == 0 ? "Enter a quantity." : $"'{Echo.Of(trimmed)}' is not a quantity; enter a number such as 10 or 2.5.", "Quantity");
    }
}
