using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace B2BPortal.Tests.Sync;

public sealed class StockSyncTests
{
    internal static async Task SeedProductsAsync(PortalDbContext db, params string[] numbers)
    {
        var category = new Category("Furniture", "furniture-" + Guid.NewGuid().ToString("N")[..6]);
        db.Categories.Add(category);
        await db.SaveChangesAsync();
        foreach (var n in numbers)
        {
            db.Products.Add(new Product(Sku.Create(n), "Old name " + n, category.Id, "PCS", Money.Of(1m, "USD")));
        }

        await db.SaveChangesAsync();
    }

    private static Task<SyncRun> RunStock(ServiceProvider sp, bool full = false) =>
        sp.RunAsync(s => s.GetRequiredService<StockSync>().RunAsync(full, CancellationToken.None));

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Follows_next_links_applies_every_page_and_moves_the_watermark(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(db => SeedProductsAsync(db, "1896-S", "1900-S", "1920-S"));
        erp.GivenPage("items", FakeErp.Page(
            [FakeErp.Item("1896-S", 4, "2024-03-11T09:15:02.113Z"), FakeErp.Item("1900-S", 36, "2024-03-12T09:15:02.113Z", name: "PARIS Guest Chair, black", unitPrice: 192.8m)],
            erp.NextLink("items", "page2")));
        erp.GivenNextPage("items", "page2", FakeErp.Page([FakeErp.Item("1920-S", 0, "2024-05-02T14:40:57.6Z", name: "ANTWERP Conference Table", blocked: true)]));

        var run = await RunStock(sp);

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal((3, 3, 0, 0), (run.Read, run.Created, run.Updated, run.Failed));
        await sp.WithDbAsync(async db =>
        {
            var stock = await db.StockLevels.AsNoTracking().OrderBy(s => s.ProductId).Select(s => s.Quantity).ToListAsync();
            Assert.Equal([4m, 36m, 0m], stock);
            var chair = await db.Products.AsNoTracking().SingleAsync(p => p.ErpItemNumber == "1900-S");
            Assert.Equal(("PARIS Guest Chair, black", 192.8m, true), (chair.Name, chair.ListPrice.Amount, chair.IsActive));
            Assert.Equal(780.7m, chair.UnitCost);
            Assert.False((await db.Products.AsNoTracking().SingleAsync(p => p.ErpItemNumber == "1920-S")).IsActive);
            var state = await db.SyncJobStates.AsNoTracking().SingleAsync(s => s.JobName == StockSync.Name);
            Assert.Equal(DateTimeOffset.Parse("2024-05-02T14:40:57.6Z", System.Globalization.CultureInfo.InvariantCulture), state.Watermark);
        });

        // The next run asks only for what changed since (inclusive), in order, and a re-read record changes nothing.
        var second = await RunStock(sp);
        Assert.Equal((3, 0, 0, 0), (second.Read, second.Created, second.Updated, second.Failed));
        var query = erp.Queries("items").Last(q => !q.Contains("skiptoken", StringComparison.Ordinal));
        Assert.Contains("$filter=lastModifiedDateTime ge 2024-05-02T14:40:57.600Z", query, StringComparison.Ordinal);
        Assert.Contains("$orderby=lastModifiedDateTime asc", query, StringComparison.Ordinal);
        Assert.All(erp.Server.LogEntries.Where(e => e.RequestMessage!.Path.EndsWith("/items", StringComparison.Ordinal)),
            e => Assert.Contains("odata.maxpagesize=1000", e.RequestMessage!.Headers!["Prefer"]));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Bad_records_go_to_dead_letters_with_their_reason_while_the_rest_of_the_page_applies(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(db => SeedProductsAsync(db, "A-1", "A-2", "A-3"));
        erp.GivenPage("items", FakeErp.Page(
        [
            FakeErp.Item("A-1", 10, "2025-01-01T00:00:00Z"),
            FakeErp.Item("A-2", -5, "2025-01-01T00:00:01Z"),
            FakeErp.Item("A-3", null, "2025-01-01T00:00:02Z"),
            FakeErp.Item("NOPE-9", 3, "2025-01-01T00:00:03Z"),
            FakeErp.Item("A-1", 12, "2025-01-01T00:00:04Z"),
        ]));

        var run = await RunStock(sp);

        Assert.Equal(SyncRunStatus.CompletedWithErrors, run.Status);
        Assert.Equal((5, 1, 3), (run.Read, run.Created, run.Failed));
        await sp.WithDbAsync(async db =>
        {
            // The duplicate: the newer figure of A-1 wins.
            Assert.Equal(12m, (await db.StockLevels.AsNoTracking().SingleAsync()).Quantity);
            var letters = await db.DeadLetters.AsNoTracking().OrderBy(d => d.RecordKey).ToListAsync();
            Assert.Equal(["A-2", "A-3", "NOPE-9"], letters.Select(l => l.RecordKey));
            Assert.Contains("Negative inventory -5", letters[0].Reason, StringComparison.Ordinal);
            Assert.Contains("Missing required field: inventory", letters[1].Reason, StringComparison.Ordinal);
            Assert.Contains("Unknown item number NOPE-9", letters[2].Reason, StringComparison.Ordinal);
            Assert.Contains("\"number\":\"NOPE-9\"", letters[2].Payload, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_older_figure_never_overwrites_a_newer_one()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(db => SeedProductsAsync(db, "A-1"));
        erp.GivenPage("items", FakeErp.Page([FakeErp.Item("A-1", 20, "2025-02-01T00:00:00Z")]));
        await RunStock(sp);

        erp.Server.ResetMappings();
        erp.GivenToken("token-1");
        erp.GivenPage("items", FakeErp.Page([FakeErp.Item("A-1", 5, "2025-01-01T00:00:00Z")]));
        var late = await RunStock(sp);

        Assert.Contains("2025-01-01", erp.Server.LogEntries.Last(e => e.RequestMessage!.Path == FakeErp.Path("items")).ResponseMessage!.BodyData!.BodyAsString, StringComparison.Ordinal);
        Assert.Equal((1, 0, 0), (late.Read, late.Created, late.Updated));
        await sp.WithDbAsync(async db => Assert.Equal(20m, (await db.StockLevels.AsNoTracking().SingleAsync()).Quantity));
    }

    [Fact]
    public async Task A_retried_dead_letter_is_fetched_again_by_key_and_resolved_once_it_applies()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(db => SeedProductsAsync(db, "A-1"));
        erp.GivenPage("items", FakeErp.Page([FakeErp.Item("LATE-1", 7, "2025-01-01T00:00:00Z")]));
        await RunStock(sp);

        // The product appears in the portal; the administrator retries the letter.
        await sp.WithDbAsync(async db =>
        {
            await SeedProductsAsync(db, "LATE-1");
            (await db.DeadLetters.SingleAsync()).RequestRetry();
            await db.SaveChangesAsync();
        });
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("items")).WithUrl(new WireMock.Matchers.WildcardMatcher("*number eq %27LATE-1%27*")).UsingGet()).AtPriority(1)
            .RespondWith(FakeErp.Json(FakeErp.Page([FakeErp.Item("LATE-1", 7, "2025-01-01T00:00:00Z")])));
        erp.GivenPage("items", FakeErp.Page([]));

        var run = await RunStock(sp);

        Assert.Equal((1, 0), (run.Created, run.Failed));
        await sp.WithDbAsync(async db => Assert.Equal(DeadLetterStatus.Resolved, (await db.DeadLetters.SingleAsync()).Status));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Transient_errors_are_retried_honouring_retry_after(int status)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(db => SeedProductsAsync(db, "A-1"));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("items")).UsingGet()).InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Retry-After", "1")
                .WithBody("""{"error":{"code":"Internal_ServerError","message":"Try again.  CorrelationId:  x."}}"""));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("items")).UsingGet()).InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(FakeErp.Json(FakeErp.Page([FakeErp.Item("A-1", 3, "2025-01-01T00:00:00Z")])));

        var started = DateTimeOffset.UtcNow;
        var run = await RunStock(sp);

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal(2, erp.Count("GET", "items"));
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was not honoured");
    }

    [Fact]
    public async Task A_run_failing_halfway_keeps_the_pages_before_and_the_next_run_resumes_from_the_watermark()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates(), s => s["Erp:MaxRetries"] = "1");
        await sp.WithDbAsync(db => SeedProductsAsync(db, "A-1", "A-2"));
        erp.GivenPage("items", FakeErp.Page([FakeErp.Item("A-1", 1, "2025-01-01T00:00:00Z")], erp.NextLink("items", "p2")));
        erp.GivenNextPage("items", "p2", """{"error":{"code":"Internal_ServerError","message":"down"}}""", status: 503);

        var failed = await RunStock(sp);

        Assert.Equal(SyncRunStatus.Failed, failed.Status);
        Assert.Contains("503", failed.Error, StringComparison.Ordinal);
        Assert.Equal((1, 1), (failed.Read, failed.Created));

        // The ERP is back: the next run starts at the first page's newest change, so A-2 (changed later) arrives and A-1 is not applied twice.
        erp.Server.Reset();
        erp.GivenToken("token-1");
        erp.GivenPage("items", FakeErp.Page([FakeErp.Item("A-1", 1, "2025-01-01T00:00:00Z"), FakeErp.Item("A-2", 2, "2025-01-02T00:00:00Z")]));
        var resumed = await RunStock(sp);

        Assert.Equal(SyncRunStatus.Succeeded, resumed.Status);
        Assert.Equal((2, 1, 0), (resumed.Read, resumed.Created, resumed.Updated));
        Assert.Contains(erp.Queries("items"), q => q.Contains("lastModifiedDateTime ge 2025-01-01T00:00:00.000Z", StringComparison.Ordinal));
        await sp.WithDbAsync(async db => Assert.Equal(2, await db.StockLevels.CountAsync()));
    }

    [Fact]
    public async Task Malformed_json_fails_the_run_without_moving_the_watermark()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        erp.GivenPage("items", """{"value": [ {"number": "A-1", "inventory": 3,  """);

        var run = await RunStock(sp);

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("malformed JSON", run.Error, StringComparison.Ordinal);
        await sp.WithDbAsync(async db => Assert.Null((await db.SyncJobStates.SingleAsync()).Watermark));
    }

    [Fact]
    public async Task A_page_that_never_comes_times_out_and_the_run_says_so()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates(), s =>
        {
            s["Erp:AttemptTimeoutSeconds"] = "1";
            s["Erp:TotalTimeoutSeconds"] = "3";
            s["Erp:MaxRetries"] = "1";
        });
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("items")).UsingGet())
            .RespondWith(FakeErp.Json(FakeErp.Page([])).WithDelay(TimeSpan.FromSeconds(5)));

        var started = DateTimeOffset.UtcNow;
        var run = await RunStock(sp);

        // Two attempts of one second each (the first retried), well before the ERP's five-second answer.
        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("did not answer within 1 s", run.Error, StringComparison.Ordinal);
        Assert.InRange((DateTimeOffset.UtcNow - started).TotalSeconds, 1.9, 4.5);
    }

    [Fact]
    public async Task An_expired_token_is_replaced_once_and_the_call_goes_through()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(db => SeedProductsAsync(db, "A-1"));
        erp.Server.Given(Request.Create().WithPath("/token").UsingPost()).InScenario("token").WillSetStateTo("second")
            .RespondWith(FakeErp.Json("""{"token_type":"Bearer","expires_in":3599,"access_token":"old-token"}"""));
        erp.Server.Given(Request.Create().WithPath("/token").UsingPost()).InScenario("token").WhenStateIs("second")
            .RespondWith(FakeErp.Json("""{"token_type":"Bearer","expires_in":3599,"access_token":"new-token"}"""));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("items")).WithHeader("Authorization", "Bearer old-token").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(401).WithBody("""{"error":{"code":"Authentication_InvalidCredentials","message":"The token expired."}}"""));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("items")).WithHeader("Authorization", "Bearer new-token").UsingGet()).AtPriority(1)
            .RespondWith(FakeErp.Json(FakeErp.Page([FakeErp.Item("A-1", 3, "2025-01-01T00:00:00Z")])));

        var run = await RunStock(sp);

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal(2, erp.Server.LogEntries.Count(e => e.RequestMessage!.Path == "/token"));
        var form = erp.Server.LogEntries.First(e => e.RequestMessage!.Path == "/token").RequestMessage!.Body!;
        Assert.Contains("grant_type=client_credentials", form, StringComparison.Ordinal);
        Assert.Contains("scope=https%3A%2F%2Fapi.businesscentral.dynamics.com%2F.default", form, StringComparison.Ordinal);
    }
}

public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task A_failing_erp_opens_the_circuit_and_later_calls_fail_at_once_without_reaching_it()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates(), s =>
        {
            s["Erp:MaxRetries"] = "1";
            s["Erp:CircuitBreakerMinimumThroughput"] = "2";
            s["Erp:CircuitBreakerBreakSeconds"] = "60";
        });
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("items")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("""{"error":{"code":"Internal_TenantUnavailable","message":"down"}}"""));

        var first = await sp.RunAsync(s => s.GetRequiredService<StockSync>().RunAsync(false, CancellationToken.None));
        var reached = erp.Server.LogEntries.Count(e => e.RequestMessage!.Path.StartsWith(FakeErp.Root, StringComparison.Ordinal));
        var second = await sp.RunAsync(s => s.GetRequiredService<StockSync>().RunAsync(false, CancellationToken.None));

        Assert.Equal(SyncRunStatus.Failed, first.Status);
        Assert.Equal(SyncRunStatus.Failed, second.Status);
        Assert.Contains("circuit open", second.Error, StringComparison.Ordinal);
        Assert.True(erp.Count("GET", "items") >= 1);
        Assert.Equal(reached, erp.Server.LogEntries.Count(e => e.RequestMessage!.Path.StartsWith(FakeErp.Root, StringComparison.Ordinal)));
    }
}
