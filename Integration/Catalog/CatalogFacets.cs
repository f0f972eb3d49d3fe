using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Persistence;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Integration.Catalog;

/// <summary>
/// The category tree and brand list of a company's catalog, which the catalog page shows on every view, kept in
/// memory per company for <see cref="Lifetime"/>. Listing the brands means reading every visible product (70,000
/// rows for a large assortment), which would cost more than the search itself. A change of assortment shows in
/// these lists after at most a minute; the search results never come from here, so visibility of products
/// stays exact.
/// </summary>
public sealed class CatalogFacets(PortalDbContext db, IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <param name="companyId">The viewer's company; null for staff, who see the whole catalog.</param>
    public async Task<IReadOnlyList<CategoryNode>> CategoriesAsync(int? companyId, CancellationToken ct) =>
        await cache.GetOrCreateAsync(new FacetKey("categories", companyId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return db.CategoriesAsync(companyId, ct);
        }) ?? [];

    public async Task<IReadOnlyList<string>> BrandsAsync(int? companyId, CancellationToken ct) =>
        await cache.GetOrCreateAsync(new FacetKey("brands", companyId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return db.BrandsAsync(companyId, ct);
        }) ?? [];

    private sealed record FacetKey(string Facet, int? CompanyId);
}

public static class CatalogFacetsRegistration
{
    public static IServiceCollection AddCatalogFacets(this IServiceCollection services) =>
        services.AddMemoryCache().AddScoped<CatalogFacets>();

    /// <summary>The catalog search with its count cache; settings from the <c>Catalog</c> section when given.</summary>
    public static IServiceCollection AddCatalogSearch(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddMemoryCache().AddOptions<CatalogSearchOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(CatalogSearchOptions.Section));
        }

        services.AddSingleton<ISearchVocabulary, SearchVocabulary>();
        services.AddScoped<SearchSynonyms>();
        return services.AddScoped<CatalogSearch>();
    }
}
