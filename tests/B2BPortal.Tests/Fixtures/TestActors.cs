using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;

namespace B2BPortal.Tests.Fixtures;

/// <summary>Who a test acts as when it sets up data through the domain: a job is not staff, so staff work needs a person.</summary>
public static class TestActors
{
    public static Actor Administrator { get; } = Actor.User("tests-admin", "Test administrator", null, new HashSet<string> { Roles.Administrator });
}
