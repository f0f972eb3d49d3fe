using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure.DemoData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Fixtures;

/// <summary>
/// One Portal over SQLite with demo data, shared by the page and API test classes that use it: starting a Portal and
/// loading the demo set costs seconds of CPU on this 2-core machine, so one start serves many classes. Rule for
/// classes in this collection: never change a demo user (password, lockout, activity) — create your own with
/// <see cref="TestUsers.CreateAsync"/>; every other row a test adds must not disturb what others assert.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedSqlitePortal : ICollectionFixture<SqlitePortal>
{
    public const string Name = "Shared SQLite portal";
}

/// <summary>The same for PostgreSQL.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPostgresPortal : ICollectionFixture<PostgresPortal>
{
    public const string Name = "Shared PostgreSQL portal";
}

public static class TestUsers
{
    /// <summary>A user of its own for a test that changes it (password, lockout), in a demo company by ERP number or as staff.</summary>
    public static async Task<PortalUser> CreateAsync(PortalFactory portal, string email, string role, string? companyNumber)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        int? companyId = companyNumber is null ? null : await db.Companies.Where(c => c.ErpCustomerNumber == companyNumber).Select(c => c.Id).SingleAsync();
        return await DemoDataSeeder.CreateUserAsync(scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>(), email, email, role, companyId, DateTimeOffset.UtcNow);
    }
}
