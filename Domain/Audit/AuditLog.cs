using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Audit;

/// <summary>What the audit log viewer asks for. CompanyId set: only that company's entries (a buyer admin's view, never wider).</summary>
public sealed record AuditQuery(int? CompanyId, string? Who, string? Action, string? EntityType, string? EntityId, DateOnly? From, DateOnly? To)
{
    public const int PageSize = 50;

    /// <summary>An export holds at most this many entries, newest first; narrow the filters for older ones.</summary>
    public const int MaxExportRows = 10_000;

    public const int FilterMaxLength = 100;

    /// <summary>Problems with the filters, by field; empty when the query can run.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        foreach (var (field, value) in new[] { ("who", Who), ("action", Action), ("entity", EntityType), ("entityId", EntityId) })
        {
            if (value is { Length: > FilterMaxLength })
            {
                errors[field] = $"At most {FilterMaxLength} characters.";
            }
        }

        if (From is { } from && To is { } to && from > to)
        {
            errors["to"] = "The end date is before the start date.";
        }

        return errors;
    }
}

public sealed record AuditRow(long Id, DateTimeOffset At, string ActorName, int? CompanyId, string? CompanyName, string EntityType, string EntityId, string Action, string? Before, string? After);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Page, bool HasNext);

/// <summary>
/// Reads of the audit trail for the viewer and its exports: newest first (the At index), filtered in SQL, paged by
/// fetching one row more than a page (no count over the whole table).
/// </summary>
public static class AuditLog
{
    public static async Task<AuditPage> PageAsync(this PortalDbContext db, AuditQuery query, int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var rows = await Filtered(db, query).Skip((page - 1) * AuditQuery.PageSize).Take(AuditQuery.PageSize + 1).ToListAsync(ct);
        return new AuditPage(rows.Take(AuditQuery.PageSize).ToList(), page, rows.Count > AuditQuery.PageSize);
    }

    public static IAsyncEnumerable<AuditRow> ExportAsync(this PortalDbContext db, AuditQuery query) =>
        Filtered(db, query).Take(AuditQuery.MaxExportRows).AsAsyncEnumerable();

    /// <summary>The entity types and actions present in what the caller may see, for the filter lists.</summary>
    public static async Task<(IReadOnlyList<string> EntityTypes, IReadOnlyList<string> Actions)> FilterChoicesAsync(this PortalDbContext db, int? companyId, CancellationToken ct)
    {
        var scoped = Scoped(db, companyId);
        var types = await scoped.Select(a => a.EntityType).Distinct().OrderBy(t => t).Take(200).ToListAsync(ct);
        var actions = await scoped.Select(a => a.Action).Distinct().OrderBy(t => t).Take(200).ToListAsync(ct);
        return (types, actions);
    }

    private static IQueryable<AuditEntry> Scoped(PortalDbContext db, int? companyId) =>
        companyId is { } id ? db.AuditEntries.AsNoTracking().Where(a => a.CompanyId == id) : db.AuditEntries.AsNoTracking();

    private static IQueryable<AuditRow> Filtered(PortalDbContext db, AuditQuery q)
    {
        var entries = Scoped(db, q.CompanyId);
        if (!string.IsNullOrWhiteSpace(q.Who))
        {
            // Case-insensitive on every provider (PostgreSQL's LIKE is not), with the user's % and _ taken literally.
            var who = q.Who.Trim();
            var like = "%" + who.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            entries = entries.Where(a => EF.Functions.Like(a.ActorName.ToLower(), like, "\\") || a.ActorId == who);
        }

        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            entries = entries.Where(a => a.Action == q.Action.Trim());
        }

        if (!string.IsNullOrWhiteSpace(q.EntityType))
        {
            entries = entries.Where(a => a.EntityType == q.EntityType.Trim());
        }

        if (!string.IsNullOrWhiteSpace(q.EntityId))
        {
            entries = entries.Where(a => a.EntityId == q.EntityId.Trim());
        }

        if (q.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(a => a.At >= start);
        }

        if (q.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(a => a.At < end);
        }

        return entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new AuditRow(a.Id, a.At, a.ActorName, a.CompanyId, db.Companies.Where(c => c.Id == a.CompanyId).Select(c => c.Name).FirstOrDefault(),
                a.EntityType, a.EntityId, a.Action, a.Before, a.After));
    }
}
