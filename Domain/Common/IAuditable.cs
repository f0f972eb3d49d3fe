namespace B2BPortal.Domain.Common;

/// <summary>
/// Who is acting, as Domain sees it: a signed-in user (for a company, or staff when <see cref="CompanyId"/> is null), or
/// one of the portal's own jobs. The kind is fixed when the actor is made and never read from the id, so no user id,
/// whatever it spells ("system:erp" included), carries a job's rights; and a job has no role a user has.
/// </summary>
public sealed record Actor
{
    /// <summary>A user: what the sign-in or the API token says. Same as <see cref="User"/>.</summary>
    public Actor(string userId, string displayName, int? companyId, IReadOnlySet<string> roles)
        : this(ActorKind.User, userId, displayName, companyId, roles)
    {
    }

    private Actor(ActorKind kind, string userId, string displayName, int? companyId, IReadOnlySet<string> roles)
    {
        Kind = kind;
        UserId = userId;
        DisplayName = displayName;
        CompanyId = companyId;
        Roles = roles;
    }

    public ActorKind Kind { get; }

    /// <summary>The user's id; for a job, <c>system:</c> and its name (what history and audit show, never what grants rights).</summary>
    public string UserId { get; }

    public string DisplayName { get; }

    public int? CompanyId { get; }

    public IReadOnlySet<string> Roles { get; }

    /// <summary>One of the portal's jobs (ERP sync, shipment tracking, the credit check at placement).</summary>
    public bool IsSystem => Kind == ActorKind.System;

    /// <summary>A distributor's employee: a user of no customer company. A job is not staff.</summary>
    public bool IsStaff => Kind == ActorKind.User && CompanyId is null;

    public static Actor User(string userId, string displayName, int? companyId, IReadOnlySet<string> roles) => new(userId, displayName, companyId, roles);

    public static Actor System(string jobName) => new(ActorKind.System, $"system:{jobName}", jobName, null, new HashSet<string>());

    public bool IsInRole(string role) => Roles.Contains(role);
}

public enum ActorKind
{
    User,
    System,
}
