namespace B2BPortal.Domain.Common;

public sealed record OutgoingMail(string To, string Subject, string TextBody, string? HtmlBody = null);

/// <summary>Sends mail. Integration implements it with SMTP, or with a pickup folder of .eml files by default.</summary>
public interface IMailer
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct);
}
