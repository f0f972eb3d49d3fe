using B2BPortal.Integration.Erp;
using B2BPortal.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace B2BPortal.Tests.Sync;

public sealed class JobsConfigurationTests
{
    private static OptionsValidationException? Validate<T>(Dictionary<string, string?> settings)
        where T : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddPortalJobs(configuration, Path.GetTempPath(), runScheduler: false);
        using var sp = services.BuildServiceProvider();
        try
        {
            _ = sp.GetRequiredService<IOptions<T>>().Value;
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex;
        }
    }

    [Fact]
    public void A_bad_cron_or_an_unknown_schedule_name_is_refused_with_its_key()
    {
        var error = Validate<JobsOptions>(new()
        {
            ["Jobs:Schedules:StockSync:Cron"] = "every five minutes",
            ["Jobs:Schedules:StokSync:Enabled"] = "false",
        });

        Assert.NotNull(error);
        Assert.Contains(error.Failures, f => f.Contains("Jobs:Schedules:StockSync:Cron 'every five minutes'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Jobs:Schedules:StokSync is not a known schedule", StringComparison.Ordinal));
        Assert.Null(Validate<JobsOptions>(new() { ["Jobs:Schedules:StockSync:Cron"] = "0 0/10 * * * ?" }));
    }

    [Fact]
    public void No_erp_is_a_valid_configuration_but_a_half_configured_one_is_not()
    {
        Assert.Null(Validate<ErpOptions>([]));

        var error = Validate<ErpOptions>(new() { ["Erp:BaseUrl"] = "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0", ["Erp:CompanyId"] = "not-a-guid" });

        Assert.NotNull(error);
        Assert.Contains(error.Failures, f => f.Contains("Erp:CompanyId is the Business Central company's GUID", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Erp:TokenEndpoint and Erp:ClientId", StringComparison.Ordinal));
    }
}
