using System.Data.Common;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Catalog;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Pricing;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Catalog;

/// <summary>
/// Catalog search through each provider's own index (SQLite FTS5, PostgreSQL GIN tsvector): the search rules
/// buyers rely on, company isolation, and the index following every change to a product.
/// </summary>
public sealed class CatalogSearchTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_exact_SKU_ranks_first_even_when_SKU_prefix_matches_sort_before_it_by_name(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);

        var page = await catalog.SearchAsync(catalog.Acme, "abc-100");

        Assert.Equal(["ABC-100", "ABC-1000"], page.Items.Select(i => i.Sku));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_SKU_prefix_finds_every_SKU_that_starts_with_it_and_no_other(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);

        var page = await catalog.SearchAsync(catalog.Acme, "ABC-1", CatalogSort.Sku);

        Assert.Equal(["ABC-100", "ABC-1000"], page.Items.Select(i => i.Sku));
        Assert.Equal(["ABC_9"], (await catalog.SearchAsync(catalog.Acme, "abc_")).Items.Select(i => i.Sku));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Words_match_name_and_description_by_word_prefix_and_all_words_must_match(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);

        Assert.Equal(["ABC-200"], (await catalog.SearchAsync(catalog.Acme, "grinder")).Items.Select(i => i.Sku));
        Assert.Equal(["ABC-200"], (await catalog.SearchAsync(catalog.Acme, "GRIND")).Items.Select(i => i.Sku));
        Assert.Equal(["ABC-100"], (await catalog.SearchAsync(catalog.Acme, "hex zinc")).Items.Select(i => i.Sku));
        Assert.Equal(["ABC-100"], (await catalog.SearchAsync(catalog.Acme, "Zinc-plated, hex!")).Items.Select(i => i.Sku));
        Assert.Empty((await catalog.SearchAsync(catalog.Acme, "hex grinder")).Items);
        Assert.Empty((await catalog.SearchAsync(catalog.Acme, "rinder")).Items);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_product_found_by_its_SKU_and_by_its_words_is_listed_and_counted_once(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);
        await using (var db = catalog.Database.CreateContext())
        {
            var product = new Product(Sku.Create("ABC-300"), "ABC adapter", catalog.ToolsCategory, "PCS", Money.Of(1, "EUR"));
            product.Describe("Adapter for the abc range", "Apex");
            db.Products.Add(product);
            await db.SaveChangesAsync();
        }

        foreach (var sort in Enum.GetValues<CatalogSort>())
        {
            var page = await catalog.SearchAsync(catalog.Acme, "abc", sort);

            Assert.Equal(["ABC-100", "ABC-1000", "ABC-200", "ABC-300", "ABC_9"], page.Items.Select(i => i.Sku).Order(StringComparer.Ordinal));
            Assert.Equal((5, false), (page.TotalCount, page.CountIsCapped));
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_result_shows_the_products_first_image_or_none(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);
        await using (var db = catalog.Database.CreateContext())
        {
            var drill = await db.Products.SingleAsync(p => p.Sku == "ABC-200");
            drill.AddImage("https://img.example/drill-front.jpg");
            drill.AddImage("https://img.example/drill-side.jpg");
            await db.SaveChangesAsync();
        }

        var items = (await catalog.SearchAsync(catalog.Acme, "abc", CatalogSort.Sku)).Items.ToDictionary(i => i.Sku, i => i.ImageUrl);

        Assert.Equal("https://img.example/drill-front.jpg", items["ABC-200"]);
        Assert.Null(items["ABC-100"]);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_count_is_reused_for_the_same_company_and_search_only_while_the_page_is_read_afresh(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);
        await using var scope = catalog.Services.CreateAsyncScope();
        var search = scope.ServiceProvider.GetRequiredService<CatalogSearch>();
        // Pages of one: a full page cannot tell how many follow, so the count is asked for (and kept).
        Task<CatalogPage> Search(int company, string terms, int page = 1) =>
            search.SearchAsync(company, new CatalogSearchRequest(terms, Sort: CatalogSort.Sku, Page: page, PageSize: 1), CancellationToken.None);

        Assert.Equal(2, (await Search(catalog.Acme, "bolt")).TotalCount);
        Assert.Equal(1, (await Search(catalog.Borealis, "bolt")).TotalCount);
        Assert.Equal(1, (await Search(catalog.Acme, "bolt zinc")).TotalCount);

        await using (var db = catalog.Database.CreateContext())
        {
            db.Products.Add(new Product(Sku.Create("ABC-000"), "Bolt cutter", catalog.ToolsCategory, "PCS", Money.Of(1, "EUR")));
            await db.SaveChangesAsync();
        }

        // Within the count's lifetime the page lists the new product, and the count catches up when it expires.
        var first = await Search(catalog.Acme, " BOLT ");
        Assert.Equal(["ABC-000"], first.Items.Select(i => i.Sku));
        Assert.Equal(2, first.TotalCount);

        await using var uncached = catalog.Database.CreateServices(s => s.AddPortalPricing().AddCatalogSearch()
            .Configure<CatalogSearchOptions>(o => o.CountCacheSeconds = 0));
        await using var uncachedScope = uncached.CreateAsyncScope();
        var fresh = await uncachedScope.ServiceProvider.GetRequiredService<CatalogSearch>()
            .SearchAsync(catalog.Acme, new CatalogSearchRequest("bolt", PageSize: 1), CancellationToken.None);
        Assert.Equal(3, fresh.TotalCount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_page_that_is_not_full_counts_its_results_itself(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);
        await using var scope = catalog.Services.CreateAsyncScope();
        var search = scope.ServiceProvider.GetRequiredService<CatalogSearch>();
        Task<CatalogPage> Search(int page) =>
            search.SearchAsync(catalog.Acme, new CatalogSearchRequest("abc", Sort: CatalogSort.Sku, Page: page, PageSize: 3), CancellationToken.None);
        var full = await Search(1);
        Assert.Equal((4, 3), (full.TotalCount, full.Items.Count));

        await using (var db = catalog.Database.CreateContext())
        {
            db.Products.Add(new Product(Sku.Create("ABC-500"), "Angle bracket", catalog.ToolsCategory, "PCS", Money.Of(1, "EUR")));
            await db.SaveChangesAsync();
        }

        // The last page knows the exact count from its own rows; a full page keeps the count it was given.
        var last = await Search(2);
        Assert.Equal(["ABC-500", "ABC_9"], last.Items.Select(i => i.Sku));
        Assert.Equal((5, false, false), (last.TotalCount, last.CountIsCapped, last.HasNext));
        Assert.Equal(4, (await Search(1)).TotalCount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_product_of_another_companys_catalog_is_never_returned(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);

        // XYZ-100 is a hex bolt with "grinder" in its description, in Borealis's catalog only.
        foreach (var terms in new[] { "XYZ-100", "xyz", "grinder", "hex", "secret" })
        {
            Assert.DoesNotContain("XYZ-100", (await catalog.SearchAsync(catalog.Acme, terms)).Items.Select(i => i.Sku));
        }

        Assert.Equal(["XYZ-100"], (await catalog.SearchAsync(catalog.Borealis, "secret")).Items.Select(i => i.Sku));
        Assert.Equal(["XYZ-100"], (await catalog.SearchAsync(catalog.Borealis, "xyz-100")).Items.Select(i => i.Sku));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_index_follows_insert_rename_describe_and_delete(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);
        int id;
        await using (var db = catalog.Database.CreateContext())
        {
            var product = new Product(Sku.Create("NEW-1"), "Torque wrench", catalog.ToolsCategory, "PCS", Money.Of(10, "EUR"));
            db.Products.Add(product);
            await db.SaveChangesAsync();
            id = product.Id;
        }

        Assert.Equal(["NEW-1"], (await catalog.SearchAsync(catalog.Acme, "torque")).Items.Select(i => i.Sku));

        await using (var db = catalog.Database.CreateContext())
        {
            var product = await db.Products.SingleAsync(p => p.Id == id);
            product.Rename("Ratchet spanner");
            await db.SaveChangesAsync();
        }

        Assert.Empty((await catalog.SearchAsync(catalog.Acme, "torque")).Items);
        Assert.Equal(["NEW-1"], (await catalog.SearchAsync(catalog.Acme, "ratchet")).Items.Select(i => i.Sku));

        await using (var db = catalog.Database.CreateContext())
        {
            var product = await db.Products.SingleAsync(p => p.Id == id);
            product.Describe("Chrome vanadium, for lug nuts", "Kestrel");
            await db.SaveChangesAsync();
        }

        Assert.Equal(["NEW-1"], (await catalog.SearchAsync(catalog.Acme, "vanadium")).Items.Select(i => i.Sku));
        Assert.Equal(["NEW-1"], (await catalog.SearchAsync(catalog.Acme, "ratchet")).Items.Select(i => i.Sku));

        await using (var db = catalog.Database.CreateContext())
        {
            db.Products.Remove(await db.Products.SingleAsync(p => p.Id == id));
            await db.SaveChangesAsync();
        }

        Assert.Empty((await catalog.SearchAsync(catalog.Acme, "ratchet")).Items);
        Assert.Empty((await catalog.SearchAsync(catalog.Acme, "vanadium")).Items);
        if (provider == DatabaseProvider.Sqlite)
        {
            // FTS5's own consistency check: the index holds exactly what the Products rows say.
            await using var db = catalog.Database.CreateContext();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO ProductSearch(ProductSearch, rank) VALUES ('integrity-check', 1)");
        }
    }

    [Theory]
    [MemberData(nameof(Providers.SqliteAndPostgreSQL), MemberType = typeof(Providers))]
    public async Task A_broad_word_sorted_by_price_or_name_pages_exactly_like_sorting_all_its_matches(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);
        // 400 visible "premium" products (broad enough for SQLite to walk the price index), 50 in another company's
        // catalog, 1,000 others; prices repeat so ties are broken by id.
        var expected = new List<(string Sku, decimal Price, string Name, int Order)>();
        await using (var db = catalog.Database.CreateContext())
        {
            var secret = await db.Categories.Where(c => c.Slug == "secret").Select(c => c.Id).SingleAsync();
            for (var i = 0; i < 1450; i++)
            {
                var premium = i < 450;
                var visible = i >= 50;
                var sku = $"P-{i:D4}";
                var price = 1 + (i * 37 % 97);
                var name = premium ? $"Premium item {(i * 7919) % 1450:D4}" : $"Plain item {i:D4}";
                var product = new Product(Sku.Create(sku), name, visible ? catalog.ToolsCategory : secret, "PCS", Money.Of(price, "EUR"));
                product.Describe(premium ? "premium grade" : "standard grade", "Apex");
                db.Products.Add(product);
                if (premium && visible)
                {
                    expected.Add((sku, price, name, i));
                }
            }

            await db.SaveChangesAsync();
        }

        foreach (var (sort, order) in new (CatalogSort, Func<List<(string Sku, decimal Price, string Name, int Order)>, IEnumerable<string>>)[]
        {
            (CatalogSort.PriceAscending, e => e.OrderBy(x => x.Price).ThenBy(x => x.Order).Select(x => x.Sku)),
            (CatalogSort.PriceDescending, e => e.OrderByDescending(x => x.Price).ThenBy(x => x.Order).Select(x => x.Sku)),
            (CatalogSort.Name, e => e.OrderBy(x => x.Name, StringComparer.Ordinal).ThenBy(x => x.Order).Select(x => x.Sku)),
        })
        {
            var all = order(expected).ToList();
            foreach (var pageNumber in new[] { 1, 2, 17 })
            {
                await using var scope = catalog.Services.CreateAsyncScope();
                var page = await scope.ServiceProvider.GetRequiredService<CatalogSearch>()
                    .SearchAsync(catalog.Acme, new CatalogSearchRequest("premium", Sort: sort, Page: pageNumber), CancellationToken.None);
                Assert.Equal(all.Skip((pageNumber - 1) * CatalogSearchRequest.DefaultPageSize).Take(CatalogSearchRequest.DefaultPageSize), page.Items.Select(i => i.Sku));
                Assert.Equal((400, false), (page.TotalCount, page.CountIsCapped));
            }
        }

        // 1,400 visible products say "grade": the count stops at its cap.
        var grade = await catalog.SearchAsync(catalog.Acme, "grade", CatalogSort.PriceAscending);
        Assert.Equal((CatalogSearch.CountCap, true, true), (grade.TotalCount, grade.CountIsCapped, grade.HasNext));

        if (provider == DatabaseProvider.Sqlite)
        {
            await using var scope = catalog.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var search = scope.ServiceProvider.GetRequiredService<IProductTextSearch>();
            var broad = (await search.FilterForIndexOrderAsync(db.Products, "premium", 24, CancellationToken.None)).OrderBy(p => p.ListPrice.Amount).Select(p => p.Id).Take(24);
            var narrow = (await search.FilterForIndexOrderAsync(db.Products, "grinder", 24, CancellationToken.None)).OrderBy(p => p.ListPrice.Amount).Select(p => p.Id).Take(24);
            var broadPlan = await ExplainAsync(db, broad.CreateDbCommand(), provider);
            Assert.True(broadPlan.Contains("INDEX IX_Products_ListPrice", StringComparison.Ordinal), broadPlan);
            Assert.DoesNotContain("INDEX IX_Products_ListPrice", await ExplainAsync(db, narrow.CreateDbCommand(), provider), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.SqliteAndPostgreSQL), MemberType = typeof(Providers))]
    public async Task Text_search_reads_the_full_text_and_SKU_indexes_not_the_table(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);
        await using var scope = catalog.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var query = scope.ServiceProvider.GetRequiredService<IProductTextSearch>().Filter(db.Products, "hex bolt").Select(p => p.Id);

        var plan = await ExplainAsync(db, query.CreateDbCommand(), provider);
        // Typed with a separator, the SKU is looked for as it is, on the SKU index.
        var withSeparator = scope.ServiceProvider.GetRequiredService<IProductTextSearch>().Filter(db.Products, "hex-bolt").Select(p => p.Id);
        var separatorPlan = await ExplainAsync(db, withSeparator.CreateDbCommand(), provider);

        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.Contains("VIRTUAL TABLE INDEX", plan, StringComparison.Ordinal);
            Assert.Contains("IX_Products_SkuKey (SkuKey>? AND SkuKey<?)", plan, StringComparison.Ordinal);
            Assert.Contains("IX_Products_Sku (Sku>? AND Sku<?)", separatorPlan, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("IX_Products_SearchText", plan, StringComparison.Ordinal);
            Assert.Contains("IX_Products_SkuKey", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Filter: ", plan, StringComparison.Ordinal);
            Assert.Contains("IX_Products_Sku_Prefix", separatorPlan, StringComparison.Ordinal);
            Assert.DoesNotContain("Filter: ", separatorPlan, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Cached_brand_and_category_lists_are_per_company(DatabaseProvider provider)
    {
        await using var catalog = await SearchCatalog.CreateAsync(provider);
        await using var services = catalog.Database.CreateServices(s => s.AddCatalogFacets());

        // One cache for both companies, as in the Portal: Acme's lists are filled first and must not leak.
        async Task<(IReadOnlyList<string> Brands, IReadOnlyList<string> Categories)> ListsAsync(int? companyId)
        {
            await using var scope = services.CreateAsyncScope();
            var facets = scope.ServiceProvider.GetRequiredService<CatalogFacets>();
            return (await facets.BrandsAsync(companyId, CancellationToken.None),
                (await facets.CategoriesAsync(companyId, CancellationToken.None)).Select(c => c.Name).ToList());
        }

        var acme = await ListsAsync(catalog.Acme);
        var borealis = await ListsAsync(catalog.Borealis);
        var staff = await ListsAsync(null);

        Assert.Equal(["Apex"], acme.Brands);
        Assert.Equal(["Tools"], acme.Categories);
        Assert.Equal(["Secretco"], borealis.Brands);
        Assert.Equal(["Secret"], borealis.Categories);
        Assert.Equal(["Apex", "Secretco"], staff.Brands);
    }

    [Fact]
    public async Task A_later_SQLite_migration_that_rebuilds_Products_would_be_caught_the_triggers_exist_after_all_migrations()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.CreateContext();

        var triggers = await db.Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Products' ORDER BY name")
            .ToListAsync();

        Assert.Equal(["Products_ProductSearch_Delete", "Products_ProductSearch_Insert", "Products_ProductSearch_Update"], triggers);
    }

    private static async Task<string> ExplainAsync(PortalDbContext db, DbCommand command, DatabaseProvider provider)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            if (provider == DatabaseProvider.PostgreSQL)
            {
                // Five rows: without this the planner rightly prefers a sequential scan; the test asks whether the
                // indexes are usable at all, i.e. whether the query's expressions are the indexed ones.
                await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
            }

            command.CommandText = (provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
            await using var reader = await command.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetValue(reader.FieldCount - 1)?.ToString() ?? string.Empty);
            }

            return string.Join('\n', lines);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// Two companies with different catalogs: Acme sees Tools, Borealis sees Secret. Products chosen so that each
/// search rule can be told apart (an exact SKU whose name sorts last, a word only in a description, ...).
/// </summary>
internal sealed class SearchCatalog : IAsyncDisposable
{
    private SearchCatalog(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        Services = services;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public int Acme { get; private set; }

    public int Borealis { get; private set; }

    public int ToolsCategory { get; private set; }

    public static async Task<SearchCatalog> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var catalog = new SearchCatalog(database, database.CreateServices(s => s.AddPortalPricing().AddCatalogSearch()));
        await using var db = database.CreateContext();
        var tools = new Category("Tools", "tools");
        var secret = new Category("Secret", "secret");
        db.Categories.AddRange(tools, secret);
        await db.SaveChangesAsync();

        var toolsCatalog = new ProductCatalog("TOOLS", "Tools");
        toolsCatalog.Include(tools.Id);
        var secretCatalog = new ProductCatalog("SECRET", "Secret");
        secretCatalog.Include(secret.Id);
        db.Catalogs.AddRange(toolsCatalog, secretCatalog);
        await db.SaveChangesAsync();

        var acme = new CustomerCompany("C10000", "Acme", "EUR");
        acme.AssignCatalog(toolsCatalog.Id);
        var borealis = new CustomerCompany("C20000", "Borealis", "EUR");
        borealis.AssignCatalog(secretCatalog.Id);
        db.Companies.AddRange(acme, borealis);

        db.Products.AddRange(
            Product("ABC-100", "Hex bolt M8x40", "Zinc plated steel", tools.Id),
            Product("ABC-1000", "Anchor plate", "Fits every bolt of the range", tools.Id),
            Product("ABC-200", "Cordless drill", "Comes with a grinder attachment", tools.Id),
            Product("ABC_9", "Spare chuck", null, tools.Id),
            Product("XYZ-100", "Hex bolt secret edition", "Not for Acme: grinder inside", secret.Id, "Secretco"));
        await db.SaveChangesAsync();

        catalog.Acme = acme.Id;
        catalog.Borealis = borealis.Id;
        catalog.ToolsCategory = tools.Id;
        return catalog;
    }

    public async Task<CatalogPage> SearchAsync(int companyId, string terms, CatalogSort sort = CatalogSort.Relevance)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogSearch>()
            .SearchAsync(companyId, new CatalogSearchRequest(terms, Sort: sort), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static Product Product(string sku, string name, string? description, int categoryId, string brand = "Apex")
    {
        var product = new Product(Sku.Create(sku), name, categoryId, "PCS", Money.Of(1, "EUR"));
        product.Describe(description, brand);
        return product;
    }
}
