using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SettlementMatching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "StatementEntries",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Pending");

            migrationBuilder.AddColumn<long>(
                name: "SettledInPortal",
                table: "Invoices",
                type: "INTEGER",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "PayerMappings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 140, nullable: false),
                    IsAccount = table.Column<bool>(type: "INTEGER", nullable: false),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    LearnedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LearnedFrom = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PayerMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PayerMappings_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PaymentMatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StatementEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Adjustment = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    AdjustmentKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    AdjustmentState = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    MatchedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MatchedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UndoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UndoneBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UndoReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AdjustmentDecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentMatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaymentMatches_StatementEntries_StatementEntryId",
                        column: x => x.StatementEntryId,
                        principalTable: "StatementEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SettlementExceptions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StatementEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    PaymentMatchId = table.Column<long>(type: "INTEGER", nullable: true),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AssignedToId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AssignedToName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementExceptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SettlementExceptions_StatementEntries_StatementEntryId",
                        column: x => x.StatementEntryId,
                        principalTable: "StatementEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PaymentAllocations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PaymentMatchId = table.Column<long>(type: "INTEGER", nullable: false),
                    InvoiceId = table.Column<int>(type: "INTEGER", nullable: false),
                    InvoiceNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentAllocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PaymentAllocations_Invoices_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "Invoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PaymentAllocations_PaymentMatches_PaymentMatchId",
                        column: x => x.PaymentMatchId,
                        principalTable: "PaymentMatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StatementEntries_BankStatementId_Outcome",
                table: "StatementEntries",
                columns: new[] { "BankStatementId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_StatementEntries_EndToEndId",
                table: "StatementEntries",
                column: "EndToEndId");

            migrationBuilder.CreateIndex(
                name: "IX_PayerMappings_CompanyId",
                table: "PayerMappings",
                column: "CompanyId");

            migrationBuilder.CreateIndex(
                name: "IX_PayerMappings_Key",
                table: "PayerMappings",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAllocations_InvoiceId",
                table: "PaymentAllocations",
                column: "InvoiceId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAllocations_PaymentMatchId",
                table: "PaymentAllocations",
                column: "PaymentMatchId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentMatches_CompanyId",
                table: "PaymentMatches",
                column: "CompanyId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentMatches_StatementEntryId_State",
                table: "PaymentMatches",
                columns: new[] { "StatementEntryId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_SettlementExceptions_State_OpenedAt",
                table: "SettlementExceptions",
                columns: new[] { "State", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SettlementExceptions_StatementEntryId",
                table: "SettlementExceptions",
                column: "StatementEntryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PayerMappings");

            migrationBuilder.DropTable(
                name: "PaymentAllocations");

            migrationBuilder.DropTable(
                name: "SettlementExceptions");

            migrationBuilder.DropTable(
                name: "PaymentMatches");

            migrationBuilder.DropIndex(
                name: "IX_StatementEntries_BankStatementId_Outcome",
                table: "StatementEntries");

            migrationBuilder.DropIndex(
                name: "IX_StatementEntries_EndToEndId",
                table: "StatementEntries");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "StatementEntries");

            migrationBuilder.DropColumn(
                name: "SettledInPortal",
                table: "Invoices");
        }
    }
}
