using B2BPortal.Domain.Settlements;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Integration.Settlements;

public static class SettlementsRegistration
{
    /// <summary>The bank statement import and its limits (configuration section <c>Settlements</c>), and matching with its tolerance (<c>Settlements:Tolerance</c>).</summary>
    public static IServiceCollection AddPortalSettlements(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SettlementLimits>().Bind(configuration.GetSection(SettlementLimits.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SettlementOptions>().Bind(configuration.GetSection(SettlementOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SettlementMatching>();
        services.AddScoped<StatementImporter>();
        return services;
    }
}
