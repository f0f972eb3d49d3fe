using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReturnCreditMemos : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ErpCreditMemoId",
                table: "Returns",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SentToErpAt",
                table: "Returns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CreditMemos",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ErpId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReturnNumber = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    CreditMemoDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ErpModifiedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Total = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    TotalCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    TotalExcludingTax = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    TotalExcludingTaxCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditMemos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CreditMemos_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CreditMemos_CompanyId_CreditMemoDate",
                table: "CreditMemos",
                columns: new[] { "CompanyId", "CreditMemoDate" });

            migrationBuilder.CreateIndex(
                name: "IX_CreditMemos_ErpId",
                table: "CreditMemos",
                column: "ErpId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CreditMemos_Number",
                table: "CreditMemos",
                column: "Number");

            migrationBuilder.CreateIndex(
                name: "IX_CreditMemos_ReturnNumber",
                table: "CreditMemos",
                column: "ReturnNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CreditMemos");

            migrationBuilder.DropColumn(
                name: "ErpCreditMemoId",
                table: "Returns");

            migrationBuilder.DropColumn(
                name: "SentToErpAt",
                table: "Returns");
        }
    }
}
