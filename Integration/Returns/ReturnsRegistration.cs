using B2BPortal.Domain.Returns;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Integration.Returns;

public static class ReturnsRegistration
{
    /// <summary>Returns' use cases for the Portal.</summary>
    public static IServiceCollection AddPortalReturns(this IServiceCollection services)
    {
        services.AddScoped<ReturnService>();
        return services;
    }
}
