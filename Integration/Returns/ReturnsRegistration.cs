using B2BPortal.Domain.Returns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace B2BPortal.Integration.Returns;

public static class ReturnsRegistration
{
    /// <summary>Returns' use cases for the Portal (the buyer's mails need AddPortalMail).</summary>
    public static IServiceCollection AddPortalReturns(this IServiceCollection services)
    {
        services.TryAddScoped<ReturnMails>();
        services.AddScoped<ReturnService>();
        return services;
    }
}
