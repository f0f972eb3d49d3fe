using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Catalog;

/// <summary>
/// Search that forgives, on each provider's own index: SKUs without separators, misspelt words corrected (and said so),
/// British/American spellings, the administrators' synonyms; and no correction that tells of another company's catalog.
/// </summary>
public sealed class ForgivingSearchTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_SKU_is_found_without_its_separators_and_in_any_case(DatabaseProvider provider)
    {
        await using var catalog = await CreateAsync(provider);

        var page = await catalog.SearchAsync(catalog.Acme, "anc000321");

        Assert.Equal("ANC-000321", page.Items[0].Sku);
        Assert.Equal(["ANC-000321"], (await catalog.SearchAsync(catalog.Acme, "ANC 000321")).Items.Select(i => i.Sku));
        Assert.Equal(["ANC-000321"], (await catalog.SearchAsync(catalog.Acme, "anc-0003")).Items.Select(i => i.Sku));
        Assert.Null(page.CorrectedQuery);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_misspelt_word_finds_what_it_meant_and_says_what_was_searched(DatabaseProvider provider)
    {
        await using var catalog = await CreateAsync(provider);

        var page = await catalog.SearchAsync(catalog.Acme, "hamer");
        var twoWords = await catalog.SearchAsync(catalog.Acme, "clw hamer");

        Assert.Equal("hammer", page.CorrectedQuery);
        Assert.Equal(["ANC-000400"], page.Items.Select(i => i.Sku));
        Assert.Equal("claw hammer", twoWords.CorrectedQuery);
        Assert.Equal(["ANC-000400"], twoWords.Items.Select(i => i.Sku));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_exact_search_is_not_corrected(DatabaseProvider provider)
    {
        await using var catalog = await CreateAsync(provider);

        var page = await catalog.SearchAsync(catalog.Acme, "hamer", forgiving: false);

        Assert.Empty(page.Items);
        Assert.Null(page.CorrectedQuery);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task British_and_American_spellings_find_each_other(DatabaseProvider provider)
    {
        await using var catalog = await CreateAsync(provider);

        var british = await catalog.SearchAsync(catalog.Acme, "galvanised nail");
        var american = await catalog.SearchAsync(catalog.Acme, "galvanized");

        Assert.Equal(["ANC-000500", "ANC-000501"], british.Items.Select(i => i.Sku).Order(StringComparer.Ordinal));
        Assert.Null(british.CorrectedQuery);
        Assert.Equal(["ANC-000500", "ANC-000501"], american.Items.Select(i => i.Sku).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_synonym_an_administrator_adds_applies_to_the_next_search_and_is_audited(DatabaseProvider provider)
    {
        await using var catalog = await CreateAsync(provider);
        Assert.Empty((await catalog.SearchAsync(catalog.Acme, "Schraube M4")).Items);

        await using (var scope = catalog.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SearchSynonyms>().AddAsync(TestActors.Administrator, "screw, Schraube", CancellationToken.None);
        }

        Assert.Equal(["ANC-000600"], (await catalog.SearchAsync(catalog.Acme, "Schraube M4")).Items.Select(i => i.Sku));
        Assert.Equal(["ANC-000600"], (await catalog.SearchAsync(catalog.Acme, "schraube")).Items.Select(i => i.Sku));
        await using var db = catalog.Database.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityType == "SearchSynonyms");
        Assert.Equal(("Added", "screw, schraube"), (audit.Action, audit.After));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_correction_is_never_offered_from_words_only_another_companys_catalog_has(DatabaseProvider provider)
    {
        await using var catalog = await CreateAsync(provider);

        // "secret" is a word of Borealis's catalog only.
        var acme = await catalog.SearchAsync(catalog.Acme, "secrat");
        var borealis = await catalog.SearchAsync(catalog.Borealis, "secrat");

        Assert.Equal((0, null), (acme.Items.Count, acme.CorrectedQuery));
        Assert.Equal("secret", borealis.CorrectedQuery);
    }

    [Fact]
    public void A_synonym_group_is_two_or_more_single_words()
    {
        Assert.Equal(["screw", "schraube", "vis"], SearchSynonymGroup.Parse(" Screw,schraube\nVIS, screw "));
        Assert.Equal("Words", Assert.Throws<DomainException>(() => SearchSynonymGroup.Parse("hex bolt, sechskantschraube")).Field);
        Assert.Throws<DomainException>(() => SearchSynonymGroup.Parse("screw"));
        Assert.Throws<DomainException>(() => SearchSynonymGroup.Parse("m8x40, m8-40"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_word_belongs_to_one_synonym_group(DatabaseProvider provider)
    {
        await using var catalog = await CreateAsync(provider);
        await using var scope = catalog.Services.CreateAsyncScope();
        var synonyms = scope.ServiceProvider.GetRequiredService<SearchSynonyms>();
        await synonyms.AddAsync(TestActors.Administrator, "screw, schraube", CancellationToken.None);

        var refused = await Assert.ThrowsAsync<DomainException>(() => synonyms.AddAsync(TestActors.Administrator, "vis, screw", CancellationToken.None));

        Assert.Contains("'screw' is already in another synonym group", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<ForgivingCatalog> CreateAsync(DatabaseProvider provider)
    {
        var catalog = await SearchCatalog.CreateAsync(provider);
        await using var db = catalog.Database.CreateContext();
        db.Products.AddRange(
            Product("ANC-000321", "Wedge anchor M10", "Concrete anchor", catalog.ToolsCategory),
            Product("ANC-000400", "Claw hammer 16oz", "Steel shaft", catalog.ToolsCategory),
            Product("ANC-000500", "Galvanized nail 50 mm", null, catalog.ToolsCategory),
            Product("ANC-000501", "Roofing nail", "Galvanised steel", catalog.ToolsCategory),
            Product("ANC-000600", "Machine screw M4", "Zinc", catalog.ToolsCategory));
        await db.SaveChangesAsync();
        return new ForgivingCatalog(catalog);
    }

    private static Product Product(string sku, string name, string? description, int categoryId)
    {
        var product = new Product(Sku.Create(sku), name, categoryId, "PCS", Money.Of(1, "EUR"));
        product.Describe(description, "Apex");
        return product;
    }

    private sealed class ForgivingCatalog(SearchCatalog catalog) : IAsyncDisposable
    {
        public int Acme => catalog.Acme;

        public int Borealis => catalog.Borealis;

        public ServiceProvider Services => catalog.Services;

        public TestDatabase Database => catalog.Database;

        public async Task<CatalogPage> SearchAsync(int companyId, string terms, bool forgiving = true)
        {
            await using var scope = Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CatalogSearch>()
                .SearchAsync(companyId, new CatalogSearchRequest(terms, Forgiving: forgiving), CancellationToken.None);
        }

        public ValueTask DisposeAsync() => catalog.DisposeAsync();
    }
}
