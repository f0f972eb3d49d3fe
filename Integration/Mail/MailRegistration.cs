using B2BPortal.Domain.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Integration.Mail;

public static class MailRegistration
{
    public static IServiceCollection AddPortalMail(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var folder = configuration.GetSection(MailOptions.Section).Get<MailOptions>()?.PickupDirectory ?? new MailOptions().PickupDirectory;
        services.AddSingleton(new MailPickupFolder(Path.IsPathRooted(folder) ? folder : Path.GetFullPath(Path.Combine(contentRoot, folder))));
        services.AddSingleton<IMailer, MailKitMailer>();
        return services;
    }
}
