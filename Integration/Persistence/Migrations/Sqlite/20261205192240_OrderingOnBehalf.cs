using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrderingOnBehalf : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PlacedOnBehalfByName",
                table: "Orders",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlacedOnBehalfByUserId",
                table: "Orders",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OnBehalfOfUserId",
                table: "Carts",
                type: "TEXT",
                maxLength: 450,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PlacedOnBehalfByName",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "PlacedOnBehalfByUserId",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "OnBehalfOfUserId",
                table: "Carts");
        }
    }
}
