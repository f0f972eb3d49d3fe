using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace B2BPortal.Portal.Api;

/// <summary>
/// The JSON API under /api/v1 for customers' procurement systems and integrations. Authenticated by API token
/// (or the browser's cookie); the same policies and company filters as the pages.
/// </summary>
internal static class PortalApi
{
    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1").WithTags("B2BPortal API").ProducesValidationProblem();

        var catalog = v1.MapGroup("/catalog").RequireAuthorization(Policies.CatalogReader).RequireApiScope(ApiScopes.CatalogRead).WithTags("Catalog");
        catalog.MapGet("/products", SearchProducts).WithName("SearchProducts")
            .WithSummary("Search the caller's catalog")
            .WithDescription("Products visible to the caller's company (staff: all), filtered, sorted and paged. Totals above 1,000 are reported as capped.");
        catalog.MapGet("/products/{sku}", GetProduct).WithName("GetProduct")
            .WithSummary("One product of the caller's catalog, with stock per warehouse");
        catalog.MapGet("/categories", GetCategories).WithName("GetCategories")
            .WithSummary("The category tree the caller may browse");

        v1.MapPricingApi();

        v1.MapGet("/me", GetMe).RequireAuthorization().AllowAnyApiScope().WithName("GetMe").WithTags("Account")
            .WithSummary("Who the token or cookie stands for");
        return app;
    }

    /// <param name="MinimumQuantity">The smallest quantity the caller's company may order on one line (its quantity rule, else the pack size).</param>
    public sealed record ProductSummaryDto(int Id, string Sku, string Name, string? Brand, int CategoryId, string UnitOfMeasure, decimal PackSize, decimal? Price, string Currency, decimal Available, string? ImageUrl, string? PriceSource, decimal MinimumQuantity);

    public sealed record ProductPageDto(IReadOnlyList<ProductSummaryDto> Items, int Page, int PageSize, int TotalCount, bool TotalIsCapped, bool HasNext);

    public sealed record StockDto(string Warehouse, decimal Quantity, DateTimeOffset AsOf);

    public sealed record ProductDto(int Id, string Sku, string ErpItemNumber, string Name, string? Description, string? Brand, int CategoryId, string CategoryName, string UnitOfMeasure, decimal PackSize, decimal? Price, string Currency, IReadOnlyList<string> ImageUrls, IReadOnlyDictionary<string, string> Attributes, decimal Available, IReadOnlyList<StockDto> Stock, string PriceSource, IReadOnlyList<PricingApi.PriceBreakDto> Tiers);

    public sealed record MeDto(string UserId, string Name, int? CompanyId, IReadOnlyList<string> Roles);

    private static async Task<Results<Ok<ProductPageDto>, ValidationProblem>> SearchProducts(
        HttpContext http,
        CatalogSearch search,
        string? q,
        int? categoryId,
        string? brand,
        bool? inStock,
        CatalogSort? sort,
        int? page,
        int? pageSize,
        CancellationToken ct)
    {
        // An API caller gets what it asked for: synonyms and SKU keys apply, spelling corrections (which change the question) do not.
        var request = new CatalogSearchRequest(q, categoryId, brand, inStock ?? false, sort ?? CatalogSort.Relevance, page ?? 1, pageSize ?? CatalogSearchRequest.DefaultPageSize, Forgiving: false);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
        }

        var result = await search.SearchAsync(http.User.CompanyId(), request, ct);
        return TypedResults.Ok(new ProductPageDto(
            result.Items.Select(i => new ProductSummaryDto(i.Id, i.Sku, i.Name, i.Brand, i.CategoryId, i.UnitOfMeasure, i.PackSize, i.IsPriced ? i.Price.Amount : null, i.Price.Currency, i.Available, i.ImageUrl, i.PriceSource, i.MinimumQuantity ?? i.PackSize)).ToList(),
            result.Page, result.PageSize, result.TotalCount, result.CountIsCapped, result.HasNext));
    }

    private static async Task<Results<Ok<ProductDto>, ProblemHttpResult>> GetProduct(HttpContext http, PortalDbContext db, TieredPriceResolver pricing, TimeProvider clock, string sku, CancellationToken ct)
    {
        var companyId = http.User.CompanyId();
        var p = await db.ProductAsync(companyId, sku, ct);
        if (p is null)
        {
            // The same answer for "does not exist" and "not in your catalog": existence is not leaked.
            // TypedResults.Problem goes through IProblemDetailsService: application/problem+json with the correlationId.
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Product not found", detail: $"No product '{Sku.Normalize(sku)}' in your catalog.");
        }

        // The company's tier table; its first row is the price of one unit. Staff see the ERP list price.
        var breaks = companyId is { } company
            ? await pricing.BreaksAsync(company, p.Id, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct)
            : [new PriceBreak(1, p.Price, PriceRules.ListPriceSource)];
        var first = breaks.Count > 0 ? breaks[0] : null;
        return TypedResults.Ok(new ProductDto(p.Id, p.Sku, p.ErpItemNumber, p.Name, p.Description, p.Brand, p.CategoryId, p.CategoryName, p.UnitOfMeasure, p.PackSize,
            first?.UnitPrice.Amount, first?.UnitPrice.Currency ?? p.Price.Currency, p.ImageUrls, p.Attributes.ToDictionary(a => a.Name, a => a.Value), p.Available,
            p.Stock.Select(s => new StockDto(s.Warehouse, s.Quantity, s.AsOf)).ToList(),
            first?.Source ?? "No price for your account", breaks.Select(PricingApi.ToDto).ToList()));
    }

    private static async Task<Ok<IReadOnlyList<CategoryNode>>> GetCategories(HttpContext http, PortalDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.CategoriesAsync(http.User.CompanyId(), ct));

    private static Ok<MeDto> GetMe(HttpContext http)
    {
        var actor = http.User.ToActor();
        return TypedResults.Ok(new MeDto(actor.UserId, actor.DisplayName, actor.CompanyId, actor.Roles.Order().ToList()));
    }
}
