using B2BPortal.Domain.Notifications;

namespace B2BPortal.Domain.Common;

/// <summary>
/// A message to one address. <paramref name="Topic"/> decides, with the recipient's preferences, whether it goes by
/// e-mail and whether it is filed in their notification centre (<see cref="NotificationTopic.Account"/>: always both);
/// <paramref name="Link"/> is where the centre's entry leads (a portal path or an absolute link). A mail that carries a
/// secret (a one-time sign-in or reset link) sets <paramref name="PortalText"/>: the centre files that instead of the
/// body, so no secret is stored in the database.
/// </summary>
public sealed record OutgoingMail(string To, string Subject, string TextBody, string? HtmlBody = null, NotificationTopic Topic = NotificationTopic.Account, string? Link = null,
    string? PortalText = null);

/// <summary>Sends mail. Integration implements it with SMTP, or with a pickup folder of .eml files by default.</summary>
public interface IMailer
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct);
}
