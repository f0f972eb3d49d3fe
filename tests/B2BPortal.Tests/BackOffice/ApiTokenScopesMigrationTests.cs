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

            // The user and the tokens are written as the tables stood before the migration (later ones add user columns).
            userId = Guid.NewGuid().ToString();
            var created = DateTimeOffset.UtcNow.AddDays(-200);
            object At(DateTimeOffset t) => provider == DatabaseProvider.Sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(t)! : t;
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "AspNetUsers" ("Id", "AccessFailedCount", "CompanyId", "CreatedAt", "DisplayName", "Email", "EmailConfirmed", "IsActive",
                    "LockoutEnabled", "NormalizedEmail", "NormalizedUserName", "PhoneNumberConfirmed", "TwoFactorEnabled", "UserName")
                VALUES ({0}, 0, NULL, {1}, 'Legacy', 'legacy@b2bportal.example', TRUE, TRUE, TRUE, 'LEGACY@B2BPORTAL.EXAMPLE', 'LEGACY@B2BPORTAL.EXAMPLE', FALSE, FALSE, 'legacy@b2bportal.example')
                """, userId, At(created));
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
