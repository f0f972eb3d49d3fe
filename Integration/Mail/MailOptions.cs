using System.ComponentModel.DataAnnotations;

namespace B2BPortal.Integration.Mail;

/// <summary>The <c>Mail</c> configuration section. Without an SMTP host, mail goes to .eml files in the pickup folder.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    [Required]
    public string From { get; set; } = "B2BPortal <no-reply@b2bportal.local>";

    /// <summary>Relative paths are resolved against the content root.</summary>
    public string PickupDirectory { get; set; } = "App_Data/mail-pickup";

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>The address links in e-mails point to.</summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
}
