using System.Text.Json;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// The rows of one quick-order check (an upload or a paste), kept for <see cref="Lifetime"/> so the buyer acts on the
/// result — "use all suggested quantities", "download the rejected lines" — without sending the file again. Kept in the
/// database, not in one node's memory, because the next click may reach another Portal node. Only the rows are kept,
/// never the verdicts: each use checks them again against today's catalog, prices and rules. Only the buyer who made
/// the check may use it; cells are cut to <see cref="CellMaxLength"/> (a SKU has at most 40 characters, so a longer
/// cell is refused just the same).
/// </summary>
public class QuickOrderCheck
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public const int SourceMaxLength = 200;

    public const int CellMaxLength = 200;

    private QuickOrderCheck() { }

    public Guid Id { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public int CompanyId { get; private set; }

    /// <summary>The file's name, or "typed or pasted lines".</summary>
    public string Source { get; private set; } = string.Empty;

    /// <summary>True when the source was typed or pasted rather than a file (the page puts the lines back in the text box).</summary>
    public bool Pasted { get; private set; }

    /// <summary>The raw rows as JSON: row number, SKU cell, quantity cell.</summary>
    public string Rows { get; private set; } = "[]";

    public int RowCount { get; private set; }

    /// <summary>Whether quantities that break a pack or minimum rule are taken at their suggested valid quantity.</summary>
    public bool UseSuggested { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public static QuickOrderCheck Keep(Actor buyer, string source, bool pasted, IReadOnlyList<RawOrderLine> rows, bool useSuggested, DateTimeOffset now)
    {
        if (buyer.CompanyId is not { } companyId)
        {
            throw new DomainException("Quick order is for a customer company's buyers.");
        }

        var kept = rows.Select(r => new RawOrderLine(r.Row, Cut(r.Sku), Cut(r.Quantity))).ToList();
        return new QuickOrderCheck
        {
            Id = Guid.NewGuid(),
            UserId = buyer.UserId,
            CompanyId = companyId,
            Source = source.Length > SourceMaxLength ? source[..SourceMaxLength] : source,
            Pasted = pasted,
            Rows = JsonSerializer.Serialize(kept),
            RowCount = kept.Count,
            UseSuggested = useSuggested,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
    }

    public IReadOnlyList<RawOrderLine> ReadRows() => JsonSerializer.Deserialize<List<RawOrderLine>>(Rows) ?? [];

    /// <summary>"Use all suggested quantities": every quantity that breaks a rule is taken at its suggested valid one.</summary>
    public void UseSuggestedQuantities() => UseSuggested = true;

    private static string? Cut(string? cell) => cell is { Length: > CellMaxLength } ? cell[..CellMaxLength] : cell;
}

/// <summary>Keeps and finds quick-order checks.</summary>
public static class QuickOrderChecks
{
    public static DbSet<QuickOrderCheck> QuickOrderCheckSet(this PortalDbContext db) => db.Set<QuickOrderCheck>();

    /// <summary>Adds the check and deletes every expired one (anyone's: one indexed delete, so no job is needed to sweep them).</summary>
    public static async Task KeepAsync(this PortalDbContext db, QuickOrderCheck check, CancellationToken ct)
    {
        await db.QuickOrderCheckSet().Where(c => c.ExpiresAt < check.CreatedAt).ExecuteDeleteAsync(ct);
        db.QuickOrderCheckSet().Add(check);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The buyer's own check while it lasts; null for an expired one, another user's, or an unknown id alike.</summary>
    public static Task<QuickOrderCheck?> FindCheckAsync(this PortalDbContext db, Actor buyer, Guid id, DateTimeOffset now, CancellationToken ct) =>
        db.QuickOrderCheckSet().SingleOrDefaultAsync(c => c.Id == id && c.UserId == buyer.UserId && c.CompanyId == buyer.CompanyId && c.ExpiresAt > now, ct);
}
