using System.Linq.Expressions;
using System.Text;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Integration.Persistence.Search;

// Each provider answers "which product ids match these terms" from indexes only: the SKU index for exact and
// prefix SKUs, the provider's full-text index for words in name and description (a word matches by prefix,
// every word must match). The ids come back as one uncorrelated subquery, so the database finds them once and
// the caller's visibility filter, ordering and paging compose on top (see ProductSearchSql for the indexes and
// docs/performance.md for the measurements). UNION ALL, not UNION: IN ignores duplicates, so no de-duplication sort.

/// <summary>
/// A row of SQLite's FTS5 table ProductSearch, as EF sees it: the product's id (the table's rowid) and the hidden
/// column named after the table, for which <c>ProductSearch = 'query'</c> means <c>ProductSearch MATCH 'query'</c>.
/// </summary>
internal sealed class ProductSearchRow
{
    public const string Table = "ProductSearch";

    public int ProductId { get; set; }

    public string Match { get; set; } = string.Empty;
}

/// <summary>SQLite: the unique SKU index by range, and the FTS5 table ProductSearch kept in sync by triggers.</summary>
internal sealed class SqliteProductTextSearch(PortalDbContext db) : IProductTextSearch
{
    public IQueryable<Product> Filter(IQueryable<Product> products, SearchText terms)
    {
        var ids = MatchingIds(terms, out _);
        return products.Where(p => ids.Contains(p.Id));
    }

    /// <summary>
    /// SQLite drives an <c>Id IN (matches)</c> query from the matches: it reads every one of them and sorts them, which
    /// for a broad word ("premium": 16,000 matches) costs 20–40 ms. Walking the sort index instead and testing each row
    /// stops after the page: it reads about rowsNeeded × products / matches rows. So: count the word's matches (capped
    /// where the two costs meet, √(rowsNeeded × products)), and when there are at least that many, hide Id from the
    /// planner (<c>Id + 0</c>) so it walks the sort index. A narrow word keeps the plan that reads only its matches.
    /// </summary>
    public async Task<IQueryable<Product>> FilterForIndexOrderAsync(IQueryable<Product> products, SearchText terms, int rowsNeeded, CancellationToken ct)
    {
        var ids = MatchingIds(terms, out var match);
        if (match is null)
        {
            return products.Where(p => ids.Contains(p.Id));
        }

        // max(Id) is read from the end of the rowid b-tree: O(1), and close enough to the number of products.
        var total = await db.Products.MaxAsync(p => (int?)p.Id, ct) ?? 0;
        var breakEven = (int)Math.Ceiling(Math.Sqrt((double)Math.Max(1, rowsNeeded) * total));
        var matches = await Words(match).Take(breakEven).CountAsync(ct);
        return matches < breakEven
            ? products.Where(p => ids.Contains(p.Id))
            : products.Where(p => ids.Contains(p.Id + 0));
    }

    /// <summary>
    /// For the count, FTS5 drives a join: it streams the word's matches and the count stops after its cap, where
    /// <c>Id IN (matches)</c> first collects all of them ("premium": 16,685 rows, 3–6 ms, for a count capped at 1,001).
    /// A product matched by both its SKU and its words is counted in the word arm only.
    /// </summary>
    public IQueryable<Product> FilterForCount(IQueryable<Product> products, SearchText terms)
    {
        var match = SearchWords.Fts5Query(terms);
        if (match is null)
        {
            return Filter(products, terms);
        }

        var words = Words(match);
        return products.Where(SkuStartsWith(terms)).Where(p => !words.Contains(p.Id))
            .Concat(products.Join(Rows(match), p => p.Id, r => r.ProductId, (p, _) => p));
    }

    /// <summary>
    /// Ids of the products whose SKU starts with the terms or whose name or description has every word (UNION ALL:
    /// IN ignores duplicates, so no de-duplicating sort). SQLite compares text by bytes, so the SKU range walks the
    /// unique index (LIKE would not: SQLite only uses an index for LIKE on NOCASE columns).
    /// </summary>
    private IQueryable<int> MatchingIds(SearchText terms, out string? match)
    {
        var bySku = db.Products.Where(SkuStartsWith(terms)).Select(p => p.Id);
        match = SearchWords.Fts5Query(terms);
        return match is null ? bySku : bySku.Concat(Words(match));
    }

    /// <summary>The SKU prefix as a range on the SKU index, or, typed without separators, on the SKU-key index.</summary>
    private static Expression<Func<Product, bool>> SkuStartsWith(SearchText terms)
    {
        var (from, to) = SearchWords.SkuRange(terms);
        return terms.MatchesSkuKey
            ? p => p.SkuKey.CompareTo(from) >= 0 && p.SkuKey.CompareTo(to) < 0
            : p => p.Sku.CompareTo(from) >= 0 && p.Sku.CompareTo(to) < 0;
    }

    private IQueryable<ProductSearchRow> Rows(string match) => db.Set<ProductSearchRow>().Where(r => r.Match == match);

    private IQueryable<int> Words(string match) => Rows(match).Select(r => r.ProductId);
}

/// <summary>
/// PostgreSQL: a "C"-collated index on SKU and a GIN index over the 'simple' tsvector of name and description,
/// both on Products itself, so the planner ORs the two index scans (BitmapOr) and reads each matching row once.
/// SKU prefixes are a byte range, not LIKE: LIKE is only approximated by the index, so PostgreSQL would recheck the
/// whole OR per row and recompute the tsvector 16,000 times for a broad word (150 ms instead of 30 ms).
/// </summary>
internal sealed class PostgresProductTextSearch : IProductTextSearch
{
    public IQueryable<Product> Filter(IQueryable<Product> products, SearchText terms)
    {
        var (from, to) = SearchWords.SkuRange(terms);
        var query = SearchWords.TsQuery(terms);

        // Every expression must stay the one indexed (ProductSearchSql; the SKU key's column is "C"-collated), or
        // PostgreSQL no longer recognises the indexes (the PostgreSQL search tests check the plan).
        if (terms.MatchesSkuKey)
        {
            return query is null
                ? products.Where(p => p.SkuKey.CompareTo(from) >= 0 && p.SkuKey.CompareTo(to) < 0)
                : products.Where(p => (p.SkuKey.CompareTo(from) >= 0 && p.SkuKey.CompareTo(to) < 0)
                    || EF.Functions.ToTsVector(SearchWords.PostgresConfig, p.Name + " " + (p.Description ?? string.Empty))
                        .Matches(EF.Functions.ToTsQuery(SearchWords.PostgresConfig, query)));
        }

        return query is null
            ? products.Where(p => EF.Functions.Collate(p.Sku, "C").CompareTo(from) >= 0 && EF.Functions.Collate(p.Sku, "C").CompareTo(to) < 0)
            : products.Where(p => (EF.Functions.Collate(p.Sku, "C").CompareTo(from) >= 0 && EF.Functions.Collate(p.Sku, "C").CompareTo(to) < 0)
                || EF.Functions.ToTsVector(SearchWords.PostgresConfig, p.Name + " " + (p.Description ?? string.Empty))
                    .Matches(EF.Functions.ToTsQuery(SearchWords.PostgresConfig, query)));
    }
}

/// <summary>
/// SQL Server: the unique SKU index for prefixes and full-text CONTAINS over name and description when the
/// full-text index exists (the migration creates it where full-text search is installed); otherwise every word
/// is looked for with LIKE, which is correct but scans the table.
/// </summary>
internal sealed class SqlServerProductTextSearch(PortalDbContext db, SqlServerFullTextProbe fullText) : IProductTextSearch
{
    public IQueryable<Product> Filter(IQueryable<Product> products, SearchText terms)
    {
        var byKey = terms.MatchesSkuKey;
        var skuPattern = SearchWords.SkuLikePattern(byKey ? terms.SkuKey : terms.Sku);
        var skuIds = byKey
            ? db.Database.SqlQuery<int>($"SELECT [Id] AS [Value] FROM [Products] WHERE [SkuKey] LIKE {skuPattern} ESCAPE '\\'")
            : db.Database.SqlQuery<int>($"SELECT [Id] AS [Value] FROM [Products] WHERE [Sku] LIKE {skuPattern} ESCAPE '\\'");
        var words = terms.Words;
        if (words.Count == 0)
        {
            return products.Where(p => skuIds.Contains(p.Id));
        }

        if (fullText.IsAvailable(db))
        {
            // Every word, each as any of its alternatives: ("schraube*" OR "screw*") AND "m8*".
            var contains = string.Join(" AND ", words.Select(w => "(" + string.Join(" OR ", w.Select(a => $"\"{a}*\"")) + ")"));
            var ids = byKey
                ? db.Database.SqlQuery<int>($"""
                    SELECT [Id] AS [Value] FROM [Products] WHERE [SkuKey] LIKE {skuPattern} ESCAPE '\'
                    UNION ALL
                    SELECT [Id] FROM [Products] WHERE CONTAINS(([Name], [Description]), {contains})
                    """)
                : db.Database.SqlQuery<int>($"""
                    SELECT [Id] AS [Value] FROM [Products] WHERE [Sku] LIKE {skuPattern} ESCAPE '\'
                    UNION ALL
                    SELECT [Id] FROM [Products] WHERE CONTAINS(([Name], [Description]), {contains})
                    """);
            return products.Where(p => ids.Contains(p.Id));
        }

        var textMatches = products;
        foreach (var word in words)
        {
            var patterns = word.Select(a => "%" + SearchWords.EscapeLike(a) + "%").ToList();
            textMatches = textMatches.Where(p => patterns.Any(a => EF.Functions.Like(p.Name, a, "\\") || EF.Functions.Like(p.Description!, a, "\\")));
        }

        var textIds = textMatches.Select(p => p.Id);
        return products.Where(p => skuIds.Contains(p.Id) || textIds.Contains(p.Id));
    }
}

/// <summary>Asks SQL Server once per process whether Products has a full-text index (it has none where full-text search is not installed).</summary>
internal sealed class SqlServerFullTextProbe
{
    private bool? _available;

    public bool IsAvailable(PortalDbContext db) =>
        _available ??= db.Database
            .SqlQuery<int>($"SELECT CASE WHEN EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID(N'[Products]')) THEN 1 ELSE 0 END AS [Value]")
            .AsEnumerable()
            .Single() == 1;
}

/// <summary>Turns what a buyer typed into words and into each provider's query syntax, with nothing of the syntax left to the buyer.</summary>
internal static class SearchWords
{
    public const int MaxWords = SearchText.MaxWords;

    /// <summary>No stemming and no stop words: SKU-like tokens, sizes and brand names stay searchable.</summary>
    public const string PostgresConfig = "simple";

    /// <summary>Runs of letters and digits, lower-cased: the same split the full-text tokenizers make.</summary>
    public static IReadOnlyList<string> Split(string terms) => SearchText.Split(terms);

    /// <summary>FTS5: every word as a quoted prefix ("hex"* "bolt"*: an implicit AND); a word with alternatives as an OR group, then with explicit ANDs.</summary>
    public static string? Fts5Query(SearchText terms)
    {
        if (terms.Words.Count == 0)
        {
            return null;
        }

        return terms.Words.All(w => w.Count == 1)
            ? string.Join(' ', terms.Words.Select(w => $"\"{w[0]}\"*"))
            : string.Join(" AND ", terms.Words.Select(w => "(" + string.Join(" OR ", w.Select(a => $"\"{a}\"*")) + ")"));
    }

    /// <summary>PostgreSQL to_tsquery: hex:* &amp; bolt:*, a word with alternatives as (schraube:* | screw:*).</summary>
    public static string? TsQuery(SearchText terms) =>
        terms.Words.Count == 0
            ? null
            : string.Join(" & ", terms.Words.Select(w => w.Count == 1 ? w[0] + ":*" : "(" + string.Join(" | ", w.Select(a => a + ":*")) + ")"));

    /// <summary>The range of the text as a SKU prefix: of its SKU key when typed without separators, else of the SKU as typed. A text with no letter or digit matches no SKU key.</summary>
    public static (string From, string To) SkuRange(SearchText terms) =>
        !terms.MatchesSkuKey ? SkuRange(terms.Sku)
        : terms.SkuKey.Length == 0 ? (NoSku, NoSku)
        : SkuRange(terms.SkuKey);

    /// <summary>An empty range: nothing is at least and below it at once.</summary>
    private const string NoSku = "\uffff";

    /// <summary>
    /// The byte range of SKUs starting with <paramref name="prefix"/>: [prefix, prefix with its last character
    /// incremented). SKUs are upper-case ASCII, so under a binary ("C") comparison this is exactly "starts with".
    /// </summary>
    public static (string From, string To) SkuRange(string prefix) =>
        prefix.Length == 0 ? (string.Empty, "\uffff") : (prefix, prefix[..^1] + (char)(prefix[^1] + 1));

    public static string SkuLikePattern(string sku) => EscapeLike(sku) + "%";

    /// <summary>Escapes LIKE's wildcards with '\' (SKUs may contain '_').</summary>
    public static string EscapeLike(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal)
        .Replace("[", "\\[", StringComparison.Ordinal);
}
