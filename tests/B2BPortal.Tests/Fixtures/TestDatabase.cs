using B2BPortal.Integration.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace B2BPortal.Tests.Fixtures;

/// <summary>
/// A fresh, migrated database of one provider: a temporary SQLite file, or a new database on the test PostgreSQL
/// server. Each test class gets its own, so tests never see each other's rows. Disposing drops it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(DatabaseProvider provider, string connectionString, string name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Name = name;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public string Name { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        var name = $"t_{Guid.NewGuid():N}"[..20];
        TestDatabase db;
        if (provider == DatabaseProvider.PostgreSQL)
        {
            await using (var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
                await create.ExecuteNonQueryAsync();
            }

            db = new TestDatabase(provider, PostgresServer.ConnectionStringFor(name), name);
        }
        else if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), "b2bportal-tests", name + ".db");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            db = new TestDatabase(provider, $"Data Source={file};Pooling=False", name);
        }
        else if (SqlServerServer.Available)
        {
            await SqlServerServer.ExecuteAsync($"CREATE DATABASE [{name}]");
            db = new TestDatabase(provider, SqlServerServer.ConnectionStringFor(name), name);
        }
        else
        {
            throw new NotSupportedException($"SQL Server cannot run on these machines: set {SqlServerServer.EnvironmentVariable} where one runs (.github/workflows/sqlserver.yml).");
        }

        if (migrate)
        {
            await using var context = db.CreateContext();
            await context.Database.MigrateAsync();
        }

        return db;
    }

    /// <summary>The configuration a Portal or a service collection needs to use this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["Database:ConnectionString"] = ConnectionString,
    };

    public HostedPortalDbContext CreateContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(ConnectionString).Options),
        DatabaseProvider.PostgreSQL => new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(ConnectionString).Options),
        DatabaseProvider.SqlServer => new SqlServerPortalDbContext(new DbContextOptionsBuilder<SqlServerPortalDbContext>().UseSqlServer(ConnectionString).Options),
        _ => throw new NotSupportedException(),
    };

    /// <summary>A DI container with the portal's database registration, for use cases and jobs that take services.</summary>
    public ServiceProvider CreateServices(Action<IServiceCollection>? configure = null, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddPortalDatabase(configuration, Path.GetTempPath());
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.PostgreSQL)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        else if (Provider == DatabaseProvider.SqlServer)
        {
            Microsoft.Data.SqlClient.SqlConnection.ClearAllPools();
            await SqlServerServer.ExecuteAsync($"ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]");
        }
        else
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }
}

/// <summary>
/// The providers every database test runs on: [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))].
/// "Both" is SQLite and PostgreSQL, plus SQL Server where B2BPORTAL_TEST_SQLSERVER names one (the sqlserver workflow).
/// </summary>
public static class Providers
{
    public static TheoryData<DatabaseProvider> Both
    {
        get
        {
            var providers = new TheoryData<DatabaseProvider> { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSQL };
            if (SqlServerServer.Available)
            {
                providers.Add(DatabaseProvider.SqlServer);
            }

            return providers;
        }
    }

    /// <summary>For tests of provider syntax SQL Server does not share (query plans by EXPLAIN).</summary>
    public static TheoryData<DatabaseProvider> SqliteAndPostgreSQL => new() { DatabaseProvider.Sqlite, DatabaseProvider.PostgreSQL };
}
