using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Integration.Settlements;

public static class SettlementsRegistration
{
    /// <summary>The bank statement import and its limits (configuration section <c>Settlements</c>).</summary>
    public static IServiceCollection AddPortalSettlements(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SettlementLimits>().Bind(configuration.GetSection(SettlementLimits.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<StatementImporter>();
        return services;
    }
}
