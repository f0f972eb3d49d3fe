using System.Runtime.ExceptionServices;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Notifications;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Notifications;

/// <summary>
/// The portal's <see cref="IMailer"/>: every message to a portal user goes by e-mail and/or into their notification
/// centre as their preferences for its topic say (account messages always both), so everything e-mailed is also listed
/// in the portal. Addresses that are nobody's account (an outside mailbox) are simply mailed. A mail server that fails
/// still leaves the message in the centre (marked not e-mailed) before the failure goes back to the caller.
/// <para>
/// Where the notification is written: inside the caller's open transaction when there is one (same connection: SQLite
/// allows one writer, so a second connection would wait for the caller's lock; and a rolled-back change takes its
/// notification with it), otherwise in a database scope of its own, so the caller's unsaved changes are never saved
/// by a mail.
/// </para>
/// </summary>
public sealed class NotifyingMailer(MailKitMailer mailer, PortalDbContext db, TimeProvider clock, IServiceScopeFactory scopes, ILogger<NotifyingMailer> logger) : IMailer
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await SendAsync(mail, new NotificationCentre(db, clock), db, ct);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await SendAsync(mail, scope.ServiceProvider.GetRequiredService<NotificationCentre>(), own, ct);
    }

    private async Task SendAsync(OutgoingMail message, NotificationCentre centre, PortalDbContext users, CancellationToken ct)
    {
        var normalized = message.To.Trim().ToUpperInvariant();
        var userId = await users.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (userId is null)
        {
            await mailer.SendAsync(message, ct);
            return;
        }

        var (byEmail, inPortal) = await centre.DeliveryAsync(userId, message.Topic, ct);
        ExceptionDispatchInfo? failure = null;
        if (byEmail)
        {
            try
            {
                await mailer.SendAsync(message, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        }
        else
        {
            logger.LogInformation("Mail to {To} \"{Subject}\" not e-mailed: {Topic} e-mails are off in their preferences", message.To, message.Subject, message.Topic);
        }

        if (inPortal || byEmail)
        {
            await centre.FileAsync(userId, message.Topic, message.Subject, message.PortalText ?? message.TextBody, message.Link, emailed: byEmail && failure is null, ct);
        }

        failure?.Throw();
    }
}
