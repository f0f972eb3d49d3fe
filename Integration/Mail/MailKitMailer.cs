using B2BPortal.Domain.Common;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace B2BPortal.Integration.Mail;

/// <summary>SMTP when a host is configured; otherwise one .eml file per message in the pickup folder, so the embedded default needs no mail server.</summary>
public sealed class MailKitMailer(IOptions<MailOptions> options, MailPickupFolder pickup, ILogger<MailKitMailer> logger) : IMailer
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        message.Body = body.ToMessageBody();

        if (string.IsNullOrWhiteSpace(o.SmtpHost))
        {
            Directory.CreateDirectory(pickup.Path);
            var file = System.IO.Path.Combine(pickup.Path, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(file, ct);
            logger.LogInformation("Mail to {To} \"{Subject}\" written to {File}", mail.To, mail.Subject, file);
            return;
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(o.SmtpHost, o.SmtpPort, SecureSocketOptions.Auto, ct);
        if (!string.IsNullOrEmpty(o.SmtpUser))
        {
            await smtp.AuthenticateAsync(o.SmtpUser, o.SmtpPassword ?? string.Empty, ct);
        }

        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
        logger.LogInformation("Mail to {To} \"{Subject}\" sent through {Host}", mail.To, mail.Subject, o.SmtpHost);
    }
}

/// <summary>The absolute pickup folder, resolved once against the content root.</summary>
public sealed record MailPickupFolder(string Path);
