using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Returns;
using B2BPortal.Integration.Couriers.Dhl;
using B2BPortal.Integration.Erp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.AddScoped<PaymentSync>();
        services.AddScoped<SyncHousekeeping>();
        services.TryAddScoped<OrderInvoicingCatchUp>();
        services.AddScoped<SyncRunRecovery>();

        // These four report to the order workflow through IOrderStatusUpdates, which the ordering capability registers.
        // Built on first use, so a host without it (a tool, a test of the other jobs) still starts and validates.
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<InvoiceSync>(sp));
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<OrderExporter>(sp));
        services.AddScoped<PaymentExporter>();
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<ShipmentTracker>(sp));
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<ShipmentSync>(sp));

        // Credits returns and mails their buyers: needs the mailer (AddPortalMail), resolved on first use like the four above.
        services.TryAddScoped<ReturnMails>();
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<CreditMemoSync>(sp));
        return services;
    }
}
