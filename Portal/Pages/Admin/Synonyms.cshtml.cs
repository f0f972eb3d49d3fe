using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Admin;

/// <summary>The search's synonym list: groups of words a buyer may search for one another (administrators; every change audited).</summary>
public sealed class SynonymsModel(PortalDbContext db, SearchSynonyms synonyms) : PageModel, IFormPage
{
    public sealed record GroupRow(int Id, string Words, string UpdatedBy, DateTimeOffset UpdatedAt);

    public IReadOnlyList<GroupRow> Groups { get; private set; } = [];

    /// <summary>The words of a new group, or of the group being changed, separated by commas.</summary>
    [BindProperty]
    public string? Words { get; set; }

    /// <summary>The group whose form failed, so its message shows beside it.</summary>
    public int? FailedId { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task LoadAsync(CancellationToken ct) =>
        Groups = await db.Set<SearchSynonymGroup>().AsNoTracking().OrderBy(g => g.Words)
            .Select(g => new GroupRow(g.Id, g.Words, g.UpdatedBy, g.UpdatedAt)).ToListAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var group = await synonyms.AddAsync(User.ToActor(), Words, ct);
        TempData["Flash"] = $"Synonyms added: {group.Words}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostChangeAsync(int id, CancellationToken ct)
    {
        FailedId = id;
        await synonyms.ChangeAsync(User.ToActor(), id, Words, ct);
        TempData["Flash"] = "Synonyms saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        await synonyms.DeleteAsync(User.ToActor(), id, ct);
        TempData["Flash"] = "Synonym group deleted.";
        return RedirectToPage();
    }
}
