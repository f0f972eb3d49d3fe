using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Persistence.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace B2BPortal.Tests.Catalog;

/// <summary>What a buyer types never reaches a full-text engine as syntax: only words, quoted or suffixed by us.</summary>
public sealed class SearchWordsTests
{
    [Theory]
    [InlineData("Hex bolt", "\"hex\"* \"bolt\"*", "hex:* & bolt:*")]
    [InlineData("  M8x40, zinc-plated! ", "\"m8x40\"* \"zinc\"* \"plated\"*", "m8x40:* & zinc:* & plated:*")]
    [InlineData("\"bolt\" OR NEAR(x) & !y:*", "\"bolt\"* \"or\"* \"near\"* \"x\"* \"y\"*", "bolt:* & or:* & near:* & x:* & y:*")]
    [InlineData("Fräse Fräse", "\"fräse\"*", "fräse:*")]
    public void Terms_become_quoted_word_prefixes(string terms, string fts5, string tsQuery)
    {
        Assert.Equal(fts5, SearchWords.Fts5Query(terms));
        Assert.Equal(tsQuery, SearchWords.TsQuery(terms));
    }

    [Theory]
    [InlineData("---")]
    [InlineData("%_*")]
    public void Terms_without_letters_or_digits_leave_only_the_SKU_search(string terms)
    {
        Assert.Null(SearchWords.Fts5Query(terms));
        Assert.Null(SearchWords.TsQuery(terms));
    }

    [Fact]
    public void At_most_eight_words_are_searched()
    {
        Assert.Equal(SearchWords.MaxWords, SearchWords.Split("a b c d e f g h i j k").Count);
    }

    [Theory]
    [InlineData("ABC-1", "ABC-1", "ABC-2")]
    [InlineData("ABC_", "ABC_", "ABC`")]
    [InlineData("Z", "Z", "[")]
    public void A_SKU_prefix_is_the_range_up_to_its_last_character_plus_one(string prefix, string from, string to)
    {
        Assert.Equal((from, to), SearchWords.SkuRange(prefix));
    }

    [Fact]
    public void The_SQL_Server_script_creates_the_full_text_index_only_where_full_text_search_is_installed()
    {
        using var db = new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=unused;Database=B2BPortal;TrustServerCertificate=True").Options);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') = 1", script, StringComparison.Ordinal);
        Assert.Contains("CREATE FULLTEXT INDEX ON [Products] ([Name] LANGUAGE 0, [Description] LANGUAGE 0) KEY INDEX [PK_Products]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_Products_ListPrice]", script, StringComparison.Ordinal);
    }
}
