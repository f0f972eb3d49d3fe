using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Notifications;

/// <summary>One topic's choice on the preferences page.</summary>
public sealed record TopicSetting(NotificationTopicInfo Topic, bool Email, bool InPortal);

public sealed record NotificationPage(IReadOnlyList<Notification> Items, int Page, bool HasNext, int Unread);

/// <summary>
/// A person's notification centre and their choices of how each topic reaches them. Everything is keyed by the signed-in
/// person's own user id: nobody reads, marks or sets another's. The mailer (Integration's NotifyingMailer) consults
/// <see cref="DeliveryAsync"/> and files what it sends here.
/// </summary>
public sealed class NotificationCentre(PortalDbContext db, TimeProvider clock)
{
    public const int PageSize = 25;

    public Task<int> UnreadCountAsync(string userId, CancellationToken ct) =>
        db.Set<Notification>().CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

    public async Task<NotificationPage> PageAsync(string userId, bool unreadOnly, int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId);
        if (unreadOnly)
        {
            mine = mine.Where(n => n.ReadAt == null);
        }

        var items = await mine.OrderByDescending(n => n.Id).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        return new NotificationPage(items.Take(PageSize).ToList(), page, items.Count > PageSize, await UnreadCountAsync(userId, ct));
    }

    /// <summary>Marks one of the person's own notifications read; false when they have none with this id.</summary>
    public async Task<bool> MarkReadAsync(string userId, long id, CancellationToken ct)
    {
        var notification = await db.Set<Notification>().SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId, ct);
        if (notification is null)
        {
            return false;
        }

        notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Where one of the person's own notifications leads; null when it leads nowhere or is not theirs.</summary>
    public Task<string?> LinkAsync(string userId, long id, CancellationToken ct) =>
        db.Set<Notification>().Where(n => n.Id == id && n.UserId == userId).Select(n => n.Link).SingleOrDefaultAsync(ct);

    public Task<int> MarkAllReadAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.Set<Notification>().Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>How a topic reaches the person: account messages always both ways; otherwise their choice, both by default.</summary>
    public async Task<(bool Email, bool InPortal)> DeliveryAsync(string userId, NotificationTopic topic, CancellationToken ct)
    {
        if (!NotificationTopics.Of(topic).CanSwitchOff)
        {
            return (true, true);
        }

        var preference = await db.Set<NotificationPreference>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId && p.Topic == topic, ct);
        return preference is null ? (true, true) : (preference.Email, preference.InPortal);
    }

    /// <summary>The topics that concern the person's roles, with their current choice.</summary>
    public async Task<IReadOnlyList<TopicSetting>> PreferencesAsync(string userId, IEnumerable<string> roles, CancellationToken ct)
    {
        var saved = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Topic, ct);
        return NotificationTopics.For(roles)
            .Select(t => saved.TryGetValue(t.Topic, out var p) && t.CanSwitchOff ? new TopicSetting(t, p.Email, p.InPortal) : new TopicSetting(t, true, true))
            .ToList();
    }

    /// <summary>Saves the person's choices for the topics that concern them (others are ignored), audited with before and after.</summary>
    public async Task SaveAsync(Actor person, IReadOnlyDictionary<NotificationTopic, (bool Email, bool InPortal)> choices, CancellationToken ct)
    {
        var before = await PreferencesAsync(person.UserId, person.Roles, ct);
        var saved = await db.Set<NotificationPreference>().Where(p => p.UserId == person.UserId).ToDictionaryAsync(p => p.Topic, ct);
        foreach (var setting in before.Where(s => s.Topic.CanSwitchOff))
        {
            var (email, inPortal) = choices.TryGetValue(setting.Topic.Topic, out var c) ? c : (setting.Email, setting.InPortal);
            if (saved.TryGetValue(setting.Topic.Topic, out var row))
            {
                row.Set(email, inPortal);
            }
            else
            {
                db.Add(new NotificationPreference(person.UserId, setting.Topic.Topic, email, inPortal));
            }
        }

        var after = before.Select(s => s.Topic.CanSwitchOff && choices.TryGetValue(s.Topic.Topic, out var c) ? s with { Email = c.Email, InPortal = c.InPortal } : s).ToList();
        if (Describe(before) != Describe(after))
        {
            db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), person.UserId, person.DisplayName, person.CompanyId, "NotificationPreferences", person.UserId,
                "NotificationPreferences.Changed", Describe(before), Describe(after)));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Files a message in the person's centre (the mailer calls this for what it sends and for in-portal-only topics).</summary>
    public async Task FileAsync(string userId, NotificationTopic topic, string subject, string body, string? link, bool emailed, CancellationToken ct)
    {
        db.Add(new Notification(userId, topic, subject, body, link, emailed, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    private static string Describe(IEnumerable<TopicSetting> settings) => string.Join("; ", settings.Where(s => s.Topic.CanSwitchOff)
        .Select(s => $"{s.Topic.Label}: {(s.Email ? "e-mail" : "no e-mail")}, {(s.InPortal ? "in portal" : "not in portal")}"));
}
