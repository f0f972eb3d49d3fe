using B2BPortal.Domain.Common;
using B2BPortal.Domain.Notifications;
using B2BPortal.Integration.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace B2BPortal.Integration.Mail;

public static class MailRegistration
{
    public static IServiceCollection AddPortalMail(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var folder = configuration.GetSection(MailOptions.Section).Get<MailOptions>()?.PickupDirectory ?? new MailOptions().PickupDirectory;
        services.AddSingleton(new MailPickupFolder(Path.IsPathRooted(folder) ? folder : Path.GetFullPath(Path.Combine(contentRoot, folder))));
        // SMTP or the pickup folder, behind the notification centre: preferences decide e-mail and/or in-portal.
        services.AddSingleton<MailKitMailer>();
        services.AddScoped<IMailer, NotifyingMailer>();
        services.TryAddScoped<NotificationCentre>();
        return services;
    }
}
