using B2BPortal.Integration.Mail;
using B2BPortal.Integration.Ordering;
using B2BPortal.Integration.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("jobsettings.json", optional: true)
            .AddJsonFile($"jobsettings.{builder.Environment.EnvironmentName}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPortalDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddPortalMail(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddOrderStatusUpdates();
        builder.Services.AddPortalJobs(builder.Configuration);
        await builder.Build().RunAsync();
    }
}
