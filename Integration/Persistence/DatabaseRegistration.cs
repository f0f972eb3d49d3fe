using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace B2BPortal.Integration.Persistence;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers the provider chosen by <c>Database:Provider</c>. Pages, use cases and jobs ask for
    /// <see cref="PortalDbContext"/>; they never know which provider answers.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

        // ids.Contains(x) as ONE array/JSON parameter, not EF 10's default of one SQL parameter per element: a 10,000-line
        // order or upload otherwise sends 10,000 parameters per query and spends most of a second per query building them.
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = ResolveSqlitePath(options.ConnectionString, contentRoot);
                Register<SqlitePortalDbContext>(services, o => o.UseSqlite(sqlite, s => s.CommandTimeout(options.CommandTimeoutSeconds).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)));
                services.AddScoped<IProductTextSearch, SqliteProductTextSearch>();
                break;
            case DatabaseProvider.PostgreSQL:
                Register<PostgresPortalDbContext>(services, o => o.UseNpgsql(options.ConnectionString, s => s.CommandTimeout(options.CommandTimeoutSeconds).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)));
                services.AddScoped<IProductTextSearch, PostgresProductTextSearch>();
                break;
            case DatabaseProvider.SqlServer:
                Register<SqlServerPortalDbContext>(services, o => o.UseSqlServer(options.ConnectionString, s => s
                    .CommandTimeout(options.CommandTimeoutSeconds)
                    .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)
                    .EnableRetryOnFailure()));
                services.AddScoped<IProductTextSearch, SqlServerProductTextSearch>();
                services.AddSingleton<SqlServerFullTextProbe>();
                break;
            default:
                throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), [$"Unknown Database:Provider '{options.Provider}'. Use Sqlite, SqlServer or PostgreSQL."]);
        }

        services.AddScoped<DatabaseMigrator>();
        services.TryAddScoped<OrderInvoicingCatchUp>();
        return services;
    }

    private static void Register<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : HostedPortalDbContext
    {
        services.AddDbContextPool<TContext>(configure);
        services.AddScoped<HostedPortalDbContext>(sp => sp.GetRequiredService<TContext>());
        services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<TContext>());
        services.AddPooledDbContextFactory<TContext>(configure);
    }

    /// <summary>Makes a relative SQLite file path absolute under the content root and creates its folder.</summary>
    public static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(source) ? source : Path.GetFullPath(Path.Combine(contentRoot, source));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }
}
