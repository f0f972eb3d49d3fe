namespace B2BPortal.Domain.Audit;

/// <summary>
/// One important change: who did what to which record, when, and the values before and after.
/// Written in the same SaveChanges as the change itself, so the trail cannot miss a committed change.
/// </summary>
public class AuditEntry
{
    public const int EntityTypeMaxLength = 100;
    public const int EntityIdMaxLength = 100;
    public const int ActionMaxLength = 100;

    private AuditEntry() { }

    public AuditEntry(DateTimeOffset at, string actorId, string actorName, int? companyId, string entityType, string entityId, string action, string? before, string? after)
    {
        At = at;
        ActorId = actorId;
        ActorName = actorName;
        CompanyId = companyId;
        EntityType = entityType;
        EntityId = entityId;
        Action = action;
        Before = before;
        After = after;
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string ActorId { get; private set; } = string.Empty;

    public string ActorName { get; private set; } = string.Empty;

    /// <summary>The customer company the change concerns, so a company's own trail can be shown to it.</summary>
    public int? CompanyId { get; private set; }

    public string EntityType { get; private set; } = string.Empty;

    public string EntityId { get; private set; } = string.Empty;

    public string Action { get; private set; } = string.Empty;

    public string? Before { get; private set; }

    public string? After { get; private set; }
}
