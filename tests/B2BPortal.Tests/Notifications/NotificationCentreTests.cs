using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Notifications;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Notifications;

/// <summary>
/// The notification centre through the real Portal: what the portal e-mails is listed for its recipient with an unread
/// count in the header, preferences decide e-mail and/or centre per topic (account mails always both, their one-time
/// links never stored), reading is one's own only, and a change of preferences is audited.
/// </summary>
public abstract partial class NotificationCentreTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    [Fact]
    public async Task A_mail_is_listed_unread_and_opening_it_marks_it_read_and_leads_to_its_page()
    {
        var (email, userId) = await UserAsync("open");
        var client = await portal.SignedInAsync(email);
        await SendAsync(new OutgoingMail(email, "Order ORD-TEST-1: Shipped", "Your order is on its way.", Topic: NotificationTopic.Orders, Link: "/Ordering/Orders"));

        Assert.Contains("data-testid=\"unread-count\">1<", await client.GetStringAsync("/Notifications"), StringComparison.Ordinal);
        var id = (await NotificationsOfAsync(userId)).Single().Id;
        var open = await PortalFactory.PostFormAsync(client, $"/Notifications?handler=Open&id={id}", new Dictionary<string, string>(), "/Notifications");

        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal("/Ordering/Orders", open.Headers.Location?.OriginalString);
        Assert.NotNull((await NotificationsOfAsync(userId)).Single().ReadAt);
        Assert.DoesNotContain("data-testid=\"unread-count\"", await client.GetStringAsync("/Notifications"), StringComparison.Ordinal);
        Assert.Single(MailPickup.To(portal, email), m => m.Subject == "Order ORD-TEST-1: Shipped");
    }

    [Fact]
    public async Task Preferences_decide_e_mail_and_centre_per_topic_and_account_mails_always_come_both_ways_without_their_link()
    {
        var (email, userId) = await UserAsync("prefs");
        var client = await portal.SignedInAsync(email);

        // Orders: in the portal only. Quotes: neither. The account topic cannot be switched off (its box is not offered; a forged one is ignored).
        var saved = await PostPreferencesAsync(client, ("InPortal", "Orders"), ("Email", "Approvals"), ("InPortal", "Approvals"), ("Email", "Returns"), ("InPortal", "Returns"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("neither by e-mail nor here", WebUtility.HtmlDecode(await client.GetStringAsync("/Notifications/Preferences")), StringComparison.Ordinal);

        await SendAsync(new OutgoingMail(email, "Order ORD-TEST-2 placed", "Placed.", Topic: NotificationTopic.Orders));
        await SendAsync(new OutgoingMail(email, "Your quote Q-TEST is ready", "Sent.", Topic: NotificationTopic.Quotes));
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.SingleAsync(u => u.Id == userId);
            await scope.ServiceProvider.GetRequiredService<AccountMails>().SendPasswordResetAsync(user, CancellationToken.None);
        }

        var mails = MailPickup.To(portal, email);
        var listed = await NotificationsOfAsync(userId);
        Assert.DoesNotContain(mails, m => m.Subject == "Order ORD-TEST-2 placed");
        Assert.Contains(listed, n => n is { Subject: "Order ORD-TEST-2 placed", Emailed: false, Topic: NotificationTopic.Orders });
        Assert.DoesNotContain(mails, m => m.Subject == "Your quote Q-TEST is ready");
        Assert.DoesNotContain(listed, n => n.Subject == "Your quote Q-TEST is ready");

        var reset = MailPickup.OnlyOne(portal, email, "Reset your B2BPortal password");
        Assert.Contains("/Account/ResetPassword?", reset.TextBody, StringComparison.Ordinal);
        var filed = Assert.Single(listed, n => n.Subject == "Reset your B2BPortal password");
        Assert.True(filed.Emailed);
        Assert.DoesNotContain("ResetPassword", filed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("token", filed.Body, StringComparison.OrdinalIgnoreCase);

        await using var check = portal.Services.CreateAsyncScope();
        var audit = await check.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(a => a.EntityType == "NotificationPreferences" && a.EntityId == userId);
        Assert.Equal("NotificationPreferences.Changed", audit.Action);
        Assert.Contains("Your orders: e-mail, in portal", audit.Before, StringComparison.Ordinal);
        Assert.Contains("Your orders: no e-mail, in portal", audit.After, StringComparison.Ordinal);
        Assert.Contains("Quotes: no e-mail, not in portal", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_reads_or_marks_anothers_notifications()
    {
        var (owner, ownerId) = await UserAsync("owner");
        var (other, _) = await UserAsync("other");
        await SendAsync(new OutgoingMail(owner, "Invoice INV-SECRET is overdue", "Please pay.", Topic: NotificationTopic.Invoices));
        var id = (await NotificationsOfAsync(ownerId)).Single().Id;
        var intruder = await portal.SignedInAsync(other);

        var read = await PortalFactory.PostFormAsync(intruder, $"/Notifications?handler=Read&id={id}", new Dictionary<string, string>(), "/Notifications");
        var open = await PortalFactory.PostFormAsync(intruder, $"/Notifications?handler=Open&id={id}", new Dictionary<string, string>(), "/Notifications");
        await PortalFactory.PostFormAsync(intruder, "/Notifications?handler=ReadAll", new Dictionary<string, string>(), "/Notifications");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, open.StatusCode);
        Assert.DoesNotContain("INV-SECRET", await intruder.GetStringAsync("/Notifications"), StringComparison.Ordinal);
        Assert.Null((await NotificationsOfAsync(ownerId)).Single().ReadAt);
    }

    [Fact]
    public async Task Mark_all_read_clears_the_count_and_the_unread_filter_shows_what_is_left()
    {
        var (email, userId) = await UserAsync("all");
        var client = await portal.SignedInAsync(email);
        for (var i = 1; i <= 3; i++)
        {
            await SendAsync(new OutgoingMail(email, $"Order ORD-ALL-{i} placed", "Placed.", Topic: NotificationTopic.Orders));
        }

        Assert.Equal(3, CountUnread(await client.GetStringAsync("/Notifications?unread=true")));
        var done = await PortalFactory.PostFormAsync(client, "/Notifications?handler=ReadAll", new Dictionary<string, string>(), "/Notifications");

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.All(await NotificationsOfAsync(userId), n => Assert.NotNull(n.ReadAt));
        var unread = await client.GetStringAsync("/Notifications?unread=true");
        Assert.Equal(0, CountUnread(unread));
        Assert.Contains("You have read everything.", unread, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(await client.GetStringAsync("/Notifications"), "data-testid=\"notification\""));
    }

    private async Task<(string Email, string UserId)> UserAsync(string name)
    {
        var email = $"notify-{name}-{Guid.NewGuid():N}"[..28] + "@acme.example";
        var user = await TestUsers.CreateAsync(portal, email, Roles.BuyerAdmin, "C10000");
        return (email, user.Id);
    }

    private async Task SendAsync(OutgoingMail mail)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMailer>().SendAsync(mail, CancellationToken.None);
    }

    private async Task<List<Notification>> NotificationsOfAsync(string userId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<Notification>().AsNoTracking().Where(n => n.UserId == userId).ToListAsync();
    }

    private static async Task<HttpResponseMessage> PostPreferencesAsync(HttpClient client, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync("/Notifications/Preferences");
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("Email", "Account"))
            .Append(new("__RequestVerificationToken", token));
        return await client.PostAsync("/Notifications/Preferences", new FormUrlEncodedContent(values));
    }

    private static int CountUnread(string html) => Regex.Count(html, "data-unread=\"true\"");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

[Collection(SharedSqlitePortal.Name)]
public sealed class NotificationCentreTestsOnSqlite(SqlitePortal portal) : NotificationCentreTests<SqlitePortal>(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class NotificationCentreTestsOnPostgres(PostgresPortal portal) : NotificationCentreTests<PostgresPortal>(portal);

/// <summary>The demo set's sample orders were mailed to their buyer while loading: a newcomer signing in finds them listed, unread.</summary>
public sealed class DemoNotificationTests(SampleOrdersPortal portal) : IClassFixture<SampleOrdersPortal>
{
    [Fact]
    public async Task The_demo_buyer_finds_the_order_mails_of_the_demo_orders_in_the_centre_and_the_unread_count_in_the_header()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");

        var home = await buyer.GetStringAsync("/");
        var centre = WebUtility.HtmlDecode(await buyer.GetStringAsync("/Notifications"));

        Assert.Matches("data-testid=\"unread-count\">[1-9][0-9+]*<", home);
        Assert.Matches("Order ORD-\\d{4}-\\d{6} placed", centre);
        Assert.Contains("(also e-mailed to you)", centre, StringComparison.Ordinal);
        Assert.Contains("Your orders", centre, StringComparison.Ordinal);
    }
}
