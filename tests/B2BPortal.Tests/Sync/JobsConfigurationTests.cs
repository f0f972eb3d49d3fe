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

    [Fact]
    public void The_shipments_resource_is_an_entity_set_name_and_its_api_root_stays_on_the_erps_host()
    {
        var valid = new Dictionary<string, string?>
        {
            ["Erp:BaseUrl"] = "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0",
            ["Erp:CompanyId"] = "a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1",
            ["Erp:TokenEndpoint"] = "https://login.microsoftonline.com/t/oauth2/v2.0/token",
            ["Erp:ClientId"] = "portal",
            ["Erp:ShipmentsApiRoot"] = "https://api.businesscentral.dynamics.com/v2.0/t/production/api/contoso/logistics/v1.0",
            ["Erp:ShipmentsResource"] = "postedShipments",
        };
        Assert.Null(Validate<ErpOptions>(valid));

        var elsewhere = Validate<ErpOptions>(new(valid) { ["Erp:ShipmentsApiRoot"] = "https://elsewhere.example/api/contoso/logistics/v1.0" });
        var path = Validate<ErpOptions>(new(valid) { ["Erp:ShipmentsResource"] = "../salesShipments" });

        Assert.Contains(elsewhere!.Failures, f => f.Contains("Erp:ShipmentsApiRoot is an absolute URL on the same host", StringComparison.Ordinal));
        Assert.Contains(path!.Failures, f => f.Contains("Erp:ShipmentsResource is an entity set name", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_retention_must_be_at_least_a_day()
    {
        var error = Validate<JobsOptions>(new() { ["Jobs:RunRetentionDays"] = "0" });

        Assert.NotNull(error);
        Assert.Contains(error.Failures, f => f.Contains("RunRetentionDays", StringComparison.Ordinal));
    }
}
