using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Quotes;
using B2BPortal.Integration.Ordering;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Quotes;

/// <summary>
/// A buyer asks for a quote: from pasted lines (SKU and quantity per line, as quick order reads them) or, from the cart
/// page, for the whole cart. Every line must be in the company's catalog: one that is not is named and nothing is requested.
/// </summary>
public sealed class RequestModel(QuoteService quotes, OrderLineImport import) : PageModel
{
    public const int MaxPastedCharacters = 200_000;

    [BindProperty]
    public string? Lines { get; set; }

    [BindProperty]
    public string? Notes { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var buyer = User.ToActor();
        if (string.IsNullOrWhiteSpace(Lines) || Lines.Length > MaxPastedCharacters)
        {
            throw new DomainException($"Paste one line per product: SKU and quantity (at most {MaxPastedCharacters:N0} characters).", nameof(Lines));
        }

        var rows = OrderLineFileReader.ReadPasted(Lines);
        var result = await import.ValidateAsync(buyer.CompanyId!.Value, rows, roundToValidQuantity: false, ct);
        var problems = result.Lines.Where(l => l.Outcome is ImportOutcome.Invalid or ImportOutcome.NotInCatalog).ToList();
        if (problems.Count > 0)
        {
            throw new DomainException("Nothing was requested. Fix these lines: " + string.Join("; ", problems.Take(10).Select(p => p.Message))
                + (problems.Count > 10 ? $"; and {problems.Count - 10} more." : "."), nameof(Lines));
        }

        // Quantity rules are the rep's to settle in the offer; merged duplicates are already in their first row.
        var requested = result.Lines.Where(l => l.ProductId is not null && l.Outcome is ImportOutcome.Added or ImportOutcome.QuantityRuleViolated)
            .Select(l => new RequestedLine(l.ProductId!.Value, l.Quantity ?? 0, null)).ToList();
        var number = await quotes.RequestAsync(buyer, requested, Notes, ct);
        TempData["Flash"] = $"Quote {number} requested; your sales rep will answer it.";
        return RedirectToPage("/Quotes/Detail", new { quoteNumber = number });
    }

    public async Task<IActionResult> OnPostFromCartAsync(string? notes, CancellationToken ct)
    {
        var number = await quotes.RequestFromCartAsync(User.ToActor(), new Dictionary<int, decimal>(), notes, ct);
        TempData["Flash"] = $"Quote {number} requested for the lines of your cart; your sales rep will answer it.";
        return RedirectToPage("/Quotes/Detail", new { quoteNumber = number });
    }
}
