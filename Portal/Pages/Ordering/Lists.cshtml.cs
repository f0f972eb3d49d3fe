using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>Requisition lists: the buyer's own and those shared in the company; add one to the cart; the owner edits.</summary>
public sealed class ListsModel(PortalDbContext db, CartService carts, OrderableProducts products, TimeProvider clock) : PageModel, IFormPage
{
    public sealed record ListRow(int Id, string Name, string OwnerName, bool IsShared, bool IsMine, int Lines, DateTimeOffset UpdatedAt);

    /// <param name="UnitPrice">Today's price for the company at this quantity; null when the product cannot be priced (not orderable now).</param>
    public sealed record ListLineRow(int ProductId, string Sku, string Name, decimal Quantity, Money? UnitPrice, Money? LineTotal);

    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public bool Shared { get; set; }

    /// <summary>"delete": show the step that asks before the selected list is deleted (the page without JavaScript).</summary>
    [BindProperty(SupportsGet = true, Name = "confirm")]
    public string? Confirm { get; set; }

    /// <summary>The buyer's latest deleted list that can still be brought back.</summary>
    public Removal? Undoable { get; private set; }

    public IReadOnlyList<ListRow> Lists { get; private set; } = [];

    public SavedList? Selected { get; private set; }

    public IReadOnlyList<ListLineRow> SelectedLines { get; private set; } = [];

    /// <summary>The list at today's prices; null when a line cannot be priced now.</summary>
    public Money? ListTotal { get; private set; }

    /// <summary>The selected list at today's prices as XLSX or CSV (the buyer's own or a shared list of the company).</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        if (!SheetDownload.IsKnownFormat(format) || Id is null)
        {
            return BadRequest();
        }

        await LoadAsync(ct);
        if (Selected is null)
        {
            return NotFound();
        }

        var rows = SelectedLines.Select(l => (IReadOnlyList<object?>)[l.Sku, l.Name, l.Quantity, l.UnitPrice?.Amount, l.LineTotal?.Amount,
            l.UnitPrice?.Currency, l.UnitPrice is null ? "Not orderable now" : null]);
        return await SheetDownload.FileAsync(format!, $"list-{Selected.Id}", "List",
            ["SKU", "Product", "Quantity", "Unit price today", "Line total", "Currency", "Note"], rows, ct);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Id is not null && Selected is null ? NotFound() : Page();
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var companyId = actor.CompanyId!.Value;
        Lists = (await db.SavedLists().AsNoTracking()
                .Where(l => l.CompanyId == companyId && (l.IsShared || l.OwnerUserId == actor.UserId))
                .OrderBy(l => l.Name)
                .Select(l => new { l.Id, l.Name, l.OwnerName, l.IsShared, l.OwnerUserId, Lines = l.Lines.Count, l.UpdatedAt })
                .ToListAsync(ct))
            .Select(l => new ListRow(l.Id, l.Name, l.OwnerName, l.IsShared, l.OwnerUserId == actor.UserId, l.Lines, l.UpdatedAt)).ToList();
        Undoable = await db.LatestUndoableAsync(actor, RemovalKind.SavedList, clock.GetUtcNow(), ct);
        if (Id is { } id)
        {
            Selected = await VisibleListAsync(id, asNoTracking: true, ct);
            if (Selected is not null)
            {
                var ids = Selected.Lines.Select(l => l.ProductId).ToList();
                var info = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Sku, p.Name }).ToDictionaryAsync(p => p.Id, ct);
                // Current prices, as the cart would charge them today: only for products still in the company's catalog.
                var orderable = await products.FindAsync(companyId, ids, ct);
                var prices = await products.PriceAsync(companyId, Selected.Lines.Where(l => orderable.ContainsKey(l.ProductId)).Select(l => (l.ProductId, l.Quantity)),
                    DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
                SelectedLines = Selected.Lines.Select(l =>
                    {
                        Money? unit = prices.TryGetValue(l.ProductId, out var p) ? p.UnitPrice : null;
                        return new ListLineRow(l.ProductId, info[l.ProductId].Sku, info[l.ProductId].Name, l.Quantity, unit, unit is { } u ? (u * l.Quantity).RoundToCents() : null);
                    })
                    .OrderBy(l => l.Sku, StringComparer.Ordinal).ToList();
                ListTotal = SelectedLines.Count > 0 && SelectedLines.All(l => l.LineTotal is not null)
                    ? SelectedLines.Select(l => l.LineTotal!.Value).Aggregate((a, b) => a + b)
                    : null;
                Name ??= Selected.Name;
            }
        }
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var list = new SavedList(actor.CompanyId!.Value, actor, Name ?? "", Shared, clock.GetUtcNow());
        db.SavedLists().Add(list);
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { id = list.Id });
    }

    public async Task<IActionResult> OnPostAddToCartAsync(int id, CancellationToken ct)
    {
        var list = await VisibleListAsync(id, asNoTracking: true, ct);
        if (list is null)
        {
            return NotFound();
        }

        var result = await carts.AddManyAsync(User.ToActor(), list.Lines.Select(l => new CartAddition(l.ProductId, l.Quantity)).ToList(), ct);
        TempData["Flash"] = $"{result.Added} lines of \"{list.Name}\" added to your cart." + (result.Skipped.Count > 0 ? $" Not orderable any more: {string.Join(", ", result.Skipped.Take(20))}." : "");
        return RedirectToPage("/Ordering/Cart");
    }

    public async Task<IActionResult> OnPostSetLineAsync(int id, string sku, decimal quantity, CancellationToken ct)
    {
        var list = await VisibleListAsync(id, asNoTracking: false, ct);
        if (list is null)
        {
            return NotFound();
        }

        var actor = User.ToActor();
        var normalized = Sku.Normalize(sku);
        var ids = await products.IdsBySkuAsync([normalized], ct);
        if (!ids.TryGetValue(normalized, out var productId) || !(await products.FindAsync(actor.CompanyId!.Value, [productId], ct)).ContainsKey(productId))
        {
            throw new DomainException($"No product {normalized} in your catalog.", "sku");
        }

        list.Set(actor, productId, quantity, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRenameAsync(int id, CancellationToken ct)
    {
        var list = await VisibleListAsync(id, asNoTracking: false, ct);
        if (list is null)
        {
            return NotFound();
        }

        list.Rename(User.ToActor(), Name ?? "", Shared, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        var list = await VisibleListAsync(id, asNoTracking: false, ct);
        if (list is null)
        {
            return NotFound();
        }

        var actor = User.ToActor();
        list.EnsureOwner(actor);
        await db.RecordAsync(Removal.OfList(actor, list, clock.GetUtcNow()), ct);
        db.SavedLists().Remove(list);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"List \"{list.Name}\" deleted.";
        return RedirectToPage(new { id = (int?)null, confirm = (string?)null });
    }

    /// <summary>Brings a deleted list back, as it was, under a new number; products no longer in the catalog are left out.</summary>
    public async Task<IActionResult> OnPostUndoAsync(int removalId, CancellationToken ct)
    {
        var actor = User.ToActor();
        var now = clock.GetUtcNow();
        var removal = await db.FindUndoableAsync(actor, removalId, RemovalKind.SavedList, ct) ?? throw new DomainException("There is nothing to undo.");
        removal.Restore(actor, now);
        var visible = await products.FindAsync(actor.CompanyId!.Value, removal.Lines.Select(l => l.ProductId).ToList(), ct);
        var list = new SavedList(actor.CompanyId!.Value, actor, removal.Summary, removal.ListShared, now);
        foreach (var line in removal.Lines.Where(l => visible.ContainsKey(l.ProductId)))
        {
            list.Set(actor, line.ProductId, line.Quantity, now);
        }

        db.SavedLists().Add(list);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"List \"{list.Name}\" is back.";
        return RedirectToPage(new { id = list.Id });
    }

    /// <summary>A list of the buyer's company that is theirs or shared; null (404) for anything else, including other companies' lists.</summary>
    private async Task<SavedList?> VisibleListAsync(int id, bool asNoTracking, CancellationToken ct)
    {
        var actor = User.ToActor();
        var companyId = actor.CompanyId ?? -1;
        var query = db.SavedLists().Include(l => l.Lines).Where(l => l.Id == id && l.CompanyId == companyId && (l.IsShared || l.OwnerUserId == actor.UserId));
        return await (asNoTracking ? query.AsNoTracking() : query).SingleOrDefaultAsync(ct);
    }
}
