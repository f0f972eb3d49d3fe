using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Shipping;
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

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task OneShipmentModel_keeps_the_shipments_only_the_order_knew_and_the_deliveries_it_had_seen(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var db = database.CreateContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_OneShipmentModel", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);

            // Companies gained columns in later migrations, so the company is written as the schema stood then. Orders gained
            // only the invoicing track's two columns and the on-behalf pair (PlacedOnBehalfBy…) later: they stand in while the current model writes the order, and
            // go again, so the later migration adds them as it would. Shipments have the same columns before and after.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Companies" ("ErpCustomerNumber", "Name", "Currency", "Status", "RequiresPoNumber")
                VALUES ('C1', 'Customer One', 'EUR', 'Active', (1 = 0));
                """);
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Orders\" ADD \"Invoicing\" varchar(20) NOT NULL DEFAULT 'NotInvoiced'");
            await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Sqlite
                ? "ALTER TABLE \"Orders\" ADD \"InvoicedAmount\" INTEGER NOT NULL DEFAULT 0"
                : "ALTER TABLE \"Orders\" ADD \"InvoicedAmount\" numeric(18,4) NOT NULL DEFAULT 0");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Orders\" ADD \"PlacedOnBehalfByUserId\" varchar(450) NULL");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Orders\" ADD \"PlacedOnBehalfByName\" varchar(200) NULL");
            var companyId = await db.Database.SqlQueryRaw<int>("""SELECT "Id" AS "Value" FROM "Companies" """).SingleAsync();
            var order = Order.Create("ORD-2026-000001", companyId, Actor.User("u1", "Alice", companyId, new HashSet<string>()),
                [new NewOrderLine(1, "BOLT-M8", "BOLT-M8", "Bolt", "PCS", 12, Money.Of(0.5m, "EUR"), "List price")],
                new OrderAddress("Acme", "Hafenstr. 1", null, "20457", "Hamburg", "DE"), null, null, null, null, "k", DateTimeOffset.UtcNow);
            db.Add(order);
            db.Shipments.Add(Shipment.FromErp("S-2", order.Number, "DHL", "00340434161094042557", [], true, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Orders\" DROP COLUMN \"Invoicing\"");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Orders\" DROP COLUMN \"InvoicedAmount\"");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Orders\" DROP COLUMN \"PlacedOnBehalfByUserId\"");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Orders\" DROP COLUMN \"PlacedOnBehalfByName\"");

            // The order's copies: one shipment nobody else kept, and a delivery the tracked shipment never heard of.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "OrderShipments" ("OrderId", "Carrier", "TrackingNumber", "TrackingUrl", "State", "UpdatedAt", "CompletesOrder", "Reference")
                SELECT "Id", 'OWNFLEET', '', NULL, 'PreTransit', "CreatedAt", (1 = 0), 'S-1' FROM "Orders";
                INSERT INTO "OrderShipments" ("OrderId", "Carrier", "TrackingNumber", "TrackingUrl", "State", "UpdatedAt", "CompletesOrder", "Reference")
                SELECT "Id", 'DHL', '00340434161094042557', NULL, 'Delivered', "CreatedAt", (1 = 1), 'S-2' FROM "Orders";
                """);
        }

        await using (var db = database.CreateContext())
        {
            await db.Database.MigrateAsync();
            var shipments = await db.ShipmentsOfAsync("ORD-2026-000001", CancellationToken.None);
            Assert.Equal(
                [("S-1", "OWNFLEET", (string?)null, ShipmentState.PreTransit, false), ("S-2", "DHL", "00340434161094042557", ShipmentState.Delivered, true)],
                shipments.OrderBy(x => x.ErpShipmentNumber).Select(x => (x.ErpShipmentNumber!, x.Carrier, x.TrackingNumber, x.State, x.CompletesOrder)));
        }
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
