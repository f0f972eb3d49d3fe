using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Catalog;

/// <summary>One product of the company's catalog, at the company's prices; another company's product is a plain 404.</summary>
public sealed class ProductModel(PortalDbContext db, TieredPriceResolver pricing, IQuantityRules quantityRules, TimeProvider clock) : PageModel
{
    public ProductDetail Product { get; private set; } = null!;

    /// <summary>Staff only: show the product as this customer sees it.</summary>
    [BindProperty(SupportsGet = true, Name = "customer")]
    public int? CustomerId { get; set; }

    /// <summary>The company whose prices are shown; null for staff without a chosen customer (ERP list price).</summary>
    public int? PricedFor { get; private set; }

    /// <summary>From which quantity which unit price applies; the first row is the price of one unit.</summary>
    public IReadOnlyList<PriceBreak> Breaks { get; private set; } = [];

    public QuantityRule? Rule { get; private set; }

    public async Task<IActionResult> OnGetAsync(string sku, CancellationToken ct)
    {
        PricedFor = User.CompanyId() ?? (User.IsStaff() ? CustomerId : null);
        var product = await db.ProductAsync(PricedFor, sku, ct);
        if (product is null)
        {
            return NotFound();
        }

        Product = product;
        if (PricedFor is { } company)
        {
            Breaks = await pricing.BreaksAsync(company, product.Id, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
            Rule = (await quantityRules.ForAsync(company, [product.Id], ct)).GetValueOrDefault(product.Id);
        }

        return Page();
    }
}
