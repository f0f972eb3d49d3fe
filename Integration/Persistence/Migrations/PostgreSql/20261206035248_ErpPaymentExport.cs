using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ErpPaymentExport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "BookedAwaitingInvoice",
                table: "Invoices",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ErpBookedAt",
                table: "Invoices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PortalReference",
                table: "CustomerPayments",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ErpPaymentLinks",
                columns: table => new
                {
                    Reference = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    AllocationId = table.Column<long>(type: "bigint", nullable: false),
                    PaymentMatchId = table.Column<long>(type: "bigint", nullable: false),
                    CompanyId = table.Column<int>(type: "integer", nullable: false),
                    InvoiceId = table.Column<int>(type: "integer", nullable: false),
                    InvoiceNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    QueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FoundExisting = table.Column<bool>(type: "boolean", nullable: false),
                    ErpJournalId = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ErpLineId = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    BookedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ErpPaymentId = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    UndoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UndoOutcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Amount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    AmountCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false)
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
