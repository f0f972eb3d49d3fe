using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>
/// Checkout: the cart re-priced now (changes since it was filled are shown), availability per line, ship-to, PO
/// number, delivery date and notes. The form carries the cart version and total the buyer saw, so what is placed
/// is exactly what was reviewed, once. The company's available credit is shown with its breakdown, and what the credit
/// check will do with this order (the same decision placing takes, read without saving).
/// </summary>
public sealed class CheckoutModel(CartService carts, CartReviewer reviewer, PlaceOrder place, PortalDbContext db, CreditControl credit, ApprovalRules approvals, TimeProvider clock)
    : PageModel, IFormPage
{
    public CartReview Review { get; private set; } = CartReview.Empty;

    public IReadOnlyList<CompanyAddress> Addresses { get; private set; } = [];

    public bool PoRequired { get; private set; }

    /// <summary>The first line of the ship-to, as the order records it.</summary>
    public string CompanyName { get; private set; } = string.Empty;

    public CreditStanding? Credit { get; private set; }

    public CreditCheckResult? CreditOutcome { get; private set; }

    /// <summary>Why this order would wait for approval (the same rules placing applies, read now), or null: it is placed at once.</summary>
    public string? ApprovalReason { get; private set; }

    /// <summary>Who can approve it: the company's BuyerAdmins other than the buyer.</summary>
    public IReadOnlyList<string> Approvers { get; private set; } = [];

    /// <summary>What will happen to the order, in the buyer's words; the outcome's reason gives the figures.</summary>
    public string CreditHeadline => (CreditOutcome?.Decision, Credit) switch
    {
        (CreditDecision.Refuse, _) => "Refused: this order cannot be placed.",
        (CreditDecision.Hold, { Terms.IsPrepaid: true }) => "Prepaid terms: the order is placed and waits for your payment before we process it.",
        (CreditDecision.Hold, { OverduePastGrace.Count: > 0 }) => "On hold for overdue invoices: the order is placed and waits until they are paid or our accounts team releases it.",
        (CreditDecision.Hold, { State: CreditAccountState.OnHold }) => "Your credit account is on hold: the order is placed and waits for our accounts team.",
        (CreditDecision.Hold, _) => "Over your credit limit: the order is placed and goes to credit hold for review by our accounts team.",
        (_, { Limit: null }) => "No credit limit applies: the order is placed straight away.",
        _ => "Within your credit limit: the order is placed straight away.",
    };

    [BindProperty]
    public CheckoutInput Input { get; set; } = new();

    public sealed class CheckoutInput
    {
        [Display(Name = "Ship to")]
        public int? ShipToAddressId { get; set; }

        [Display(Name = "Your PO number")]
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
        await LoadAsync(ct);
        if (Review.Lines.Count == 0)
        {
            return RedirectToPage("/Ordering/Cart");
        }

        Input.ShipToAddressId = Addresses.Count > 0 ? Addresses[0].Id : null;
        Input.CartVersion = Review.Version;
        Input.ReviewedTotal = Review.Total?.Amount ?? 0;
        return Page();
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var cart = await carts.FindAsync(actor, ct);
        Review = cart is null ? CartReview.Empty : await reviewer.ReviewAsync(cart, ct);
        var company = await db.Companies.AsNoTracking().Include(c => c.Addresses).SingleAsync(c => c.Id == actor.CompanyId, ct);
        Addresses = company.Addresses.Where(a => a.Kind == AddressKind.Shipping).OrderByDescending(a => a.IsDefault).ThenBy(a => a.Label).ThenBy(a => a.Id).ToList();
        PoRequired = company.RequiresPoNumber;
        CompanyName = company.Name;
        (Credit, CreditOutcome) = await credit.PreviewAsync(company.Id, Review.Total ?? Money.Zero(company.Currency), ct);
        if (Review.Total is { } total)
        {
            ApprovalReason = await approvals.ReasonForApprovalAsync(company.Id, actor.UserId, total, clock.GetUtcNow(), ct);
            Approvers = ApprovalReason is null ? [] : await approvals.ApproverNamesAsync(company.Id, actor.UserId, ct);
        }

        // After a refused post (cart or prices changed) the form must carry what is shown now.
        ModelState.Remove("Input.CartVersion");
        ModelState.Remove("Input.ReviewedTotal");
        Input.CartVersion = Review.Version;
        Input.ReviewedTotal = Review.Total?.Amount ?? 0;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            var version = Input.CartVersion;
            await LoadAsync(ct);
            Input.CartVersion = version;
            return Page();
        }

        var result = await place.ExecuteAsync(User.ToActor(), new PlaceOrderCommand(Input.ShipToAddressId, Input.PurchaseOrderNumber, Input.RequestedDeliveryDate,
            Input.Notes, Input.CartVersion, Input.ReviewedTotal, null), ct);
        TempData["Flash"] = result.Message;
        return RedirectToPage("/Ordering/OrderDetail", new { number = result.OrderNumber });
    }
}
