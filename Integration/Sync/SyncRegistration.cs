using B2BPortal.Integration.Couriers.Dhl;
using B2BPortal.Integration.Erp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Integration.Sync;

public static class SyncRegistration
{
    /// <summary>The ERP and courier clients and the sync work the jobs call. IOrderStatusUpdates comes from Domain/Ordering's registration.</summary>
    public static IServiceCollection AddPartnerSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddErpIntegration(configuration);
        services.AddDhlTracking(configuration);
        services.AddScoped<StockSync>();
        services.AddScoped<CustomerSync>();
        services.AddScoped<InvoiceSync>();
        services.AddScoped<PaymentSync>();
        services.AddScoped<OrderExporter>();
        services.AddScoped<ShipmentTracker>();
        return services;
    }
}
