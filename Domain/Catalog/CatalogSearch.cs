using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace B2BPortal.Domain.Catalog;

public enum CatalogSort
{
    Relevance,
    Name,
    Sku,
    PriceAscending,
    PriceDescending,
}

public sealed record CatalogSearchRequest(
    string? Query = null,
    int? CategoryId = null,
    string? Brand = null,
    bool InStockOnly = false,
    CatalogSort Sort = CatalogSort.Relevance,
    int Page = 1,
    int PageSize = CatalogSearchRequest.DefaultPageSize,
    bool Forgiving = true)
{
    public const int DefaultPageSize = 24;
    public const int MaxPageSize = 100;
    public const int MaxQueryLength = 100;

    /// <summary>Checks the request and names the first bad parameter; pages and the API show it as a validation message.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (Page < 1)
        {
            errors["page"] = "Page numbers start at 1.";
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = $"Page size is between 1 and {MaxPageSize}.";
        }

        if (Query is { Length: > MaxQueryLength })
        {
            errors["q"] = $"A search has at most {MaxQueryLength} characters.";
        }

        if (!Enum.IsDefined(Sort))
        {
            errors["sort"] = "Unknown sort order.";
        }

        return errors;
    }
}

public sealed record CatalogItem(
    int Id,
    string Sku,
    string Name,
    string? Brand,
    int CategoryId,
    string UnitOfMeasure,
    decimal PackSize,
    Money Price,
    decimal Available,
    string? ImageUrl,
    string? PriceSource = null,
    bool IsPriced = true,
    decimal? MinimumQuantity = null);

/// <summary>
/// One page of results. <see cref="TotalCount"/> is exact up to <see cref="CatalogSearch.CountCap"/>; beyond it
/// <see cref="CountIsCapped"/> is set and the page says "more than …", so counting never walks 100,000 rows.
/// </summary>
/// <param name="CorrectedQuery">Set when nothing matched what was typed and these are the results of its spelling correction.</param>
public sealed record CatalogPage(IReadOnlyList<CatalogItem> Items, int Page, int PageSize, int TotalCount, bool CountIsCapped, string? CorrectedQuery = null)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(TotalCount / (double)PageSize));

    public bool HasNext => Page < PageCount || (CountIsCapped && Items.Count == PageSize);
}

public sealed record ProductSuggestion(string Sku, string Name);

/// <summary>Settings of the catalog search (configuration section <c>Catalog</c>).</summary>
public sealed class CatalogSearchOptions
{
    public const string Section = "Catalog";

    /// <summary>How long a search's result count is reused for the same company and search (paging, repeat visits); 0 = never.</summary>
    public int CountCacheSeconds { get; set; } = 60;

    /// <summary>How long the catalog's words (for spelling corrections) and the synonym list are kept before they are read again; an edit of the list on this node applies at once.</summary>
    public int VocabularyRefreshSeconds { get; set; } = 300;
}

/// <summary>
/// A buyer's catalog search: one set-based query for the visible products of the page (stock included), one batch
/// pricing the page for the company (<see cref="Pricing.IPriceResolver"/>, quantity 1, today), plus one capped count.
/// No query per product. Sorting by price orders by the ERP list price (docs/pricing.md): a company's resolved
/// prices are not known to the database's ORDER BY.
/// The count is kept in memory per company and search for <see cref="CatalogSearchOptions.CountCacheSeconds"/>: for a
/// broad word it costs more than the page (the full-text index must list every match), and paging through the results
/// asks for it again and again. The page's products, prices and stock are always read afresh, and a page that is not
/// full counts its own rows.
/// </summary>
public sealed class CatalogSearch(
    PortalDbContext db,
    IProductTextSearch textSearch,
    ISearchVocabulary vocabulary,
    Pricing.IPriceResolver prices,
    TimeProvider clock,
    IMemoryCache cache,
    IOptions<CatalogSearchOptions> options)
{
    public const int CountCap = 1000;

    /// <param name="companyId">The buyer's company; null for staff, who see the whole active catalog.</param>
    /// <remarks>
    /// The words are looked for with their synonyms and spelling variants (<see cref="ISearchVocabulary"/>). When a
    /// forgiving search finds nothing, the misspelt words are corrected ("hamer" → hammer) and the corrected search is
    /// answered instead, with <see cref="CatalogPage.CorrectedQuery"/> saying so. A correction is offered only with
    /// the results it finds in the buyer's own catalog, so it never tells of words from catalogs the buyer cannot see.
    /// </remarks>
    public async Task<CatalogPage> SearchAsync(int? companyId, CatalogSearchRequest request, CancellationToken ct)
    {
        var text = string.IsNullOrWhiteSpace(request.Query) ? null : await vocabulary.ExpandAsync(SearchText.Parse(request.Query), ct);
        var page = await SearchAsync(companyId, request, text, ct);
        if (page.Items.Count > 0 || text is null || !request.Forgiving)
        {
            return page;
        }

        var corrected = await vocabulary.CorrectAsync(text, ct);
        if (corrected is null)
        {
            return page;
        }

        var retry = await SearchAsync(companyId, request, await vocabulary.ExpandAsync(corrected, ct), ct);
        return retry.Items.Count > 0 ? retry with { CorrectedQuery = corrected.Display } : page;
    }

    private async Task<CatalogPage> SearchAsync(int? companyId, CatalogSearchRequest request, SearchText? text, CancellationToken ct)
    {
        var products = db.Products.AsNoTracking().Where(p => p.IsActive);
        if (companyId is { } company)
        {
            products = products.VisibleTo(db, company);
        }

        if (request.CategoryId is { } categoryId)
        {
            var subtree = await CategorySubtreeAsync(categoryId, ct);
            products = products.Where(p => subtree.Contains(p.CategoryId));
        }

        if (!string.IsNullOrWhiteSpace(request.Brand))
        {
            var brand = request.Brand.Trim();
            products = products.Where(p => p.Brand == brand);
        }

        if (request.InStockOnly)
        {
            products = products.Where(p => p.Stock.Any(s => s.Quantity > 0));
        }

        var skuTerm = text?.Sku ?? string.Empty;
        var skuKey = text?.SkuKey ?? string.Empty;
        var namePrefix = text?.Raw ?? string.Empty;
        var sort = request.Sort == CatalogSort.Relevance && text is null ? CatalogSort.Name : request.Sort;
        var pageSource = products;
        var countSource = products;
        if (text is not null)
        {
            var unfiltered = products;
            products = textSearch.Filter(unfiltered, text);
            countSource = textSearch.FilterForCount(unfiltered, text);
            // Name, SKU and price orders have an index: for a broad word the page may be read along it (the count
            // below keeps the plain filter, which finds its 1,001 rows faster from the matches).
            pageSource = sort == CatalogSort.Relevance
                ? products
                : await textSearch.FilterForIndexOrderAsync(unfiltered, text, Paging.Offset(request.Page + 1, request.PageSize), ct);
        }

        var ordered = sort switch
        {
            CatalogSort.Name => pageSource.OrderBy(p => p.Name).ThenBy(p => p.Id),
            CatalogSort.Sku => pageSource.OrderBy(p => p.Sku),
            CatalogSort.PriceAscending => pageSource.OrderBy(p => p.ListPrice.Amount).ThenBy(p => p.Id),
            CatalogSort.PriceDescending => pageSource.OrderByDescending(p => p.ListPrice.Amount).ThenBy(p => p.Id),
            // An exact SKU (or SKU key) match ranks first, then SKU prefix matches, then name prefix matches, then the rest.
            _ => pageSource
                .OrderBy(p => p.Sku == skuTerm || p.SkuKey == skuKey ? 0 : p.Sku.StartsWith(skuTerm) ? 1 : p.Name.StartsWith(namePrefix) ? 2 : 3)
                .ThenBy(p => p.Name)
                .ThenBy(p => p.Id),
        };

        var items = await ordered
            .Skip(Paging.Offset(request.Page, request.PageSize))
            .Take(request.PageSize)
            .Select(p => new CatalogItem(
                p.Id,
                p.Sku,
                p.Name,
                p.Brand,
                p.CategoryId,
                p.UnitOfMeasure,
                p.PackSize,
                // By its columns: projecting the complex property itself makes EF read the whole product row.
                new Money(p.ListPrice.Amount, p.ListPrice.Currency),
                p.Stock.Sum(s => s.Quantity),
                // By index, not FirstOrDefault(): PostgreSQL would unnest the array of every match before sorting them.
                p.ImageUrls[0],
                null,
                true,
                // The smallest quantity this buyer may order (the Add box starts there): the customer's own quantity
                // rule, else the product's general rule, else its pack size, as IQuantityRules decides.
                db.Set<Pricing.QuantityRuleEntry>()
                    .Where(r => r.ProductId == p.Id && (r.CompanyId == companyId || r.CompanyId == null))
                    .OrderBy(r => r.CompanyId == null ? 1 : 0)
                    .Select(r => (decimal?)r.Minimum)
                    .FirstOrDefault() ?? p.PackSize))
            .ToListAsync(ct);

        items = await PriceAsync(companyId, items, ct);
        // A page that is not full is the last one: it tells the exact count without asking the database.
        var count = items.Count < request.PageSize && items.Count > 0
            ? ((request.Page - 1) * request.PageSize) + items.Count
            : await CountAsync(companyId, request with { Query = text?.Raw }, countSource, ct);
        return new CatalogPage(items, request.Page, request.PageSize, Math.Min(count, CountCap), count > CountCap);
    }

    public const int SuggestionCount = 8;

    /// <summary>
    /// Type-ahead: a few products of the buyer's catalog for what has been typed so far, exact SKUs first, then by name;
    /// no prices or stock, so it answers in a few milliseconds. Corrected like the search when nothing matches.
    /// </summary>
    public async Task<IReadOnlyList<ProductSuggestion>> SuggestAsync(int? companyId, string query, CancellationToken ct)
    {
        var text = await vocabulary.ExpandAsync(SearchText.Parse(query), ct);
        var found = await SuggestAsync(companyId, text, ct);
        if (found.Count > 0 || await vocabulary.CorrectAsync(text, ct) is not { } corrected)
        {
            return found;
        }

        return await SuggestAsync(companyId, await vocabulary.ExpandAsync(corrected, ct), ct);
    }

    private async Task<IReadOnlyList<ProductSuggestion>> SuggestAsync(int? companyId, SearchText text, CancellationToken ct)
    {
        var products = db.Products.AsNoTracking().Where(p => p.IsActive);
        if (companyId is { } company)
        {
            products = products.VisibleTo(db, company);
        }

        var (sku, key) = (text.Sku, text.SkuKey);
        return await textSearch.Filter(products, text)
            .OrderBy(p => p.Sku == sku || p.SkuKey == key ? 0 : 1)
            .ThenBy(p => p.Name)
            .ThenBy(p => p.Id)
            .Take(SuggestionCount)
            .Select(p => new ProductSuggestion(p.Sku, p.Name))
            .ToListAsync(ct);
    }

    /// <summary>The matches up to the cap, from the cache when the same company made the same search (any page, any sort) lately.</summary>
    private async Task<int> CountAsync(int? companyId, CatalogSearchRequest request, IQueryable<Product> matches, CancellationToken ct)
    {
        var lifetime = TimeSpan.FromSeconds(options.Value.CountCacheSeconds);
        if (lifetime <= TimeSpan.Zero)
        {
            return await matches.Take(CountCap + 1).CountAsync(ct);
        }

        var key = new CountKey(companyId, request.Query?.Trim().ToUpperInvariant(), request.CategoryId, request.Brand?.Trim(), request.InStockOnly);
        if (cache.TryGetValue(key, out int cached))
        {
            return cached;
        }

        var count = await matches.Take(CountCap + 1).CountAsync(ct);
        cache.Set(key, count, lifetime);
        return count;
    }

    private sealed record CountKey(int? CompanyId, string? Query, int? CategoryId, string? Brand, bool InStockOnly);

    /// <summary>The company's price of each item for one unit, in one batch; staff (no company) see the ERP list price.</summary>
    private async Task<List<CatalogItem>> PriceAsync(int? companyId, List<CatalogItem> items, CancellationToken ct)
    {
        if (companyId is not { } company || items.Count == 0)
        {
            return items.ConvertAll(i => i with { PriceSource = Pricing.PriceRules.ListPriceSource });
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var resolved = await prices.ResolveListedAsync(company, items.ConvertAll(i => new Pricing.ListedProduct(i.Id, i.Sku, i.Price, i.UnitOfMeasure)), today, ct);
        return items.ConvertAll(i => resolved.TryGetValue(i.Id, out var p)
            ? i with { Price = p.UnitPrice, PriceSource = p.Source }
            : i with { IsPriced = false, PriceSource = "No price for your account" });
    }

    public async Task<List<int>> CategorySubtreeAsync(int categoryId, CancellationToken ct)
    {
        var all = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToListAsync(ct);
        var byParent = all.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value, c => c.Id);
        var result = new List<int> { categoryId };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(byParent[result[i]]);
        }

        return result;
    }
}

/// <summary>
/// Text search over SKU, name and description. Each database provider answers it with its own index
/// (Integration/Persistence): the port keeps Domain free of provider SQL.
/// </summary>
public interface IProductTextSearch
{
    IQueryable<Product> Filter(IQueryable<Product> products, SearchText terms);

    /// <summary>
    /// The same filter for a page the database can read in the order of an index (name, SKU, price), of which
    /// <paramref name="rowsNeeded"/> rows (everything up to the page's end) are wanted. A provider whose planner would
    /// collect and sort every match of a broad word may instead walk the sort index and test each row, stopping after
    /// the page. By default it is <see cref="Filter"/>.
    /// </summary>
    Task<IQueryable<Product>> FilterForIndexOrderAsync(IQueryable<Product> products, SearchText terms, int rowsNeeded, CancellationToken ct) =>
        Task.FromResult(Filter(products, terms));

    /// <summary>
    /// The same filter for counting: no order, and the count stops at its cap, so a provider may stream the matches
    /// rather than collect them all first. Each matching product counts once. By default it is <see cref="Filter"/>.
    /// </summary>
    IQueryable<Product> FilterForCount(IQueryable<Product> products, SearchText terms) => Filter(products, terms);
}
