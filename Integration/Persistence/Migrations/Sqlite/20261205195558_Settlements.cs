using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Settlements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BankStatements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StatementId = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Account = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    MessageName = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    SequenceNumber = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FromDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ToDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    OpeningCode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    OpeningBalance = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    ClosingBalance = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    Credits = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    Debits = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    Difference = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    BalanceProblem = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BankStatements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StatementEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BankStatementId = table.Column<int>(type: "INTEGER", nullable: false),
                    EntryNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    TransactionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    BatchSize = table.Column<int>(type: "INTEGER", nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    IsReversal = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    BookingDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ValueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Charges = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: true),
                    EntryReference = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    BankReference = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    EndToEndId = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    BankTransactionCode = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    CounterpartyName = table.Column<string>(type: "TEXT", maxLength: 140, nullable: true),
                    CounterpartyAccount = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    ReferenceKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    StructuredReference = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    ReferenceChecksumValid = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReferredDocuments = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RemittanceText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatementEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatementEntries_BankStatements_BankStatementId",
                        column: x => x.BankStatementId,
                        principalTable: "BankStatements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BankStatements_Account_Kind_StatementId",
                table: "BankStatements",
                columns: new[] { "Account", "Kind", "StatementId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BankStatements_ContentHash",
                table: "BankStatements",
                column: "ContentHash");

            migrationBuilder.CreateIndex(
                name: "IX_BankStatements_ImportedAt",
                table: "BankStatements",
                column: "ImportedAt");

            migrationBuilder.CreateIndex(
                name: "IX_StatementEntries_BankStatementId_EntryNumber_TransactionNumber",
                table: "StatementEntries",
                columns: new[] { "BankStatementId", "EntryNumber", "TransactionNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatementEntries_StructuredReference",
                table: "StatementEntries",
                column: "StructuredReference");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StatementEntries");

            migrationBuilder.DropTable(
                name: "BankStatements");
        }
    }
}
