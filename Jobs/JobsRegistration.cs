using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace B2BPortal.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the scheduler inside the Portal process (default). Set false and run <c>dotnet run --project Jobs</c> instead.</summary>
    public bool RunInPortal { get; set; } = true;
}

public static class JobsRegistration
{
    /// <summary>Registers Quartz and every portal job. Used by Portal (when Jobs:RunInPortal) and by the worker.</summary>
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section));
        services.AddQuartz();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
