using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Catalog;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Catalog;

/// <summary>Browse and search the signed-in company's catalog.</summary>
public sealed class IndexModel(CatalogSearch search, CatalogFacets facets, PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "category")]
    public int? CategoryId { get; set; }

    [BindProperty(SupportsGet = true, Name = "brand")]
    public string? Brand { get; set; }

    [BindProperty(SupportsGet = true, Name = "inStock")]
    public bool InStock { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public CatalogSort Sort { get; set; } = CatalogSort.Relevance;

    /// <summary>Staff only: see the catalog and prices as this customer does.</summary>
    [BindProperty(SupportsGet = true, Name = "customer")]
    public int? CustomerId { get; set; }

    public IReadOnlyList<CustomerOption> Customers { get; private set; } = [];

    public sealed record CustomerOption(int Id, string Number, string Name);

    /// <summary>Search for the words as typed, without spelling correction ("search instead for …").</summary>
    [BindProperty(SupportsGet = true, Name = "exact")]
    public bool Exact { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageNumber")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "pageSize")]
    public int PageSize { get; set; } = CatalogSearchRequest.DefaultPageSize;

    public CatalogPage? Results { get; private set; }

    public IReadOnlyList<CategoryNode> Categories { get; private set; } = [];

    public IReadOnlyList<string> Brands { get; private set; } = [];

    public string? CategoryName { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var companyId = User.CompanyId();
        if (User.IsStaff())
        {
            Customers = await db.Companies.AsNoTracking().OrderBy(c => c.ErpCustomerNumber)
                .Select(c => new CustomerOption(c.Id, c.ErpCustomerNumber, c.Name)).ToListAsync(ct);
            companyId = Customers.Any(c => c.Id == CustomerId) ? CustomerId : null;
        }

        Categories = await facets.CategoriesAsync(companyId, ct);
        Brands = await facets.BrandsAsync(companyId, ct);
        CategoryName = Categories.FirstOrDefault(c => c.Id == CategoryId)?.Name;

        // Malformed parameters (page=abc, sort=cheapest) are binding errors: say so, never fail.
        var request = new CatalogSearchRequest(Query, CategoryId, Brand, InStock, Sort, PageNumber, PageSize, Forgiving: !Exact);
        foreach (var (key, message) in request.Validate())
        {
            ModelState.AddModelError(key == "page" ? "pageNumber" : key, message);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (CategoryId is not null && CategoryName is null)
        {
            ModelState.AddModelError("category", "That category is not in your catalog.");
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Results = await search.SearchAsync(companyId, request, ct);
    }

    /// <summary>A link to these results with one thing changed; pages of corrected results search for the correction.</summary>
    public string Link(int? page = null, int? category = null, bool clearCategory = false, string? query = null, bool exact = false) =>
        Url.Page("/Catalog/Index", new
        {
            q = query ?? Results?.CorrectedQuery ?? Query,
            exact = exact || Exact ? "true" : null,
            category = clearCategory ? null : category ?? CategoryId,
            brand = Brand,
            customer = User.IsStaff() ? CustomerId : null,
            inStock = InStock ? true : (bool?)null,
            sort = Sort == CatalogSort.Relevance ? null : Sort.ToString(),
            pageNumber = page is null or 1 ? null : page,
        })!;

    public IEnumerable<string> Errors => ModelState.Where(e => e.Value?.Errors.Count > 0)
        .SelectMany(e => e.Value!.Errors.Select(err => $"{e.Key}: {(string.IsNullOrEmpty(err.ErrorMessage) ? "invalid value" : err.ErrorMessage)}"));
}
