using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Catalog;

/// <summary>
/// Words a buyer may search for one another ("screw, schraube, vis"): a search for any of them finds products named
/// with any of them. An administrator keeps the list; each group is a set of single words, each in one group at most.
/// </summary>
public class SearchSynonymGroup
{
    public const int WordsMaxLength = 500;
    public const int MaxWordsPerGroup = 20;
    public const int MaxWordLength = 50;

    private SearchSynonymGroup() { }

    public SearchSynonymGroup(IReadOnlyList<string> words, Actor by, DateTimeOffset now)
    {
        Set(words, by, now);
    }

    public int Id { get; private set; }

    /// <summary>The words, lower-case, separated by ", ".</summary>
    public string Words { get; private set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; } = string.Empty;

    public IReadOnlyList<string> WordList => Words.Split(", ", StringSplitOptions.RemoveEmptyEntries);

    internal void Set(IReadOnlyList<string> words, Actor by, DateTimeOffset now)
    {
        Words = string.Join(", ", words);
        UpdatedAt = now;
        UpdatedBy = by.DisplayName;
    }

    /// <summary>
    /// The words of a group as an administrator types them, separated by commas or new lines: each one word of
    /// letters and digits (the search matches words, not phrases), at least two, at most <see cref="MaxWordsPerGroup"/>.
    /// </summary>
    public static IReadOnlyList<string> Parse(string? input)
    {
        var entries = (input ?? string.Empty).Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var words = new List<string>();
        foreach (var entry in entries)
        {
            var split = SearchText.Split(entry);
            if (split.Count != 1 || split[0].Length != entry.Length)
            {
                throw new DomainException($"'{Echo.Of(entry)}' is not one word: a synonym is a single word of letters and digits (separate words with commas).", "Words");
            }

            if (split[0].Length > MaxWordLength)
            {
                throw new DomainException($"'{Echo.Of(entry)}' is longer than {MaxWordLength} characters.", "Words");
            }

            if (!words.Contains(split[0]))
            {
                words.Add(split[0]);
            }
        }

        if (words.Count is < 2 or > MaxWordsPerGroup)
        {
            throw new DomainException($"A synonym group has 2 to {MaxWordsPerGroup} different words; this one has {words.Count}.", "Words");
        }

        if (string.Join(", ", words).Length > WordsMaxLength)
        {
            throw new DomainException($"A synonym group has at most {WordsMaxLength} characters.", "Words");
        }

        return words;
    }
}

/// <summary>
/// Changes to the synonym list, each audited ("SearchSynonyms", the group's id), and applied to searches at once on
/// this node (the vocabulary is invalidated) and within <see cref="CatalogSearchOptions.VocabularyRefreshSeconds"/> on others.
/// </summary>
public sealed class SearchSynonyms(PortalDbContext db, ISearchVocabulary vocabulary, TimeProvider clock)
{
    private const string EntityType = "SearchSynonyms";

    public async Task<SearchSynonymGroup> AddAsync(Actor by, string? input, CancellationToken ct)
    {
        var words = SearchSynonymGroup.Parse(input);
        await EnsureNotElsewhereAsync(words, null, ct);
        var group = new SearchSynonymGroup(words, by, clock.GetUtcNow());
        db.Set<SearchSynonymGroup>().Add(group);
        await db.SaveChangesAsync(ct);
        await AuditAsync(by, group.Id, "Added", null, group.Words, ct);
        return group;
    }

    public async Task ChangeAsync(Actor by, int id, string? input, CancellationToken ct)
    {
        var group = await FindAsync(id, ct);
        var words = SearchSynonymGroup.Parse(input);
        await EnsureNotElsewhereAsync(words, id, ct);
        var before = group.Words;
        group.Set(words, by, clock.GetUtcNow());
        await AuditAsync(by, id, "Changed", before, group.Words, ct);
    }

    public async Task DeleteAsync(Actor by, int id, CancellationToken ct)
    {
        var group = await FindAsync(id, ct);
        db.Set<SearchSynonymGroup>().Remove(group);
        await AuditAsync(by, id, "Deleted", group.Words, null, ct);
    }

    private async Task<SearchSynonymGroup> FindAsync(int id, CancellationToken ct) =>
        await db.Set<SearchSynonymGroup>().SingleOrDefaultAsync(g => g.Id == id, ct)
            ?? throw new DomainException("That synonym group no longer exists; it may have been deleted in another window.");

    /// <summary>A word in two groups would make "synonym of a synonym" ambiguous: one group per word.</summary>
    private async Task EnsureNotElsewhereAsync(IReadOnlyList<string> words, int? id, CancellationToken ct)
    {
        var others = await db.Set<SearchSynonymGroup>().AsNoTracking().Where(g => g.Id != id).Select(g => g.Words).ToListAsync(ct);
        var taken = words.FirstOrDefault(w => others.Any(o => o.Split(", ").Contains(w)));
        if (taken is not null)
        {
            throw new DomainException($"'{taken}' is already in another synonym group; a word belongs to one group.", "Words");
        }
    }

    private async Task AuditAsync(Actor by, int id, string action, string? before, string? after, CancellationToken ct)
    {
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), by.UserId, by.DisplayName, null, EntityType,
            id.ToString(System.Globalization.CultureInfo.InvariantCulture), action, before, after));
        await db.SaveChangesAsync(ct);
        vocabulary.Invalidate();
    }
}
