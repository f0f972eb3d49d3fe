using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace B2BPortal.Integration.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ProductSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            B2BPortal.Integration.Persistence.Search.ProductSearchSql.PostgreSqlUp(migrationBuilder);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            B2BPortal.Integration.Persistence.Search.ProductSearchSql.PostgreSqlDown(migrationBuilder);

        }
    }
}
