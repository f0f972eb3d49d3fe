using B2BPortal.Integration.Persistence;
using B2BPortal.Portal.Infrastructure.DemoData;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>The <c>DemoData</c> configuration section.</summary>
public sealed class DemoDataOptions
{
    public const string Section = "DemoData";

    /// <summary>
    /// Load the demo set when the database is empty. Unset: in Development only. Its users share a published password,
    /// so Production refuses to start with it set to true.
    /// </summary>
    public bool? LoadOnEmptyDatabase { get; set; }

    /// <summary>With the demo set, also place a few sample orders in different states (DemoOrdersSeeder).</summary>
    public bool SampleOrders { get; set; } = true;
}

internal static class StartupTasks
{
    /// <summary>Runs a command-line command and reports whether one ran (then the app exits).</summary>
    public static async Task<bool> RunCommandAsync(WebApplication app, string[] args)
    {
        // A command is the first argument; options (--urls http://…) and settings (Key=Value) are not commands.
        var command = args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal) ? args[0] : null;
        switch (command)
        {
            case null:
                return false;
            case "migrate":
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                }

                return true;
            case CreateAdminCommand.Name:
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    Environment.ExitCode = await scope.ServiceProvider.GetRequiredService<CreateAdminCommand>()
                        .RunAsync(args[1..], Console.In, Console.Out, Console.Error, CancellationToken.None);
                }

                return true;
            case "seed-perf":
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                    var loaded = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(DemoDataSize.Perf, CancellationToken.None);
                    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().RefreshStatisticsAsync(CancellationToken.None);
                    app.Logger.LogInformation("Perf data set: {Outcome}", loaded ? "loaded" : "not loaded, the database is not empty (the perf set needs an empty one)");
                }

                return true;
            default:
                throw new InvalidOperationException($"Unknown command '{command}'. Known commands: migrate, create-admin, seed-perf.");
        }
    }

    /// <summary>
    /// Migrates at start in Development (or when Database:MigrateOnStart says so) and loads demo data into an empty
    /// database in Development (or when DemoData:LoadOnEmptyDatabase says so; never in Production).
    /// </summary>
    public static async Task PrepareDatabaseAsync(WebApplication app)
    {
        var demo = app.Configuration.GetSection(DemoDataOptions.Section).Get<DemoDataOptions>() ?? new DemoDataOptions();
        if (demo.LoadOnEmptyDatabase == true && app.Environment.IsProduction())
        {
            throw new InvalidOperationException(
                "DemoData:LoadOnEmptyDatabase=true is refused in Production: the demo users' password is published in the README. "
                + "Remove the setting, and create the first Administrator with `dotnet run --project Portal -- create-admin --email <address>`.");
        }

        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var migrate = database.MigrateOnStart ?? app.Environment.IsDevelopment();
        if (!migrate)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        if (demo.LoadOnEmptyDatabase ?? app.Environment.IsDevelopment())
        {
            if (await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None))
            {
                if (demo.SampleOrders)
                {
                    await using var orders = app.Services.CreateAsyncScope();
                    await orders.ServiceProvider.GetRequiredService<DemoOrdersSeeder>().SeedAsync(CancellationToken.None);
                    await orders.ServiceProvider.GetRequiredService<DemoQuotesSeeder>().SeedAsync(CancellationToken.None);
                    await orders.ServiceProvider.GetRequiredService<DemoSettlementsSeeder>().SeedAsync(CancellationToken.None);
                    await orders.ServiceProvider.GetRequiredService<DemoReturnsSeeder>().SeedAsync(CancellationToken.None);
                }

                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().RefreshStatisticsAsync(CancellationToken.None);
            }
        }
    }
}
