using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

public enum RemovalKind
{
    /// <summary>Lines taken out of the cart: emptied, removed one by one or several at once.</summary>
    CartLines,

    /// <summary>A saved list deleted by its owner.</summary>
    SavedList,
}

/// <summary>
/// What a buyer removed, kept for <see cref="UndoWindow"/> so one click puts it back: the cart's lines (with the prices
/// the buyer had seen) or a deleted saved list with its name, sharing and lines. Only the buyer who removed it may
/// restore it, once. Older removals of the same buyer are deleted when a new one is recorded.
/// </summary>
public class Removal
{
    public static readonly TimeSpan UndoWindow = TimeSpan.FromMinutes(10);

    private readonly List<RemovalLine> _lines = [];

    private Removal() { }

    private Removal(Actor by, RemovalKind kind, string summary, DateTimeOffset now)
    {
        UserId = by.UserId;
        CompanyId = CartService.CompanyOf(by);
        Kind = kind;
        Summary = summary.Length > SummaryMaxLength ? summary[..SummaryMaxLength] : summary;
        RemovedAt = now;
    }

    public const int SummaryMaxLength = 200;

    public int Id { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public int CompanyId { get; private set; }

    public RemovalKind Kind { get; private set; }

    /// <summary>What the undo offer says: "3 lines", or the list's name.</summary>
    public string Summary { get; private set; } = string.Empty;

    public bool ListShared { get; private set; }

    public DateTimeOffset RemovedAt { get; private set; }

    public DateTimeOffset? RestoredAt { get; private set; }

    public IReadOnlyList<RemovalLine> Lines => _lines.AsReadOnly();

    public static Removal OfCartLines(Actor by, IReadOnlyCollection<CartLine> lines, DateTimeOffset now)
    {
        var removal = new Removal(by, RemovalKind.CartLines, lines.Count == 1 ? "1 line" : $"{lines.Count:N0} lines", now);
        removal._lines.AddRange(lines.Select(l => new RemovalLine(l.ProductId, l.Quantity, l.PriceSeen, l.PriceSeenCurrency)));
        return removal;
    }

    public static Removal OfList(Actor by, SavedList list, DateTimeOffset now)
    {
        var removal = new Removal(by, RemovalKind.SavedList, list.Name, now) { ListShared = list.IsShared };
        removal._lines.AddRange(list.Lines.Select(l => new RemovalLine(l.ProductId, l.Quantity, null, null)));
        return removal;
    }

    public bool CanUndo(Actor by, DateTimeOffset now) => by.UserId == UserId && RestoredAt is null && now - RemovedAt <= UndoWindow;

    /// <summary>Marks the removal restored; the caller puts the lines back in the same save.</summary>
    public void Restore(Actor by, DateTimeOffset now)
    {
        if (!CanUndo(by, now))
        {
            throw new DomainException(RestoredAt is not null
                ? "That was already put back."
                : $"Too late to undo: a removal can be undone for {UndoWindow.TotalMinutes:0} minutes.");
        }

        RestoredAt = now;
    }
}

public class RemovalLine
{
    private RemovalLine() { }

    internal RemovalLine(int productId, decimal quantity, decimal? priceSeen, string? priceSeenCurrency)
    {
        ProductId = productId;
        Quantity = quantity;
        PriceSeen = priceSeen;
        PriceSeenCurrency = priceSeenCurrency;
    }

    public int Id { get; private set; }

    public int RemovalId { get; private set; }

    public int ProductId { get; private set; }

    public decimal Quantity { get; private set; }

    public decimal? PriceSeen { get; private set; }

    public string? PriceSeenCurrency { get; private set; }

    public Money? Price => PriceSeen is { } amount && PriceSeenCurrency is { } currency ? new Money(amount, currency) : null;
}

/// <summary>Records removals and finds the one a buyer may still undo.</summary>
public static class Removals
{
    public static DbSet<Removal> RemovalSet(this PortalDbContext db) => db.Set<Removal>();

    /// <summary>Adds the removal (saved with the caller's change) and deletes the buyer's removals that can no longer be undone.</summary>
    public static async Task RecordAsync(this PortalDbContext db, Removal removal, CancellationToken ct)
    {
        var expired = removal.RemovedAt - Removal.UndoWindow;
        await db.RemovalSet().Where(r => r.UserId == removal.UserId && (r.RemovedAt < expired || r.RestoredAt != null)).ExecuteDeleteAsync(ct);
        db.RemovalSet().Add(removal);
    }

    /// <summary>The buyer's latest removal of this kind that can still be undone, or null.</summary>
    public static async Task<Removal?> LatestUndoableAsync(this PortalDbContext db, Actor by, RemovalKind kind, DateTimeOffset now, CancellationToken ct)
    {
        var since = now - Removal.UndoWindow;
        return await db.RemovalSet().AsNoTracking()
            .Where(r => r.UserId == by.UserId && r.Kind == kind && r.RestoredAt == null && r.RemovedAt >= since)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);
    }

    public static Task<Removal?> FindUndoableAsync(this PortalDbContext db, Actor by, int id, RemovalKind kind, CancellationToken ct) =>
        db.RemovalSet().Include(r => r.Lines).SingleOrDefaultAsync(r => r.Id == id && r.UserId == by.UserId && r.Kind == kind, ct);
}
