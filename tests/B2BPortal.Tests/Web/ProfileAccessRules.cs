namespace B2BPortal.Tests.Web;

/// <summary>The person's own profile (time zone): anyone signed in, and only ever their own (no route parameters).</summary>
public sealed class ProfileAccessRules : IAccessRules
{
    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Account/Profile"] = Access.SignedIn,
    };
}
