using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.BackOffice;

/// <summary>Data of the back-office tests: users and companies of their own, so the shared demo users stay as they are.</summary>
internal static class BackOfficeData
{
    public static string Unique(string prefix) => $"{prefix}.{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A customer company of the test's own, so "the company's last buyer admin" depends on nobody else's test.</summary>
    public static async Task<(int Id, string Number)> CompanyAsync(PortalFactory portal)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var number = "T" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var company = new CustomerCompany(number, "Test company " + number, "EUR");
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        return (company.Id, number);
    }

    /// <summary>A user with the demo password in the given company (null: staff).</summary>
    public static async Task<PortalUser> CreateUserAsync(PortalFactory portal, string email, string role, int? companyId)
    {
        using var scope = portal.Services.CreateScope();
        return await Portal.Infrastructure.DemoData.DemoDataSeeder.CreateUserAsync(scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>(), email, email, role, companyId, DateTimeOffset.UtcNow);
    }

    public static async Task<PortalUser> UserAsync(PortalFactory portal, string email) =>
        await WithDbAsync(portal, db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));

    public static async Task<string> UserIdAsync(PortalFactory portal, string email) => (await UserAsync(portal, email)).Id;

    public static async Task<IList<string>> RolesAsync(PortalFactory portal, string email)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
    }

    public static Task<List<AuditEntry>> AuditOfAsync(PortalFactory portal, string entityType, string entityId) =>
        WithDbAsync(portal, db => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == entityType && a.EntityId == entityId).OrderBy(a => a.Id).ToListAsync());

    public static async Task<T> WithDbAsync<T>(PortalFactory portal, Func<PortalDbContext, Task<T>> read)
    {
        using var scope = portal.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }
}
