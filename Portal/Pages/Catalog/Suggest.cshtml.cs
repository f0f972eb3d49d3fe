using B2BPortal.Domain.Catalog;
using B2BPortal.Integration.Catalog;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Catalog;

/// <summary>
/// Type-ahead for the header search (wwwroot/js/typeahead.js): products and categories of the viewer's own catalog for
/// what has been typed, as JSON. Same rule as the catalog (the /Catalog folder's policy); staff see the whole catalog.
/// </summary>
public sealed class SuggestModel(CatalogSearch search, CatalogFacets facets) : PageModel
{
    public const int MinimumLength = 2;
    public const int CategoryCount = 4;

    public sealed record Suggestion(string Label, string Detail, string Url);

    public sealed record Suggestions(IReadOnlyList<Suggestion> Products, IReadOnlyList<Suggestion> Categories);

    public async Task<IActionResult> OnGetAsync(string? q, CancellationToken ct)
    {
        var query = (q ?? string.Empty).Trim();
        if (query.Length < MinimumLength || query.Length > CatalogSearchRequest.MaxQueryLength)
        {
            return new JsonResult(new Suggestions([], []));
        }

        var companyId = User.CompanyId();
        var products = await search.SuggestAsync(companyId, query, ct);
        var categories = (await facets.CategoriesAsync(companyId, ct))
            .Where(c => c.Name.Contains(query, StringComparison.OrdinalIgnoreCase))
            .Take(CategoryCount)
            .Select(c => new Suggestion(c.Name, "Category", Url.Page("/Catalog/Index", new { category = c.Id })!))
            .ToList();
        return new JsonResult(new Suggestions(
            products.Select(p => new Suggestion(p.Name, p.Sku, Url.Page("/Catalog/Product", new { sku = p.Sku })!)).ToList(),
            categories));
    }
}
