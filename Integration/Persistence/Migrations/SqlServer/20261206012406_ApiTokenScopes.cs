using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.SqlServer
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
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: false,
                // Tokens issued before scopes existed keep every read and lose every write (ApiScopes.MigrationDefault, docs/security.md).
                defaultValue: "catalog:read orders:read invoices");

            // A token issued before expiries were enforced lives 90 more days from this migration, not forever.
            migrationBuilder.Sql("UPDATE [ApiTokens] SET [ExpiresAt] = DATEADD(day, 90, SYSDATETIMEOFFSET()) WHERE [ExpiresAt] IS NULL AND [RevokedAt] IS NULL;");
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
