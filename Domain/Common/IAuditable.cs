namespace B2BPortal.Domain.Common;

/// <summary>The signed-in actor as Domain sees it: who is acting and for which company.</summary>
public sealed record Actor(string UserId, string DisplayName, int? CompanyId, IReadOnlySet<string> Roles)
{
    public static Actor System(string name) => new($"system:{name}", name, null, new HashSet<string>());

    public bool IsStaff => CompanyId is null;

    public bool IsInRole(string role) => Roles.Contains(role);
}
