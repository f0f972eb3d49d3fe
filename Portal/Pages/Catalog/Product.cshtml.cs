using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Catalog;

/// <summary>One product of the company's catalog; another company's product is a plain 404.</summary>
public sealed class ProductModel(PortalDbContext db) : PageModel
{
    public ProductDetail Product { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string sku, CancellationToken ct)
    {
        var product = await db.ProductAsync(User.CompanyId(), sku, ct);
        if (product is null)
        {
            return NotFound();
        }

        Product = product;
        return Page();
    }
}
