using System.Net;
using B2BPortal.Domain.Sync;
using B2BPortal.Jobs;
using B2BPortal.Jobs.Sync;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Sync;

public sealed class CronInWordsTests
{
    [Theory]
    [InlineData("0 0/5 * * * ?", "every 5 minutes")]
    [InlineData("0 */15 * * * ?", "every 15 minutes")]
    [InlineData("0 * * * * ?", "every minute")]
    [InlineData("0 0 * * * ?", "every hour, on the hour")]
    [InlineData("0 5 * * * ?", "every hour at minute 5")]
    [InlineData("0 30 2 * * ?", "daily at 02:30 UTC")]
    [InlineData("0 0 6 ? * MON-FRI", "Monday to Friday at 06:00 UTC")]
    [InlineData("0 0 0/2 * * ?", "every 2 hours")]
    [InlineData("*/30 * * * * ?", "every 30 seconds")]
    [InlineData("0 0 7 1 * ?", "on the 1st of the month at 07:00 UTC")]
    [InlineData("0 0 0 1 1 ? 2099", "a custom schedule")]
    [InlineData("0 0 12 ? * 2#1", "a custom schedule")]
    [InlineData("not a cron", "a custom schedule")]
    public void A_cron_is_put_in_words_or_called_custom(string cron, string words) => Assert.Equal(words, CronInWords.Describe(cron));
}

/// <summary>The Integration page as a console: schedules in words, empty states, alerts banner, bulk dead-letter actions, auto-refresh script.</summary>
public sealed class IntegrationConsoleTests(IntegrationPortal portal) : IClassFixture<IntegrationPortal>
{
    [Fact]
    public async Task The_console_says_what_empty_means_then_raises_alerts_and_retries_or_ignores_dead_letters_in_bulk()
    {
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var html = await admin.GetStringAsync("/Integration");
        Assert.Contains("every 15 minutes", html, StringComparison.Ordinal);
        Assert.Contains("daily at 03:15 UTC", html, StringComparison.Ordinal);
        Assert.Contains("No dead letters:", html, StringComparison.Ordinal);
        Assert.Contains("Nothing waits for the ERP", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/js/integration-console.js", html, StringComparison.Ordinal);
        Assert.Contains("data-refresh-seconds=\"30\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"integration-alert\"", html, StringComparison.Ordinal);

        var now = DateTimeOffset.UtcNow;
        long[] ids;
        await using (var db = portal.Database.CreateContext())
        {
            for (var i = 0; i < 3; i++)
            {
                var run = new SyncRun("InvoiceSync", now.AddMinutes(-30 + i), false);
                run.Fail(now.AddMinutes(-30 + i), "ERP answered 503");
                db.SyncRuns.Add(run);
            }

            var letters = Enumerable.Range(1, 11).Select(i => new DeadLetter("CustomerSync", $"C9{i:000}", "Unknown payment terms", "{}", now)).ToList();
            db.DeadLetters.AddRange(letters);
            await db.SaveChangesAsync();
            ids = letters.Select(l => l.Id).ToArray();
        }

        html = await admin.GetStringAsync("/Integration");
        Assert.Contains("data-testid=\"integration-alert\"", html, StringComparison.Ordinal);
        Assert.Contains("InvoiceSync failed 3 times in a row", html, StringComparison.Ordinal);
        Assert.Contains("11 records wait in the dead letters (alert above 10)", html, StringComparison.Ordinal);

        // The administrators are mailed each alert once (again only after a day while it lasts).
        using (var scope = portal.Services.CreateScope())
        {
            var job = ActivatorUtilities.CreateInstance<IntegrationAlertJob>(scope.ServiceProvider);
            Assert.Equal(2, await job.MailNewAlertsAsync(CancellationToken.None));
            Assert.Equal(0, await job.MailNewAlertsAsync(CancellationToken.None));
        }

        var mail = MailPickup.To(portal, "admin@b2bportal.example").Single(m => m.Subject == "Integration alerts: InvoiceSync, Dead letters");
        Assert.Contains("InvoiceSync failed 3 times in a row", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/Integration", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(MailPickup.To(portal, "admin@acme.example"), m => (m.Subject ?? "").StartsWith("Integration alert", StringComparison.Ordinal));

        var retried = await PortalFactory.PostFormAsync(admin, "/Integration?handler=RetryDeadLetters", new Dictionary<string, string> { ["ids"] = ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/Integration");
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);

        // Form posts with the same key many times: the bulk action takes every ticked id.
        var ignore = await PostIdsAsync(admin, "IgnoreDeadLetters", ids[1..]);
        Assert.Equal(HttpStatusCode.Redirect, ignore.StatusCode);

        await using (var db = portal.Database.CreateContext())
        {
            var statuses = await db.DeadLetters.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Status);
            Assert.Equal(DeadLetterStatus.RetryRequested, statuses[ids[0]]);
            Assert.All(ids[1..], id => Assert.Equal(DeadLetterStatus.Ignored, statuses[id]));
            var keys = ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(11, await db.AuditEntries.CountAsync(a => a.EntityType == "DeadLetter" && keys.Contains(a.EntityId)));
        }

        html = await admin.GetStringAsync("/Integration");
        Assert.DoesNotContain("records wait in the dead letters", html, StringComparison.Ordinal);
        Assert.Contains("InvoiceSync failed 3 times in a row", html, StringComparison.Ordinal);

        var none = await PostIdsAsync(admin, "IgnoreDeadLetters", []);
        Assert.Equal(HttpStatusCode.Redirect, none.StatusCode);
        Assert.Contains("Tick the dead letters first", await admin.GetStringAsync("/Integration"), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostIdsAsync(HttpClient client, string handler, long[] ids)
    {
        var page = await client.GetStringAsync("/Integration");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var fields = ids.Select(id => new KeyValuePair<string, string>("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", WebUtility.HtmlDecode(token)));
        return await client.PostAsync($"/Integration?handler={handler}", new FormUrlEncodedContent(fields));
    }
}
