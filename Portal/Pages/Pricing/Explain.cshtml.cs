using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Domain.Quotes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Pricing;

/// <summary>
/// "Why this price", the full trace: staff pick a customer, a SKU, a quantity and a date (today, or any other day to
/// preview a future price) and see every list considered, why it applied or not, the tier and the rule that won. When the
/// customer holds an open quote for the product, the quote is named first: its price wins over the lists when it is ordered.
/// </summary>
public sealed class ExplainModel(PortalDbContext db, TieredPriceResolver pricing, IQuantityRules quantityRules, QuotedPrices quoted, TimeProvider clock) : PageModel
{
    public sealed record CustomerOption(int Id, string Label);

    [BindProperty(SupportsGet = true, Name = "customer")]
    public int? CustomerId { get; set; }

    [BindProperty(SupportsGet = true, Name = "sku")]
    public string? Sku { get; set; }

    [BindProperty(SupportsGet = true, Name = "qty")]
    public decimal Quantity { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "date")]
    public DateOnly? Date { get; set; }

    public IReadOnlyList<CustomerOption> Customers { get; private set; } = [];

    public PriceExplanation? Explanation { get; private set; }

    public QuantityCheck? QuantityCheck { get; private set; }

    /// <summary>Open quotes of the customer for this product, lowest price first: the first wins when its quote is ordered.</summary>
    public IReadOnlyList<QuotedPrice> Quoted { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Customers = await db.Companies.AsNoTracking().OrderBy(c => c.ErpCustomerNumber)
            .Select(c => new CustomerOption(c.Id, c.ErpCustomerNumber + " " + c.Name + " (" + c.Currency + ")")).ToListAsync(ct);
        if (CustomerId is null || string.IsNullOrWhiteSpace(Sku))
        {
            return;
        }

        if (Quantity <= 0)
        {
            ModelState.AddModelError("qty", "The quantity must be greater than zero.");
        }

        var sku = Domain.Common.Sku.Normalize(Sku);
        var productId = await db.Products.Where(p => p.Sku == sku).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        if (productId is null)
        {
            ModelState.AddModelError("sku", $"No product '{sku}'.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Explanation = await pricing.ExplainAsync(CustomerId.Value, productId!.Value, Quantity, Date ?? Today, ct);
        if (Explanation is null)
        {
            ModelState.AddModelError("customer", "No such customer.");
            return;
        }

        Quoted = await quoted.ForAsync(CustomerId.Value, productId.Value, Quantity, Date ?? Today, ct);
        var rule = (await quantityRules.ForAsync(CustomerId.Value, [productId.Value], ct))[productId.Value];
        QuantityCheck = rule.Check(Quantity);
    }
}
