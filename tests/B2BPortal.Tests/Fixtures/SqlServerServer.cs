using Microsoft.Data.SqlClient;

namespace B2BPortal.Tests.Fixtures;

/// <summary>
/// SQL Server, the production target, for the database tests when one is at hand: set B2BPORTAL_TEST_SQLSERVER to an
/// admin connection string (database master), as .github/workflows/sqlserver.yml does with its mssql service. It
/// cannot run on the machines the test command runs on, so unset (the default) the tests run on SQLite and PostgreSQL.
/// </summary>
public static class SqlServerServer
{
    public const string EnvironmentVariable = "B2BPORTAL_TEST_SQLSERVER";

    public static string? AdminConnectionString { get; } = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : null;

    public static bool Available => AdminConnectionString is not null;

    public static string ConnectionStringFor(string database) =>
        new SqlConnectionStringBuilder(AdminConnectionString ?? throw new InvalidOperationException($"Set {EnvironmentVariable} to test on SQL Server."))
        {
            InitialCatalog = database,
            TrustServerCertificate = true,
        }.ToString();

    public static async Task ExecuteAsync(string sql)
    {
        await using var admin = new SqlConnection(ConnectionStringFor("master"));
        await admin.OpenAsync();
        await using var command = new SqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
