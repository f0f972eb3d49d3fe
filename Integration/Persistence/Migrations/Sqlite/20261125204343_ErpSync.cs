using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ErpSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CreditTerms",
                columns: table => new
                {
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    PaymentTermsCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    DueDateCalculation = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    AsOf = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceDue = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    BalanceDueCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    CreditLimit = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    CreditLimitCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditTerms", x => x.CompanyId);
                    table.ForeignKey(
                        name: "FK_CreditTerms_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CustomerPayments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ErpId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    PostingDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DocumentNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    AppliesToInvoiceNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ErpModifiedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    AmountCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerPayments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomerPayments_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DeadLetters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastFailedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeadLetters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ErpOrderLinks",
                columns: table => new
                {
                    OrderNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ErpOrderId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ErpOrderNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FoundExisting = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ErpOrderLinks", x => x.OrderNumber);
                });

            migrationBuilder.CreateTable(
                name: "Invoices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ErpId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CompanyId = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    InvoiceDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ErpModifiedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Remaining = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    RemainingCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Total = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    TotalCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    TotalExcludingTax = table.Column<long>(type: "INTEGER", precision: 18, scale: 4, nullable: false),
                    TotalExcludingTaxCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Invoices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Invoices_Companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Shipments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrderNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    TrackingNumber = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CompletesOrder = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastEventAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextPollAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TrackingUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Shipments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SyncJobStates",
                columns: table => new
                {
                    JobName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Watermark = table.Column<long>(type: "INTEGER", nullable: true),
                    LastFullSyncAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastSuccessAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncJobStates", x => x.JobName);
                });

            migrationBuilder.CreateTable(
                name: "SyncRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Full = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Read = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ShipmentEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShipmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StatusCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShipmentEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShipmentEvents_Shipments_ShipmentId",
                        column: x => x.ShipmentId,
                        principalTable: "Shipments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerPayments_CompanyId",
                table: "CustomerPayments",
                column: "CompanyId");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerPayments_ErpId",
                table: "CustomerPayments",
                column: "ErpId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeadLetters_JobName_RecordKey",
                table: "DeadLetters",
                columns: new[] { "JobName", "RecordKey" });

            migrationBuilder.CreateIndex(
                name: "IX_DeadLetters_Status",
                table: "DeadLetters",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_ErpOrderLinks_ErpOrderNumber",
                table: "ErpOrderLinks",
                column: "ErpOrderNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_CompanyId_DueDate",
                table: "Invoices",
                columns: new[] { "CompanyId", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_ErpId",
                table: "Invoices",
                column: "ErpId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_Number",
                table: "Invoices",
                column: "Number");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_OrderNumber",
                table: "Invoices",
                column: "OrderNumber");

            migrationBuilder.CreateIndex(
                name: "IX_ShipmentEvents_ShipmentId",
                table: "ShipmentEvents",
                column: "ShipmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_Carrier_TrackingNumber",
                table: "Shipments",
                columns: new[] { "Carrier", "TrackingNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_OrderNumber",
                table: "Shipments",
                column: "OrderNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_State_NextPollAt",
                table: "Shipments",
                columns: new[] { "State", "NextPollAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_JobName_StartedAt",
                table: "SyncRuns",
                columns: new[] { "JobName", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CreditTerms");

            migrationBuilder.DropTable(
                name: "CustomerPayments");

            migrationBuilder.DropTable(
                name: "DeadLetters");

            migrationBuilder.DropTable(
                name: "ErpOrderLinks");

            migrationBuilder.DropTable(
                name: "Invoices");

            migrationBuilder.DropTable(
                name: "ShipmentEvents");

            migrationBuilder.DropTable(
                name: "SyncJobStates");

            migrationBuilder.DropTable(
                name: "SyncRuns");

            migrationBuilder.DropTable(
                name: "Shipments");
        }
    }
}
