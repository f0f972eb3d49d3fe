using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Integration.Spreadsheets;

public static class SpreadsheetRegistration
{
    /// <summary>The upload limits (validated at start) and the EPPlus licence, set once for the process before any workbook is opened.</summary>
    public static IServiceCollection AddPortalSpreadsheets(this IServiceCollection services, IConfiguration configuration)
    {
        SpreadsheetLicence.Apply(configuration[SpreadsheetLicence.SettingKey]);
        services.AddOptions<SpreadsheetOptions>()
            .Bind(configuration.GetSection(SpreadsheetOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
