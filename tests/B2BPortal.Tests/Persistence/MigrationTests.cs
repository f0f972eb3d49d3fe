using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace B2BPortal.Tests.Persistence;

public sealed class MigrationTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Migrations_apply_to_an_empty_database_and_leave_nothing_pending(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Products.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_model_has_no_changes_missing_from_the_migrations(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var db = database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} model differs from its migrations: run scripts/add-migration.sh <Name>.");
    }

    /// <summary>
    /// SQL Server cannot run here, so this proves less than the tests above: the SQL Server migrations compile into one
    /// idempotent script without error, every migration in the assembly is in it behind its own __EFMigrationsHistory
    /// guard and records itself there, and the SQL Server model has no change missing from its migrations. Whether
    /// SQL Server accepts the SQL is not checked.
    /// </summary>
    [Fact]
    public void The_SQL_Server_idempotent_script_generates_and_guards_every_migration_by_its_id()
    {
        using var db = new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=unused;Database=B2BPortal;TrustServerCertificate=True").Options);
        var migrations = db.Database.GetMigrations().ToList();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent).ReplaceLineEndings("\n");

        Assert.NotEmpty(migrations);
        foreach (var id in migrations)
        {
            Assert.Contains($"IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]\n    WHERE [MigrationId] = N'{id}'\n)", script, StringComparison.Ordinal);
            Assert.Matches($@"INSERT INTO \[__EFMigrationsHistory\] \(\[MigrationId\], \[ProductVersion\]\)\s+VALUES \(N'{id}',", script);
        }

        Assert.False(db.Database.HasPendingModelChanges(), "The SQL Server model differs from its migrations: run scripts/add-migration.sh <Name>.");
    }
}
