using B2BPortal.Integration.Mail;
using B2BPortal.Integration.Ordering;
using B2BPortal.Integration.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Jobs;

/// <summary>
/// The standalone worker: the same jobs as the Portal runs, against the same database, for deployments that set
/// Jobs:RunInPortal=false on their web nodes. (An explicit class, not top-level statements, so it does not
/// clash with Portal's Program in assemblies that see both.)
/// </summary>
internal static class JobsWorker
{
    public static async Task Main(string[] args)
    {
        // Relative paths (the SQLite file) start at the Jobs project folder, wherever the worker is started from.
        var contentRoot = WorkerPaths.ContentRoot();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = contentRoot });
        builder.Configuration.SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("jobsettings.json", optional: true)
            .AddJsonFile($"jobsettings.{builder.Environment.EnvironmentName}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPortalDatabase(builder.Configuration, contentRoot);

        builder.Services.AddPortalMail(builder.Configuration, contentRoot);
        builder.Services.AddOrderStatusUpdates();
        builder.Services.AddPortalJobs(builder.Configuration, contentRoot, runScheduler: true);
        var host = builder.Build();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("B2BPortal.Jobs.Worker").LogInformation(
            "Jobs worker on {Provider}: {Database}", database.Provider,
            database.Provider == DatabaseProvider.Sqlite ? DatabaseRegistration.ResolveSqlitePath(database.ConnectionString, contentRoot) : "(server)");
        await host.RunAsync();
    }
}
