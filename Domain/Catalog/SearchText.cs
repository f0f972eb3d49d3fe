using System.Text;
using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Catalog;

/// <summary>
/// What a buyer typed into the catalog search, as the providers' indexes answer it: the text as a SKU (exact or
/// prefix; with separators as typed, without them against the SKU key) and its words, each with the alternatives that
/// also count for it (synonyms from the administrators' list, British/American spellings). A product matches when the
/// text is a prefix of its SKU, or when for every word one of its alternatives is the prefix of a word of its name or
/// description.
/// </summary>
public sealed class SearchText
{
    public const int MaxWords = 8;

    private SearchText(string raw, IReadOnlyList<IReadOnlyList<string>> words)
    {
        Raw = raw;
        Words = words;
    }

    /// <summary>The text as typed (trimmed).</summary>
    public string Raw { get; }

    /// <summary>Per word, the word itself first, then its alternatives; lower-case, without duplicates.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Words { get; }

    /// <summary>The words as typed, one per word, joined: the text shown in "did you mean".</summary>
    public string Display => string.Join(' ', Words.Select(w => w[0]));

    /// <summary>The text as a SKU, upper-case; the SKU index answers its prefixes.</summary>
    public string Sku => Common.Sku.Normalize(Raw);

    /// <summary>
    /// The text as typed has none of a SKU's separators: it is looked for as a prefix of the SKU key (letters and
    /// digits only), so "anc000321" finds ANC-000321. Typed with separators, it is looked for as a SKU prefix as is,
    /// so "ABC_" finds ABC_9 and not ABC-100.
    /// </summary>
    public bool MatchesSkuKey => !Raw.Any(c => c is '-' or '_' or '.' or '/');

    /// <summary>The SKU key of the text (<see cref="Common.Sku.Key"/>).</summary>
    public string SkuKey => Common.Sku.Key(Raw);

    public static SearchText Parse(string raw)
    {
        var trimmed = (raw ?? string.Empty).Trim();
        return new SearchText(trimmed, Split(trimmed).Select(w => (IReadOnlyList<string>)[w]).ToList());
    }

    /// <summary>Lets callers and tests pass what the buyer typed as it is.</summary>
    public static implicit operator SearchText(string raw) => Parse(raw);

    public static SearchText FromString(string raw) => Parse(raw);

    /// <summary>The same text with more alternatives per word (each list is added after what the word has).</summary>
    public SearchText WithAlternatives(Func<string, IEnumerable<string>> alternatives) =>
        new(Raw, Words.Select(w => (IReadOnlyList<string>)w.Concat(w.SelectMany(alternatives)).Distinct(StringComparer.Ordinal).ToList()).ToList());

    /// <summary>The text with some words replaced (a spelling correction); the alternatives of a replaced word are dropped.</summary>
    public SearchText Replace(IReadOnlyDictionary<string, string> corrections)
    {
        var words = Words.Select(w => corrections.TryGetValue(w[0], out var c) ? (IReadOnlyList<string>)[c] : w).ToList();
        return new SearchText(string.Join(' ', words.Select(w => w[0])), words);
    }

    /// <summary>Runs of letters and digits, lower-cased, each once, at most <see cref="MaxWords"/>: the same split the full-text tokenizers make.</summary>
    public static IReadOnlyList<string> Split(string terms)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in terms + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                if (!words.Contains(current.ToString()))
                {
                    words.Add(current.ToString());
                }

                current.Clear();
            }
        }

        return words.Count > MaxWords ? words[..MaxWords] : words;
    }
}

/// <summary>
/// The catalog's words, for forgiving searches: alternatives for a word (the administrators' synonyms and the other
/// spelling of British/American words) and a correction for a word no product name has ("hamer" → hammer).
/// Kept in memory by the implementation and refreshed as the catalog and the synonym list change.
/// </summary>
public interface ISearchVocabulary
{
    /// <summary>The text with each word's synonyms and spelling variants added as alternatives.</summary>
    ValueTask<SearchText> ExpandAsync(SearchText text, CancellationToken ct);

    /// <summary>The text with every word that no catalog word starts with replaced by the closest catalog word; null when no word needs or has one.</summary>
    ValueTask<SearchText?> CorrectAsync(SearchText text, CancellationToken ct);

    /// <summary>Forget what is held, so the next search reads the catalog and the synonyms again (after an edit).</summary>
    void Invalidate();
}
