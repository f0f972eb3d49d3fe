using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Persistence;

/// <summary>
/// Applies the provider's migrations, at start in Development or by <c>dotnet run --project Portal -- migrate</c>,
/// and makes sure the portal's roles exist: every installation has them, demo data or not. Then it brings orders into
/// line with their invoices (<see cref="OrderInvoicingCatchUp"/>, idempotent): the data step of invoicing beside fulfilment.
/// </summary>
public sealed class DatabaseMigrator(HostedPortalDbContext db, OrderInvoicingCatchUp invoicing, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        await CreateHistoryTableAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database is up to date ({Provider})", db.Database.ProviderName);
            await EnsureRolesAsync(ct);
            await invoicing.RunAsync(ct);
            await OptimizeSqliteAsync(ct);
            return;
        }

        logger.LogInformation("Applying {Count} migration(s) on {Provider}: {Migrations}", pending.Count, db.Database.ProviderName, string.Join(", ", pending));
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while a sync job writes; the setting is persistent in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        await EnsureRolesAsync(ct);
        await invoicing.RunAsync(ct);
        await OptimizeSqliteAsync(ct);
    }

    /// <summary>
    /// Npgsql reads the migrations' history table without first asking whether it exists (npgsql/efcore.pg#3407), so
    /// a fresh PostgreSQL database logs two "Failed executing DbCommand" errors before migrating fine: an operator's
    /// first sight of the portal would be errors. Creating the table first (if missing) keeps the first migrate clean.
    /// </summary>
    private async Task CreateHistoryTableAsync(CancellationToken ct)
    {
        if (db.Database.IsNpgsql() && await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
        }
    }

    /// <summary>
    /// Adds the roles of <see cref="Roles.All"/> that the database lacks. Not seeded by a migration (HasData), because
    /// databases that predate this have the same roles under random ids, which a seeded insert would collide with.
    /// </summary>
    public async Task EnsureRolesAsync(CancellationToken ct)
    {
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(ct);
        var missing = Roles.All.Except(existing.OfType<string>(), StringComparer.Ordinal).ToList();
        foreach (var role in missing)
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() });
        }

        if (missing.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Created the roles {Roles}", string.Join(", ", missing));
        }
    }

    /// <summary>
    /// Gathers the query planner's statistics after a bulk load (demo or perf data). Without them SQLite sorts
    /// every visible product for a catalog page instead of walking the name or price index (docs/performance.md).
    /// SQL Server updates its statistics by itself.
    /// </summary>
    public async Task RefreshStatisticsAsync(CancellationToken ct)
    {
        if (db.Database.IsSqlite() || db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE;", ct);
        }
    }

    /// <summary>SQLite keeps no statistics by itself; at each start, re-analyze the tables whose size has changed a lot.</summary>
    private async Task OptimizeSqliteAsync(CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", ct);
        }
    }
}
