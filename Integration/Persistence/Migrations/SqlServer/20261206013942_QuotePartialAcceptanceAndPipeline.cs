using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class QuotePartialAcceptanceAndPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AllowsPartialAcceptance",
                table: "QuoteVersions",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstSentAt",
                table: "Quotes",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OrderedAt",
                table: "Quotes",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "OrderedValue",
                table: "Quotes",
                type: "decimal(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SecondsToFirstSend",
                table: "Quotes",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Accepted",
                table: "QuoteLines",
                type: "bit",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Quotes_OwnerRepUserId_FirstSentAt",
                table: "Quotes",
                columns: new[] { "OwnerRepUserId", "FirstSentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Quotes_OwnerRepUserId_OrderedAt",
                table: "Quotes",
                columns: new[] { "OwnerRepUserId", "OrderedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Quotes_OwnerRepUserId_FirstSentAt",
                table: "Quotes");

            migrationBuilder.DropIndex(
                name: "IX_Quotes_OwnerRepUserId_OrderedAt",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "AllowsPartialAcceptance",
                table: "QuoteVersions");

            migrationBuilder.DropColumn(
                name: "FirstSentAt",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "OrderedAt",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "OrderedValue",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "SecondsToFirstSend",
                table: "Quotes");

            migrationBuilder.DropColumn(
                name: "Accepted",
                table: "QuoteLines");
        }
    }
}
