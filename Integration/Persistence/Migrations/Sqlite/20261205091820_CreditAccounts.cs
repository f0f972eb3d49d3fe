using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CreditAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CreditAccounts",
                columns: table => new
                {
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    HoldReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    StateNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Policy = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    GraceDays = table.Column<int>(type: "INTEGER", nullable: false),
                    LimitOverride = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    TermsOverride = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    OverrideReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    OverrideByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OverrideAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastCheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditAccounts", x => x.CompanyId);
                    table.ForeignKey(
                        name: "FK_CreditAccounts_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CreditAccounts_State",
                table: "CreditAccounts",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CreditAccounts");
        }
    }
}
