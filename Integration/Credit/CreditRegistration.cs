using B2BPortal.Domain.Credit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace B2BPortal.Integration.Credit;

public static class CreditRegistration
{
    /// <summary>The accountants' use cases (holds queue, account changes) and the credit settings. The check itself comes with AddPortalOrdering.</summary>
    public static IServiceCollection AddPortalCredit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCreditReview(configuration);
        services.AddScoped<CreditHolds>();
        services.AddScoped<CreditAccountActions>();
        services.TryAddScoped<CreditControl>();
        return services;
    }

    /// <summary>The daily review and the settings it reads; all the standalone Jobs worker needs of credit.</summary>
    public static IServiceCollection AddCreditReview(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CreditOptions>().Bind(configuration.GetSection(CreditOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CreditOptions>, CreditOptionsValidator>());
        services.TryAddScoped<CreditReview>();
        services.TryAddScoped<CreditNotifications>();
        return services;
    }
}

/// <summary>A prepaid code list that names nothing would silently treat prepaid customers as on account.</summary>
internal sealed class CreditOptionsValidator : IValidateOptions<CreditOptions>
{
    public ValidateOptionsResult Validate(string? name, CreditOptions options) =>
        options.PrepaidCodes.Count == 0
            ? ValidateOptionsResult.Fail("Credit:PrepaidTermsCodes names no payment terms code; give at least one (e.g. PREPAID).")
            : ValidateOptionsResult.Success;
}
