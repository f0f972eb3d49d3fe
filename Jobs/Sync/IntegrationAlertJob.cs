using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Notifications;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace B2BPortal.Jobs.Sync;

/// <summary>
/// Mails the administrators the Integration page's alerts (<see cref="IntegrationAlerts"/>): a job failing again and
/// again, dead letters piling up. Each alert is mailed once a day at most while it lasts; the mailing is recorded in the
/// audit log (entity IntegrationAlert, action Mailed), which is also how the next run knows it was sent.
/// </summary>
[DisallowConcurrentExecution]
public sealed class IntegrationAlertJob(PortalDbContext db, IMailer mailer, IOptions<JobsOptions> jobs, IOptions<MailOptions> mail, TimeProvider clock, ILogger<IntegrationAlertJob> logger) : IJob
{
    public const string AuditEntity = "IntegrationAlert";

    /// <summary>A lasting alert is mailed again after this long.</summary>
    public static readonly TimeSpan RepeatAfter = TimeSpan.FromHours(24);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var mailed = await MailNewAlertsAsync(cancellationToken);
        context.Result = $"{mailed} alert(s) mailed";
    }

    /// <summary>Mails the alerts not mailed within <see cref="RepeatAfter"/>; returns how many.</summary>
    public async Task<int> MailNewAlertsAsync(CancellationToken ct)
    {
        var alerts = await IntegrationAlerts.CurrentAsync(db, jobs.Value.Alerts, ct);
        var now = clock.GetUtcNow();
        var since = now - RepeatAfter;
        var fresh = new List<(IntegrationAlert Alert, string Key)>();
        foreach (var alert in alerts)
        {
            var key = $"{alert.Kind}:{alert.Subject}";
            if (!await db.AuditEntries.AnyAsync(a => a.EntityType == AuditEntity && a.EntityId == key && a.Action == "Mailed" && a.At >= since, ct))
            {
                fresh.Add((alert, key));
            }
        }

        if (fresh.Count == 0)
        {
            return 0;
        }

        var adminRole = await db.Roles.Where(r => r.Name == Roles.Administrator).Select(r => r.Id).SingleAsync(ct);
        var admins = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole))
            .Select(u => u.Email!).ToListAsync(ct);
        var link = mail.Value.PublicBaseUrl.TrimEnd('/') + "/Integration";
        var subject = fresh.Count == 1 ? $"Integration alert: {fresh[0].Alert.Subject}" : $"Integration alerts: {string.Join(", ", fresh.Select(f => f.Alert.Subject))}";
        var body = "The portal's integration needs attention:\n\n" + string.Join("\n", fresh.Select(f => "- " + f.Alert.Message))
            + $"\n\nSee the Integration page:\n\n{link}\n";
        foreach (var to in admins)
        {
            await mailer.SendAsync(new OutgoingMail(to, subject, body, Topic: NotificationTopic.Integration, Link: "/Integration"), ct);
        }

        foreach (var (alert, key) in fresh)
        {
            db.AuditEntries.Add(new AuditEntry(now, "system", "Integration alerts", null, AuditEntity, key, "Mailed", null, $"{alert.Message} (to {admins.Count} administrator(s))"));
        }

        await db.SaveChangesAsync(ct);
        logger.LogWarning("Integration alerts mailed to {Count} administrator(s): {Alerts}", admins.Count, string.Join(" | ", fresh.Select(f => f.Alert.Message)));
        return fresh.Count;
    }
}
