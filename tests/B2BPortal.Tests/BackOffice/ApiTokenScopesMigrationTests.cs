using B2BPortal.Domain.Identity;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace B2BPortal.Tests.BackOffice;

/// <summary>Tokens issued before scopes existed: the migration gives them every read scope, no write, and an expiry.</summary>
public sealed class ApiTokenScopesMigrationTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_token_from_before_scopes_keeps_the_read_scopes_loses_the_writes_and_expires_in_90_days(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        string userId;
        await using (var db = database.CreateContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_ApiTokenScopes", StringComparison.Ordinal)) - 1]);

            // Users are as the current model has them (this migration changes ApiTokens only); the tokens are written as they stood.
            var user = PortalUser.CreateStaff("legacy@b2bportal.example", "Legacy", DateTimeOffset.UtcNow);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            userId = user.Id;
            var created = DateTimeOffset.UtcNow.AddDays(-200);
            object At(DateTimeOffset t) => provider == DatabaseProvider.Sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(t)! : t;
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "ApiTokens" ("Name", "UserId", "CompanyId", "TokenHash", "Hint", "CreatedAt", "CreatedBy", "ExpiresAt", "RevokedAt", "RevokedBy", "LastUsedAt")
                VALUES ('forever', {0}, NULL, 'HASH1', 'b2bp_aaaa', {1}, 'admin', NULL, NULL, NULL, NULL),
                       ('dated', {0}, NULL, 'HASH2', 'b2bp_bbbb', {1}, 'admin', {2}, NULL, NULL, NULL)
                """, userId, At(created), At(created.AddDays(300)));
        }

        await using (var db = database.CreateContext())
        {
            await db.Database.MigrateAsync();
            var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync();
            Assert.All(tokens, t => Assert.Equal(ApiScopes.MigrationDefault, t.ScopeList));
            Assert.All(tokens, t => Assert.False(t.HasScope(ApiScopes.OrdersWrite)));

            var forever = tokens.Single(t => t.Name == "forever");
            Assert.NotNull(forever.ExpiresAt);
            Assert.InRange(forever.ExpiresAt.Value, DateTimeOffset.UtcNow.AddDays(89), DateTimeOffset.UtcNow.AddDays(91));
            var dated = tokens.Single(t => t.Name == "dated");
            Assert.InRange(dated.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(99), DateTimeOffset.UtcNow.AddDays(101));
        }
    }
}
