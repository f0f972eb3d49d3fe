using Microsoft.EntityFrameworkCore.Migrations;

namespace B2BPortal.Integration.Persistence.Search;

/// <summary>
/// The catalog indexes EF's model cannot describe, one method per provider, each called by one line from that
/// provider's migration (so a regenerated migration only needs that line back).
/// </summary>
public static class ProductSearchSql
{
    /// <summary>
    /// Sorting a catalog by price walks this index and stops after a page instead of sorting every visible
    /// product (the model cannot index a complex property's column, so it lives here with the search indexes).
    /// </summary>
    private const string PriceIndex = """
        CREATE INDEX "IX_Products_ListPrice" ON "Products" ("ListPrice", "Id");
        """;

    /// <summary>
    /// Fills the SKU key (<see cref="Domain.Common.Sku.Key"/>: the SKU without '-', '_', '.' and '/') of the products that
    /// existed before the column did; the same SQL on every provider. Call it from the migration that adds SkuKey.
    /// </summary>
    public static void BackfillSkuKeys(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            UPDATE "Products" SET "SkuKey" = REPLACE(REPLACE(REPLACE(REPLACE("Sku", '-', ''), '_', ''), '.', ''), '/', '');
            """);

    /// <summary>
    /// An FTS5 table over Products' name and description (external content: it stores only the index) and
    /// triggers that keep it in step with every insert, update and delete. A later migration that makes EF
    /// rebuild the Products table drops these triggers with the old table: call <see cref="SqliteTriggers"/> again
    /// after it (the search sync tests fail until someone does).
    /// </summary>
    public static void SqliteUp(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE VIRTUAL TABLE "ProductSearch" USING fts5(
                "Name", "Description",
                content='Products', content_rowid='Id',
                tokenize='unicode61 remove_diacritics 2');
            """);
        migrationBuilder.Sql(PriceIndex);
        SqliteTriggers(migrationBuilder);
    }

    /// <summary>(Re)creates the sync triggers and rebuilds the index from the Products rows.</summary>
    public static void SqliteTriggers(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS "Products_ProductSearch_Insert";
            DROP TRIGGER IF EXISTS "Products_ProductSearch_Delete";
            DROP TRIGGER IF EXISTS "Products_ProductSearch_Update";
            CREATE TRIGGER "Products_ProductSearch_Insert" AFTER INSERT ON "Products" BEGIN
                INSERT INTO "ProductSearch"(rowid, "Name", "Description") VALUES (new."Id", new."Name", new."Description");
            END;
            CREATE TRIGGER "Products_ProductSearch_Delete" AFTER DELETE ON "Products" BEGIN
                INSERT INTO "ProductSearch"("ProductSearch", rowid, "Name", "Description") VALUES ('delete', old."Id", old."Name", old."Description");
            END;
            CREATE TRIGGER "Products_ProductSearch_Update" AFTER UPDATE OF "Id", "Name", "Description" ON "Products" BEGIN
                INSERT INTO "ProductSearch"("ProductSearch", rowid, "Name", "Description") VALUES ('delete', old."Id", old."Name", old."Description");
                INSERT INTO "ProductSearch"(rowid, "Name", "Description") VALUES (new."Id", new."Name", new."Description");
            END;
            INSERT INTO "ProductSearch"("ProductSearch") VALUES ('rebuild');
            """);
    }

    public static void SqliteDown(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS "Products_ProductSearch_Insert";
            DROP TRIGGER IF EXISTS "Products_ProductSearch_Delete";
            DROP TRIGGER IF EXISTS "Products_ProductSearch_Update";
            DROP TABLE IF EXISTS "ProductSearch";
            DROP INDEX IF EXISTS "IX_Products_ListPrice";
            """);

    /// <summary>
    /// A GIN index over the 'simple' (no stemming, no stop words: SKU-like tokens and brand names survive)
    /// tsvector of name and description, and a "C"-collated SKU index so a SKU prefix is an exact byte range
    /// whatever the database collation. Both expressions must match PostgresProductTextSearch exactly.
    /// </summary>
    public static void PostgreSqlUp(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            CREATE INDEX "IX_Products_SearchText" ON "Products"
                USING GIN (to_tsvector('simple', "Name" || ' ' || coalesce("Description", '')));
            CREATE INDEX "IX_Products_Sku_Prefix" ON "Products" ("Sku" COLLATE "C");
            """ + PriceIndex);

    public static void PostgreSqlDown(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            DROP INDEX IF EXISTS "IX_Products_SearchText";
            DROP INDEX IF EXISTS "IX_Products_Sku_Prefix";
            DROP INDEX IF EXISTS "IX_Products_ListPrice";
            """);

    /// <summary>
    /// A full-text catalog and index on Products(Name, Description), language-neutral and without a stop list,
    /// kept current by SQL Server's automatic change tracking. Only where full-text search is installed
    /// (Azure SQL and most SQL Server editions have it; a minimal Linux or Express install may not):
    /// elsewhere the migration skips it and SqlServerProductTextSearch falls back to LIKE.
    /// Full-text DDL cannot run inside a transaction, hence suppressTransaction.
    /// </summary>
    public static void SqlServerUp(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("CREATE INDEX [IX_Products_ListPrice] ON [Products] ([ListPrice], [Id]);");
        migrationBuilder.Sql("""
            IF FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') = 1 AND NOT EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE name = N'PortalCatalog')
                EXEC(N'CREATE FULLTEXT CATALOG [PortalCatalog]');
            """, suppressTransaction: true);
        migrationBuilder.Sql("""
            IF FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') = 1 AND NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID(N'[Products]'))
                EXEC(N'CREATE FULLTEXT INDEX ON [Products] ([Name] LANGUAGE 0, [Description] LANGUAGE 0) KEY INDEX [PK_Products] ON [PortalCatalog] WITH (CHANGE_TRACKING = AUTO, STOPLIST = OFF)');
            """, suppressTransaction: true);
    }

    public static void SqlServerDown(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP INDEX IF EXISTS [IX_Products_ListPrice] ON [Products];");
        migrationBuilder.Sql("""
            IF EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID(N'[Products]'))
                EXEC(N'DROP FULLTEXT INDEX ON [Products]');
            """, suppressTransaction: true);
        migrationBuilder.Sql("""
            IF EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE name = N'PortalCatalog')
                EXEC(N'DROP FULLTEXT CATALOG [PortalCatalog]');
            """, suppressTransaction: true);
    }
}
