using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ErpPaymentExport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BookedAwaitingInvoice",
                table: "Invoices",
                type: "INTEGER",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "ErpBookedAt",
                table: "Invoices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PortalReference",
                table: "CustomerPayments",
                type: "TEXT",
                maxLength: 35,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ErpPaymentLinks",
                columns: table => new
                {
                    Reference = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    AllocationId = table.Column<long>(type: "INTEGER", nullable: false),
                    PaymentMatchId = table.Column<long>(type: "INTEGER", nullable: false),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    InvoiceId = table.Column<int>(type: "INTEGER", nullable: false),
                    InvoiceNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FoundExisting = table.Column<bool>(type: "INTEGER", nullable: false),
                    ErpJournalId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ErpLineId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    BookedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ErpPaymentId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    UndoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UndoOutcome = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ErpPaymentLinks", x => x.Reference);
                    table.ForeignKey(
                        name: "FK_ErpPaymentLinks_PaymentAllocations_AllocationId",
                        column: x => x.AllocationId,
                        principalTable: "PaymentAllocations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerPayments_PortalReference",
                table: "CustomerPayments",
                column: "PortalReference");

            migrationBuilder.CreateIndex(
                name: "IX_ErpPaymentLinks_AllocationId",
                table: "ErpPaymentLinks",
                column: "AllocationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ErpPaymentLinks_PaymentMatchId",
                table: "ErpPaymentLinks",
                column: "PaymentMatchId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ErpPaymentLinks");

            migrationBuilder.DropIndex(
                name: "IX_CustomerPayments_PortalReference",
                table: "CustomerPayments");

            migrationBuilder.DropColumn(
                name: "BookedAwaitingInvoice",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "ErpBookedAt",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "PortalReference",
                table: "CustomerPayments");
        }
    }
}
