using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Ordering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace B2BPortal.Integration.Ordering;

public static class OrderingRegistration
{
    /// <summary>
    /// Ordering's use cases and the status-update port. The credit check is <see cref="CreditControl"/> (TryAdd, so a test
    /// may register its own first); its settings are bound by AddPortalCredit, and take their defaults without it.
    /// </summary>
    public static IServiceCollection AddPortalOrdering(this IServiceCollection services)
    {
        services.AddOptions<CreditOptions>();
        services.TryAddScoped<ICreditCheck, CreditControl>();
        services.TryAddScoped<CreditNotifications>();
        services.AddScoped<OrderableProducts>();
        services.AddScoped<CartReviewer>();
        services.AddScoped<CartService>();
        services.AddScoped<OrderLineImport>();
        services.AddScoped<ApprovalRules>();
        services.AddScoped<SpendingLimitEditor>();
        services.AddScoped<OrderPlacement>();
        services.AddScoped<PlaceOrder>();
        services.AddScoped<OrderingOnBehalf>();
        services.AddScoped<OrderActions>();
        return services.AddOrderStatusUpdates();
    }

    /// <summary>
    /// Only what the ERP and courier sync need (the <see cref="IOrderStatusUpdates"/> port and its mails), for the
    /// standalone Jobs worker, which has no pricing or cart services. Needs IMailer (AddPortalMail) and the database.
    /// </summary>
    public static IServiceCollection AddOrderStatusUpdates(this IServiceCollection services)
    {
        services.TryAddScoped<OrderMails>();
        services.TryAddScoped<IOrderStatusUpdates, OrderStatusUpdates>();
        return services;
    }
}
