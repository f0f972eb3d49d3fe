using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace B2BPortal.Integration.Catalog;

/// <summary>
/// The catalog's words in memory, the same for every provider: the distinct words of active products' names, brands and
/// category names with how often each occurs (a few thousand words for 100,000 products), and the synonym list.
/// Read on first use, then again in the background once older than <see cref="CatalogSearchOptions.VocabularyRefreshSeconds"/>
/// (searches meanwhile use the words held), and at once after the synonym list changes on this node.
/// A correction is the catalog word at the smallest edit distance (adjacent swaps count one), one edit for words of
/// up to five letters and two for longer ones, the more frequent first; words of fewer than three letters, numbers
/// and words that are the start of a catalog word are left as typed.
/// </summary>
public sealed class SearchVocabulary(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CatalogSearchOptions> options) : ISearchVocabulary, IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot? _snapshot;
    private int _refreshing;

    /// <summary>
    /// British and American spellings (suffix rules, both ways, each with the shortest word it applies to). A variant
    /// is one more alternative of the word, so it can only add matches; the rules leave out suffixes whose variant
    /// would be the start of unrelated words (filled → filed).
    /// </summary>
    private static readonly (string British, string American, int MinLength)[] SpellingSuffixes =
    [
        ("isation", "ization", 8), ("isations", "izations", 9), ("ised", "ized", 6), ("ise", "ize", 6), ("ises", "izes", 7),
        ("ising", "izing", 7), ("our", "or", 6), ("ours", "ors", 7), ("tre", "ter", 5), ("tres", "ters", 6),
        ("inium", "inum", 8), ("ogue", "og", 7), ("ogues", "ogs", 8), ("grey", "gray", 4),
    ];

    public async ValueTask<SearchText> ExpandAsync(SearchText text, CancellationToken ct)
    {
        var snapshot = await GetAsync(ct);
        return text.WithAlternatives(word => snapshot.Alternatives(word));
    }

    public async ValueTask<SearchText?> CorrectAsync(SearchText text, CancellationToken ct)
    {
        var snapshot = await GetAsync(ct);
        var corrections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in text.Words.Select(w => w[0]))
        {
            if (snapshot.Correct(word) is { } correction)
            {
                corrections[word] = correction;
            }
        }

        return corrections.Count == 0 ? null : text.Replace(corrections);
    }

    public void Invalidate() => _snapshot = null;

    public void Dispose() => _loading.Dispose();

    private async ValueTask<Snapshot> GetAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is null)
        {
            await _loading.WaitAsync(ct);
            try
            {
                snapshot = _snapshot ??= await LoadAsync(ct);
            }
            finally
            {
                _loading.Release();
            }
        }
        else if (clock.GetUtcNow() - snapshot.LoadedAt > TimeSpan.FromSeconds(options.Value.VocabularyRefreshSeconds)
                 && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    _snapshot = await LoadAsync(CancellationToken.None);
                }
                finally
                {
                    Volatile.Write(ref _refreshing, 0);
                }
            }, CancellationToken.None);
        }

        return snapshot;
    }

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string? text)
        {
            foreach (var word in SearchText.Split(text ?? string.Empty))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        await foreach (var name in db.Products.AsNoTracking().Where(p => p.IsActive).Select(p => p.Name).AsAsyncEnumerable().WithCancellation(ct))
        {
            Count(name);
        }

        foreach (var other in await db.Categories.AsNoTracking().Select(c => c.Name)
                     .Concat(db.Products.AsNoTracking().Where(p => p.IsActive && p.Brand != null).Select(p => p.Brand!).Distinct())
                     .ToListAsync(ct))
        {
            Count(other);
        }

        var groups = await db.Set<SearchSynonymGroup>().AsNoTracking().Select(g => g.Words).ToListAsync(ct);
        return new Snapshot(counts, groups.Select(g => g.Split(", ", StringSplitOptions.RemoveEmptyEntries)).ToList(), clock.GetUtcNow());
    }

    private sealed class Snapshot
    {
        private readonly string[] _sorted;
        private readonly Dictionary<string, int> _counts;
        private readonly Dictionary<string, string[]> _synonyms = new(StringComparer.Ordinal);

        public Snapshot(Dictionary<string, int> counts, IReadOnlyList<string[]> groups, DateTimeOffset loadedAt)
        {
            _counts = counts;
            _sorted = counts.Keys.Order(StringComparer.Ordinal).ToArray();
            foreach (var group in groups)
            {
                foreach (var word in group)
                {
                    _synonyms[word] = group;
                }
            }

            LoadedAt = loadedAt;
        }

        public DateTimeOffset LoadedAt { get; }

        public IEnumerable<string> Alternatives(string word)
        {
            var synonyms = _synonyms.GetValueOrDefault(word) ?? [];
            return synonyms.Concat(synonyms.Prepend(word).SelectMany(Spellings)).Where(a => a != word);
        }

        public string? Correct(string word)
        {
            if (word.Length < 3 || word.Any(char.IsDigit) || IsPrefixOfAWord(word) || _synonyms.ContainsKey(word) || Spellings(word).Any(IsPrefixOfAWord))
            {
                return null;
            }

            var allowed = word.Length <= 5 ? 1 : 2;
            string? best = null;
            var bestDistance = int.MaxValue;
            foreach (var candidate in _sorted)
            {
                if (Math.Abs(candidate.Length - word.Length) > allowed)
                {
                    continue;
                }

                var distance = Distance(word, candidate, allowed + 1);
                if (distance <= allowed && (distance < bestDistance || (distance == bestDistance && _counts[candidate] > _counts[best!])))
                {
                    (best, bestDistance) = (candidate, distance);
                }
            }

            return bestDistance <= allowed ? best : null;
        }

        /// <summary>The other spellings of a word (galvanised → galvanized, color → colour).</summary>
        private static IEnumerable<string> Spellings(string word)
        {
            foreach (var (british, american, minLength) in SpellingSuffixes)
            {
                // The shortest word is given in British spelling; the American one is shorter by the suffixes' difference.
                foreach (var (from, to, shortest) in new[] { (british, american, minLength), (american, british, minLength - british.Length + american.Length) })
                {
                    if (word.Length >= Math.Max(shortest, from.Length) && word.EndsWith(from, StringComparison.Ordinal))
                    {
                        yield return word[..^from.Length] + to;
                    }
                }
            }
        }

        private bool IsPrefixOfAWord(string word)
        {
            var index = Array.BinarySearch(_sorted, word, StringComparer.Ordinal);
            if (index >= 0)
            {
                return true;
            }

            index = ~index;
            return index < _sorted.Length && _sorted[index].StartsWith(word, StringComparison.Ordinal);
        }

        /// <summary>Optimal string alignment distance (insert, delete, substitute, swap two neighbours), giving up at <paramref name="limit"/>.</summary>
        private static int Distance(string a, string b, int limit)
        {
            var previous2 = new int[b.Length + 1];
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                var rowMin = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        value = Math.Min(value, previous2[j - 2] + 1);
                    }

                    current[j] = value;
                    rowMin = Math.Min(rowMin, value);
                }

                if (rowMin >= limit)
                {
                    return limit;
                }

                (previous2, previous, current) = (previous, current, previous2);
            }

            return previous[b.Length];
        }
    }
}
