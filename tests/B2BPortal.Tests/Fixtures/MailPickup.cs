using System.Text.RegularExpressions;
using B2BPortal.Integration.Mail;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace B2BPortal.Tests.Fixtures;

/// <summary>Reads the .eml files the Portal wrote to its pickup folder (Mail:PickupDirectory, one per test database).</summary>
public static partial class MailPickup
{
    public static IReadOnlyList<MimeMessage> To(PortalFactory portal, string address)
    {
        var folder = portal.Services.GetRequiredService<MailPickupFolder>().Path;
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal)
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>The single mail to the address with the subject, waiting briefly; fails when there is none or several.</summary>
    public static MimeMessage OnlyOne(PortalFactory portal, string address, string subject)
    {
        var mails = To(portal, address).Where(m => m.Subject == subject).ToList();
        Assert.True(mails.Count == 1, $"expected one mail \"{subject}\" to {address}, found {mails.Count}");
        return mails[0];
    }

    /// <summary>The path and query of the first link in the mail's text (the host is Mail:PublicBaseUrl, not the test server).</summary>
    public static string LinkPathAndQuery(MimeMessage mail)
    {
        var match = Link().Match(mail.TextBody ?? string.Empty);
        Assert.True(match.Success, "no link in the mail: " + mail.TextBody);
        return new Uri(match.Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
