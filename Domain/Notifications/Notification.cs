namespace B2BPortal.Domain.Notifications;

/// <summary>What a notification is about; each person chooses per topic whether it comes by e-mail, in the portal or both.</summary>
public enum NotificationTopic
{
    /// <summary>Invitations, password resets, locked accounts, API tokens: always e-mailed and listed, never switched off.</summary>
    Account = 0,
    Orders = 1,
    Approvals = 2,
    Quotes = 3,
    Invoices = 4,
    Returns = 5,
    Integration = 6,
}

/// <summary>A topic as the preferences page shows it, and who it concerns.</summary>
public sealed record NotificationTopicInfo(NotificationTopic Topic, string Label, string Description, IReadOnlySet<string> Roles, bool CanSwitchOff);

public static class NotificationTopics
{
    public static readonly IReadOnlyList<NotificationTopicInfo> All =
    [
        new(NotificationTopic.Account, "Your account", "Invitations, password resets, a locked account, API tokens issued for your company.", Identity.Roles.All.ToHashSet(), CanSwitchOff: false),
        new(NotificationTopic.Orders, "Your orders", "An order placed (also by your sales rep for you), approved, rejected, shipped, delivered or cancelled.",
            new HashSet<string> { Identity.Roles.Buyer, Identity.Roles.BuyerAdmin }, CanSwitchOff: true),
        new(NotificationTopic.Approvals, "Approvals", "An order or a quote waiting for your approval.",
            new HashSet<string> { Identity.Roles.BuyerAdmin, Identity.Roles.SalesRep, Identity.Roles.Administrator }, CanSwitchOff: true),
        new(NotificationTopic.Quotes, "Quotes", "A quote requested, sent, revised, accepted, declined, expiring or expired.",
            new HashSet<string> { Identity.Roles.Buyer, Identity.Roles.BuyerAdmin, Identity.Roles.SalesRep, Identity.Roles.Administrator }, CanSwitchOff: true),
        new(NotificationTopic.Invoices, "Invoices and credit", "An invoice falling due or overdue, credit nearly used up.",
            new HashSet<string> { Identity.Roles.BuyerAdmin, Identity.Roles.Accountant, Identity.Roles.SalesRep }, CanSwitchOff: true),
        new(NotificationTopic.Returns, "Returns", "A return approved, rejected, received or credited.",
            new HashSet<string> { Identity.Roles.Buyer, Identity.Roles.BuyerAdmin, Identity.Roles.SalesRep, Identity.Roles.Administrator }, CanSwitchOff: true),
        new(NotificationTopic.Integration, "Integration alerts", "A sync job failing again and again, dead letters piling up.",
            new HashSet<string> { Identity.Roles.Administrator }, CanSwitchOff: true),
    ];

    public static NotificationTopicInfo Of(NotificationTopic topic) => All.Single(t => t.Topic == topic);

    /// <summary>The topics that concern someone with these roles, in the order above.</summary>
    public static IReadOnlyList<NotificationTopicInfo> For(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        return All.Where(t => t.Roles.Overlaps(set)).ToList();
    }
}

/// <summary>
/// One message in a person's notification centre: every e-mail the portal sent them, and what they asked to see in
/// the portal only. Newest first; unread until they open it or mark everything read.
/// </summary>
public class Notification
{
    public const int SubjectMaxLength = 300;
    public const int BodyMaxLength = 4000;
    public const int LinkMaxLength = 500;

    private Notification() { }

    public Notification(string userId, NotificationTopic topic, string subject, string body, string? link, bool emailed, DateTimeOffset at)
    {
        UserId = userId;
        Topic = topic;
        Subject = Cut(subject, SubjectMaxLength);
        Body = Cut(body, BodyMaxLength);
        Link = link is { Length: <= LinkMaxLength } && (link.StartsWith('/') || link.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || link.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ? link : null;
        Emailed = emailed;
        CreatedAt = at;
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public NotificationTopic Topic { get; private set; }

    public string Subject { get; private set; } = string.Empty;

    public string Body { get; private set; } = string.Empty;

    /// <summary>Where to act on it: a portal path, or the absolute link the e-mail carried.</summary>
    public string? Link { get; private set; }

    /// <summary>True when it also went out by e-mail (false: in the portal only, by the person's choice or because the mail failed).</summary>
    public bool Emailed { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}

/// <summary>How one person wants one topic: by e-mail, in the portal, both or neither. No row: both.</summary>
public class NotificationPreference
{
    private NotificationPreference() { }

    public NotificationPreference(string userId, NotificationTopic topic, bool email, bool inPortal)
    {
        UserId = userId;
        Topic = topic;
        Email = email;
        InPortal = inPortal;
    }

    public string UserId { get; private set; } = string.Empty;

    public NotificationTopic Topic { get; private set; }

    public bool Email { get; private set; }

    public bool InPortal { get; private set; }

    public void Set(bool email, bool inPortal)
    {
        Email = email;
        InPortal = inPortal;
    }
}
