using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApiTokenScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Scopes",
                table: "ApiTokens",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                // Tokens issued before scopes existed keep every read and lose every write (ApiScopes.MigrationDefault, docs/security.md).
                defaultValue: "catalog:read orders:read invoices");

            // A token issued before expiries were enforced lives 90 more days from this migration, not forever.
            // ExpiresAt is stored by DateTimeOffsetToBinaryConverter: ((ticks / 1000) << 11) | offset minutes, offset 0 here.
            migrationBuilder.Sql("UPDATE \"ApiTokens\" SET \"ExpiresAt\" = (CAST(strftime('%s', 'now', '+90 days') AS INTEGER) + 62135596800) * 10000 * 2048 WHERE \"ExpiresAt\" IS NULL AND \"RevokedAt\" IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Scopes",
                table: "ApiTokens");
        }
    }
}
