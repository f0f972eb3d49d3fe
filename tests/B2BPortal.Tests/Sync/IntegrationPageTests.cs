using System.Net;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Sync;

/// <summary>The Portal with its scheduler running and the ERP played by WireMock; schedules far in the future so only "Run now" fires.</summary>
public sealed class IntegrationPortal() : PortalFactory(DatabaseProvider.Sqlite)
{
    public FakeErp Erp { get; } = new();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Jobs:RunInPortal"] = "true",
        ["Erp:BaseUrl"] = Erp.Url + FakeErp.Root,
        ["Erp:CompanyId"] = FakeErp.CompanyId,
        ["Erp:TokenEndpoint"] = Erp.Url + "/token",
        ["Erp:ClientId"] = "portal",
        ["Erp:ClientSecret"] = "secret",
        ["Erp:LocalCurrency"] = "EUR",
        ["Jobs:Schedules:StockSync:Cron"] = "0 0 0 1 1 ? 2099",
        ["Jobs:Schedules:StockFullResync:Enabled"] = "false",
        ["Jobs:Schedules:CustomerSync:Enabled"] = "false",
        ["Jobs:Schedules:OrderExport:Enabled"] = "false",
        ["Jobs:Schedules:InvoiceSync:Enabled"] = "false",
        ["Jobs:Schedules:CreditMemoSync:Enabled"] = "false",
        ["Jobs:Schedules:PaymentSync:Enabled"] = "false",
        ["Jobs:Schedules:ShipmentSync:Enabled"] = "false",
        ["Jobs:Schedules:SyncHousekeeping:Enabled"] = "false",
        ["Jobs:Schedules:IntegrationAlerts:Enabled"] = "false",
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Erp.Dispose();
    }
}

public sealed class IntegrationPageTests(IntegrationPortal portal) : IClassFixture<IntegrationPortal>
{
    [Fact]
    public async Task Only_administrators_reach_the_page()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await portal.Anonymous().GetAsync("/Integration")).StatusCode);
        foreach (var email in new[] { "buyer@acme.example", "admin@acme.example" })
        {
            var response = await (await portal.SignedInAsync(email)).GetAsync("/Integration");
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{email} got {(int)response.StatusCode}");
            Assert.DoesNotContain("/Integration", response.Headers.Location?.OriginalString ?? "/Account/AccessDenied", StringComparison.Ordinal);
        }

        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var html = await admin.GetStringAsync("/Integration");
        Assert.Contains("StockSync", html, StringComparison.Ordinal);
        Assert.Contains("0 0 0 1 1 ? 2099", html, StringComparison.Ordinal);
        Assert.Contains("ShipmentSync", html, StringComparison.Ordinal);
        Assert.Contains("SyncHousekeeping", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_pauses_resumes_and_runs_a_schedule_now()
    {
        portal.Erp.GivenPage("items", FakeErp.Page([]));
        var admin = await portal.SignedInAsync("admin@b2bportal.example");

        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(admin, "/Integration?handler=Pause&schedule=StockSync", new Dictionary<string, string>(), "/Integration")).StatusCode);
        Assert.Contains("StockSync is paused", await admin.GetStringAsync("/Integration"), StringComparison.Ordinal);
        Assert.Contains(">Resume<", await admin.GetStringAsync("/Integration"), StringComparison.Ordinal);
        await PortalFactory.PostFormAsync(admin, "/Integration?handler=Resume&schedule=StockSync", new Dictionary<string, string>(), "/Integration");

        await PortalFactory.PostFormAsync(admin, "/Integration?handler=RunNow&schedule=StockSync", new Dictionary<string, string>(), "/Integration");

        SyncRun? run = null;
        for (var i = 0; i < 100 && run?.FinishedAt is null; i++)
        {
            await Task.Delay(100);
            await using var db = portal.Database.CreateContext();
            run = await db.SyncRuns.AsNoTracking().Where(r => r.JobName == "StockSync").OrderByDescending(r => r.Id).FirstOrDefaultAsync();
        }

        Assert.NotNull(run);
        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        var page = await admin.GetStringAsync("/Integration");
        Assert.Contains("Succeeded", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Stock as of: never synced", page, StringComparison.Ordinal);
        await using (var db = portal.Database.CreateContext())
        {
            Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.EntityType == "Job" && a.EntityId == "StockSync"));
        }
    }

    [Fact]
    public async Task Waiting_orders_and_dead_letters_are_listed_and_can_be_retried_or_ignored()
    {
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        long messageId, letterId;
        await using (var db = portal.Database.CreateContext())
        {
            var message = OrderExportTests.Message(OrderExportTests.Order("SO-PAGE-1"));
            message.AttemptFailed("The ERP answered 503 ServiceUnavailable", DateTimeOffset.UtcNow, TimeSpan.FromHours(1), 10);
            var letter = new DeadLetter("StockSync", "X-404", "Unknown item number X-404: no product has this ERP item number.", "{}", DateTimeOffset.UtcNow);
            db.OutboxMessages.Add(message);
            db.DeadLetters.Add(letter);
            await db.SaveChangesAsync();
            (messageId, letterId) = (message.Id, letter.Id);
        }

        var html = await admin.GetStringAsync("/Integration");
        Assert.Contains("Order SO-PAGE-1", html, StringComparison.Ordinal);
        Assert.Contains("Unknown item number X-404", html, StringComparison.Ordinal);
        Assert.Contains("Waiting for the ERP: <strong>", html, StringComparison.Ordinal);

        await PortalFactory.PostFormAsync(admin, $"/Integration?handler=RetryOutbox&id={messageId}", new Dictionary<string, string>(), "/Integration");
        await PortalFactory.PostFormAsync(admin, $"/Integration?handler=IgnoreDeadLetter&id={letterId}", new Dictionary<string, string>(), "/Integration");

        await using (var db = portal.Database.CreateContext())
        {
            var message = await db.OutboxMessages.SingleAsync(m => m.Id == messageId);
            Assert.Equal(OutboxStatus.Pending, message.Status);
            Assert.True(message.NextAttemptAt <= DateTimeOffset.UtcNow);
            Assert.Equal(DeadLetterStatus.Ignored, (await db.DeadLetters.SingleAsync(d => d.Id == letterId)).Status);
        }
    }

    [Fact]
    public async Task A_run_whose_process_stopped_shows_as_interrupted_with_the_reason()
    {
        await using (var db = portal.Database.CreateContext())
        {
            var run = new SyncRun("InvoiceSync", DateTimeOffset.UtcNow.AddMinutes(-50), full: false, node: "web-2");
            db.SyncRuns.Add(run);
            await db.SaveChangesAsync();
            await new Integration.Sync.SyncRunRecovery(db, TimeProvider.System).InterruptSilentAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        }

        var html = await (await portal.SignedInAsync("admin@b2bportal.example")).GetStringAsync("/Integration");

        Assert.Contains("Interrupted (its process stopped)", html, StringComparison.Ordinal);
        Assert.Contains("node web-2", html, StringComparison.Ordinal);
        Assert.Contains("no sign of life from node web-2", html, StringComparison.Ordinal);
        // The page says when that happens: within a minute once a node has been silent for the configured timeout (10).
        Assert.Contains("any running node marks it within a minute once it has sent no heartbeat for 10 minutes", html, StringComparison.Ordinal);
    }
}
