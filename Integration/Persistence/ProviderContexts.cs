using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace B2BPortal.Integration.Persistence;

/// <summary>
/// The portal's context as the host runs it: the domain model plus the data-protection key ring, stored in the
/// database so that several Portal nodes decrypt each other's cookies and tokens.
/// One subclass per provider exists only so each provider has its own migrations (docs/decisions/0004).
/// </summary>
public abstract class HostedPortalDbContext(DbContextOptions options) : PortalDbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
    }
}

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : HostedPortalDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // The FTS5 index over product names and descriptions (created by the ProductSearch migration), mapped so that
        // text searches are plain LINQ: EF caches their SQL, where a composed raw-SQL subquery is re-generated per call.
        builder.Entity<Search.ProductSearchRow>(row =>
        {
            row.ToTable(Search.ProductSearchRow.Table, t => t.ExcludeFromMigrations());
            row.HasNoKey();
            row.Property(r => r.ProductId).HasColumnName("rowid");
            row.Property(r => r.Match).HasColumnName(Search.ProductSearchRow.Table);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite has no decimal or offset-aware time type, and EF cannot compare or sort either there.
        // Decimals are stored as exact integers scaled by 10^4 (the precision every provider uses) and
        // times as EF's sortable binary form, so filters, ORDER BY and SUM run in SQL, exactly.
        configurationBuilder.Properties<decimal>().HaveConversion<ScaledDecimalConverter>();
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : HostedPortalDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Byte order, so that a SKU-key prefix is an exact range on its index whatever the database's collation.
        builder.Entity<Domain.Catalog.Product>().Property(p => p.SkuKey).UseCollation("C");
    }
}

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : HostedPortalDbContext(options);

/// <summary>decimal(18,4) as a 64-bit integer of ten-thousandths: exact, comparable and summable in SQLite.</summary>
public sealed class ScaledDecimalConverter() : ValueConverter<decimal, long>(
    d => (long)decimal.Round(d * Scale, 0, MidpointRounding.AwayFromZero),
    l => l / Scale)
{
    private const decimal Scale = 10_000m;
}
