using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StockLedgerOutageAndInterruptedRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HeartbeatAt",
                table: "SyncRuns",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Node",
                table: "SyncRuns",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastEntryNumber",
                table: "SyncJobStates",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AwaitingErp",
                table: "OutboxMessages",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_Status_Node",
                table: "SyncRuns",
                columns: new[] { "Status", "Node" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SyncRuns_Status_Node",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "HeartbeatAt",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "Node",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "LastEntryNumber",
                table: "SyncJobStates");

            migrationBuilder.DropColumn(
                name: "AwaitingErp",
                table: "OutboxMessages");
        }
    }
}
