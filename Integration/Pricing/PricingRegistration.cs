using B2BPortal.Domain.Pricing;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Integration.Pricing;

public static class PricingRegistration
{
    /// <summary>Tiered price lists answer both pricing ports; the ERP list price is their last fallback (docs/pricing.md).</summary>
    public static IServiceCollection AddPortalPricing(this IServiceCollection services)
    {
        services.AddScoped<TieredPriceResolver>();
        services.AddScoped<IPriceResolver>(sp => sp.GetRequiredService<TieredPriceResolver>());
        services.AddScoped<IQuantityRules>(sp => sp.GetRequiredService<TieredPriceResolver>());
        services.AddScoped<PriceListImporter>();
        return services;
    }
}
