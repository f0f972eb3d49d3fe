using B2BPortal.Integration.Persistence;
using B2BPortal.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The standalone worker: the same jobs as the Portal runs, against the same database, for deployments
// that set Jobs:RunInPortal=false on their web nodes.
var contentRoot = WorkerPaths.ContentRoot();
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = contentRoot });
builder.Configuration.SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("jobsettings.json", optional: true)
    .AddJsonFile($"jobsettings.{builder.Environment.EnvironmentName}.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPortalDatabase(builder.Configuration, contentRoot);

// The order workflow's IOrderStatusUpdates is registered by Domain/Ordering's registration (the ordering capability).
builder.Services.AddPortalJobs(builder.Configuration, contentRoot, runScheduler: true);
await builder.Build().RunAsync();
