namespace B2BPortal.Tests.Web;

/// <summary>The notification centre and its preferences: anyone signed in, only ever their own (no route parameters).</summary>
public sealed class NotificationAccessRules : IAccessRules
{
    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Notifications/Index"] = Access.SignedIn,
        ["/Notifications/Preferences"] = Access.SignedIn,
    };
}
