using System.Text.Json;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace B2BPortal.Tests.Sync;

public sealed class OrderExportTests
{
    internal static OrderPlacedMessage Order(string number, string customer = "10000") => new(
        number, 1, customer, "USD", "PO-" + number, new DateOnly(2026, 12, 1),
        new OrderPlacedAddress("Adatum Corporation", "192 Market Square", null, "31772", "Atlanta", "US"),
        [new OrderPlacedLine(1, "1896-S", "1896-S", "PCS", 2, 1000.8m), new OrderPlacedLine(2, "1900-S", "1900-S", "PCS", 10, 192.8m)],
        new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    internal static OutboxMessage Message(OrderPlacedMessage order) =>
        new(OrderPlacedMessage.Type, OrderPlacedMessage.IdempotencyKey(order.OrderNumber), SyncServices.ToJson(order), DateTimeOffset.UtcNow.AddMinutes(-1));

    private static Task<SyncRun> Export(ServiceProvider sp) =>
        sp.RunAsync(s => s.GetRequiredService<OrderExporter>().RunAsync(100, 5, CancellationToken.None));

    private static string SalesOrder(string id, string number, string external) =>
        $$"""{"@odata.etag":"W/\"x\"","id":"{{id}}","number":"{{number}}","externalDocumentNumber":"{{external}}","customerNumber":"10000","status":"Draft"}""";

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Creates_the_sales_order_with_its_lines_and_tells_the_order(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        var orders = new RecordingOrderStatusUpdates();
        await using var sp = SyncServices.Create(database, erp, orders);
        await sp.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(Message(Order("SO-1001")));
            await db.SaveChangesAsync();
        });
        erp.GivenPage("salesOrders", FakeErp.Page([]));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders")).UsingPost())
            .RespondWith(FakeErp.Json(SalesOrder("b6f4017a-b749-ee11-ad0b-a1422c0f7f1f", "101005", "SO-1001"), 201));

        var run = await Export(sp);

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1, 0), (run.Status, run.Read, run.Created, run.Failed));
        Assert.Equal(["submitted SO-1001 101005"], orders.Calls);
        var post = erp.Server.LogEntries.Single(e => e.RequestMessage!.Method == "POST" && e.RequestMessage!.Path.EndsWith("salesOrders", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(post.RequestMessage!.Body!);
        Assert.Equal("SO-1001", body.RootElement.GetProperty("externalDocumentNumber").GetString());
        Assert.Equal("10000", body.RootElement.GetProperty("customerNumber").GetString());
        Assert.False(body.RootElement.TryGetProperty("currencyCode", out _)); // the ERP's local currency is left empty
        Assert.Equal(2, body.RootElement.GetProperty("salesOrderLines").GetArrayLength());
        Assert.Equal("1900-S", body.RootElement.GetProperty("salesOrderLines")[1].GetProperty("lineObjectNumber").GetString());
        Assert.Contains("externalDocumentNumber eq 'SO-1001'", erp.Queries("salesOrders").First(), StringComparison.Ordinal);
        await sp.WithDbAsync(async db =>
        {
            Assert.Equal(OutboxStatus.Done, (await db.OutboxMessages.SingleAsync()).Status);
            var link = await db.ErpOrderLinks.SingleAsync();
            Assert.Equal(("101005", false), (link.ErpOrderNumber, link.FoundExisting));
        });
    }

    [Fact]
    public async Task An_order_created_whose_answer_was_lost_is_found_and_linked_not_created_twice()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        using var erp = new FakeErp();
        var orders = new RecordingOrderStatusUpdates();
        await using var sp = SyncServices.Create(database, erp, orders, s =>
        {
            s["Erp:AttemptTimeoutSeconds"] = "1";
            s["Erp:TotalTimeoutSeconds"] = "3";
        });
        await sp.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(Message(Order("SO-2002")));
            await db.SaveChangesAsync();
        });

        // The ERP creates the order but its answer never arrives (longer than the timeout); afterwards the order is there.
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders")).UsingGet()).InScenario("lost").WhenStateIs(null!)
            .RespondWith(FakeErp.Json(FakeErp.Page([])));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders")).UsingPost()).InScenario("lost").WillSetStateTo("created")
            .RespondWith(FakeErp.Json(SalesOrder("id-1", "101006", "SO-2002"), 201).WithDelay(TimeSpan.FromSeconds(4)));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders")).UsingGet()).InScenario("lost").WhenStateIs("created")
            .RespondWith(FakeErp.Json(FakeErp.Page([SalesOrder("id-1", "101006", "SO-2002")])));

        var first = await Export(sp);
        Assert.Equal(SyncRunStatus.Failed, first.Status);
        await sp.WithDbAsync(async db =>
        {
            var message = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxStatus.Failed, 0, true), (message.Status, message.Attempts, message.AwaitingErp));
            message.Retry(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });

        var second = await Export(sp);

        Assert.Equal((SyncRunStatus.Succeeded, 0, 1), (second.Status, second.Created, second.Updated));

        // WireMock logs the slow POST only once its delayed answer is sent: wait for it, then count.
        for (var i = 0; i < 50 && erp.Count("POST", "salesOrders") == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, erp.Count("POST", "salesOrders"));
        Assert.Equal(["submitted SO-2002 101006"], orders.Calls);
        await sp.WithDbAsync(async db => Assert.True((await db.ErpOrderLinks.SingleAsync()).FoundExisting));
    }

    [Fact]
    public async Task While_the_erp_is_down_orders_wait_uncounted_and_a_refusal_counts_as_an_attempt_with_the_erp_message()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates(), s => s["Erp:MaxRetries"] = "1");
        await sp.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(Message(Order("SO-1", customer: "BAD")));
            db.OutboxMessages.Add(Message(Order("SO-2")));
            db.OutboxMessages.Add(Message(Order("SO-3")));
            await db.SaveChangesAsync();
        });
        erp.GivenPage("salesOrders", FakeErp.Page([]));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders")).WithBody(new WireMock.Matchers.WildcardMatcher("*\"BAD\"*")).UsingPost()).AtPriority(1)
            .RespondWith(FakeErp.Json("""{"error":{"code":"Application_DialogException","message":"The Customer does not exist. Identification fields and values: No.='BAD'  CorrelationId:  x."}}""", 400));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders")).UsingPost()).AtPriority(5)
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));

        var run = await Export(sp);

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        await sp.WithDbAsync(async db =>
        {
            var messages = await db.OutboxMessages.OrderBy(m => m.Id).ToListAsync();
            Assert.Equal([OutboxStatus.Failed, OutboxStatus.Failed, OutboxStatus.Pending], messages.Select(m => m.Status));
            Assert.Equal([(1, false), (0, true), (0, false)], messages.Select(m => (m.Attempts, m.AwaitingErp)));
            Assert.Contains("The Customer does not exist", messages[0].LastError, StringComparison.Ordinal);
            Assert.Contains("503", messages[1].LastError, StringComparison.Ordinal);
        });

        // A POST is never retried by the pipeline: one try per run, the outbox decides when the next one is.
        Assert.Equal(2, erp.Count("POST", "salesOrders"));
    }

    internal static OutboxMessage Cancellation(string number, string? erpOrderId = null) =>
        new(OrderCancelledMessage.Type, OrderCancelledMessage.IdempotencyKey(number),
            SyncServices.ToJson(new OrderCancelledMessage(number, erpOrderId, erpOrderId is null ? null : "101005", DateTimeOffset.UtcNow.AddMinutes(-1), "Sam Salesrep", "Customer phoned")),
            DateTimeOffset.UtcNow.AddMinutes(-1));

    private const string ErpId = "b6f4017a-b749-ee11-ad0b-a1422c0f7f1f";

    private static void GivenDelete(FakeErp erp, int status, string? body = null) =>
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path($"salesOrders({ErpId})")).UsingDelete())
            .RespondWith(body is null ? Response.Create().WithStatusCode(status) : FakeErp.Json(body, status));

    private static IEnumerable<WireMock.Logging.ILogEntry> Deletes(FakeErp erp) =>
        erp.Server.LogEntries.Where(e => e.RequestMessage!.Method == "DELETE");

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_order_cancelled_after_it_reached_the_erp_is_deleted_there_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(async db =>
        {
            db.ErpOrderLinks.Add(new ErpOrderLink("SO-3003", ErpId, "101005", DateTimeOffset.UtcNow.AddHours(-1), foundExisting: false));
            db.OutboxMessages.Add(Cancellation("SO-3003"));
            await db.SaveChangesAsync();
        });
        GivenDelete(erp, 204);

        var run = await Export(sp);
        var again = await Export(sp);

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1, 0), (run.Status, run.Read, run.Updated, run.Failed));
        Assert.Equal(0, again.Read);
        var delete = Assert.Single(Deletes(erp));
        Assert.Equal("*", delete.RequestMessage!.Headers!["If-Match"].Single());
        Assert.Equal(0, erp.Count("GET", "salesOrders"));
        await sp.WithDbAsync(async db =>
        {
            Assert.Equal(OutboxStatus.Done, (await db.OutboxMessages.SingleAsync()).Status);
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == "Order.ErpCancelled");
            Assert.Equal(("SO-3003", "The ERP had the order: sales order 101005 deleted in the ERP"), (audit.EntityId, audit.After));
        });
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_order_cancelled_before_export_is_never_created_and_one_created_by_a_lost_try_is_taken_back(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        var orders = new RecordingOrderStatusUpdates();
        await using var sp = SyncServices.Create(database, erp, orders);
        await sp.WithDbAsync(async db =>
        {
            // SO-4004: cancelled while its export waited; the ERP never saw it.
            db.OutboxMessages.Add(Message(Order("SO-4004")));
            db.OutboxMessages.Add(Cancellation("SO-4004"));
            // SO-4005: an earlier try created it but the answer was lost; then the buyer cancelled.
            db.OutboxMessages.Add(Message(Order("SO-4005")));
            db.OutboxMessages.Add(Cancellation("SO-4005"));
            await db.SaveChangesAsync();
        });
        erp.GivenPage("salesOrders", FakeErp.Page([]));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders")).WithUrl(new WireMock.Matchers.WildcardMatcher("*SO-4005*")).UsingGet()).AtPriority(1)
            .RespondWith(FakeErp.Json(FakeErp.Page([SalesOrder(ErpId, "101005", "SO-4005")])));
        GivenDelete(erp, 204);

        var run = await Export(sp);

        Assert.Equal((SyncRunStatus.Succeeded, 4, 0, 1, 0), (run.Status, run.Read, run.Created, run.Updated, run.Failed));
        Assert.Equal(0, erp.Count("POST", "salesOrders"));
        Assert.Single(Deletes(erp));
        Assert.Empty(orders.Calls);
        await sp.WithDbAsync(async db =>
        {
            Assert.All(await db.OutboxMessages.ToListAsync(), m => Assert.Equal(OutboxStatus.Done, m.Status));
            // The skipped export claims nothing about the ERP; each cancellation says what it found there.
            Assert.Equal(
                ["Not sent to the ERP: the order was cancelled while its export waited (its cancellation checks whether the ERP has it)"],
                await db.AuditEntries.Where(a => a.Action == "Order.ErpExportSkipped").Select(a => a.After).Distinct().ToListAsync());
            Assert.Equal(
                [
                    ("SO-4004", "Cancelled before it reached the ERP: the ERP has no sales order for it, nothing to delete"),
                    ("SO-4005", "The ERP had the order although the portal had no answer (an export's reply was lost): sales order 101005 deleted in the ERP"),
                ],
                (await db.AuditEntries.Where(a => a.Action == "Order.ErpCancelled").OrderBy(a => a.EntityId).Select(a => new { a.EntityId, a.After }).ToListAsync())
                    .Select(a => (a.EntityId, a.After)));
        });
    }

    [Fact]
    public async Task A_cancellation_the_erp_refuses_waits_with_its_reason_and_one_it_no_longer_has_counts_as_done()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await sp.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(Cancellation("SO-5005", ErpId));
            await db.SaveChangesAsync();
        });
        GivenDelete(erp, 400, """{"error":{"code":"Application_DialogException","message":"You cannot delete the order because it has been partially shipped.  CorrelationId:  x."}}""");

        var refused = await Export(sp);

        Assert.Equal(1, refused.Failed);
        await sp.WithDbAsync(async db =>
        {
            var message = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxStatus.Failed, 1), (message.Status, message.Attempts));
            Assert.Contains("The ERP refused to cancel order SO-5005", message.LastError, StringComparison.Ordinal);
            Assert.Contains("partially shipped", message.LastError, StringComparison.Ordinal);

            // Someone settled it in the ERP (deleted it there) and pressed Retry: now the ERP no longer has it.
            message.Retry(DateTimeOffset.UtcNow.AddMinutes(-1));
            await db.SaveChangesAsync();
        });
        erp.Server.Reset();
        erp.GivenToken("token-2");
        GivenDelete(erp, 404, """{"error":{"code":"BadRequest_NotFound","message":"The entity does not exist."}}""");

        var retried = await Export(sp);

        Assert.Equal((SyncRunStatus.Succeeded, 0), (retried.Status, retried.Failed));
        await sp.WithDbAsync(async db =>
        {
            Assert.Equal(OutboxStatus.Done, (await db.OutboxMessages.SingleAsync()).Status);
            Assert.Equal("Sales order 101005 was no longer in the ERP (deleted there already): nothing to delete",
                (await db.AuditEntries.SingleAsync(a => a.Action == "Order.ErpCancelled")).After);
        });
    }

    /// <summary>Sales order look-ups and posts while the ERP is down: each phase a different way of being down.</summary>
    private static void GivenOutage(FakeErp erp, Func<IResponseBuilder> answer)
    {
        erp.Server.ResetMappings();
        erp.GivenToken("token-1");
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders"))).RespondWith(answer());
    }

    private static void GivenErpUp(FakeErp erp)
    {
        erp.Server.ResetMappings();
        erp.GivenToken("token-1");
        erp.GivenPage("salesOrders", FakeErp.Page([]));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders")).UsingPost())
            .RespondWith(FakeErp.Json(SalesOrder("b6f4017a-b749-ee11-ad0b-a1422c0f7f1f", "101005", "SO-x"), 201));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_sixty_minute_outage_dead_letters_nothing_and_every_order_goes_within_two_runs_of_recovery(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();

        // No quick retries inside a call: each run is one try (an open circuit is the same ErpUnavailableException, see CircuitBreakerTests).
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates(), s => s["Erp:MaxRetries"] = "0", clock);
        await sp.WithDbAsync(async db =>
        {
            for (var i = 1; i <= 12; i++)
            {
                db.OutboxMessages.Add(Message(Order($"SO-OUT-{i:D2}")));
            }

            await db.SaveChangesAsync();
        });
        var cap = TimeSpan.FromMinutes(3);
        Task<SyncRun> Run() => sp.RunAsync(s => s.GetRequiredService<OrderExporter>().RunAsync(100, 5, cap, CancellationToken.None));

        // 60 minutes, a run every 2 minutes (30 tries, far beyond MaxAttempts = 5): 20 minutes of 503 + Retry-After, 20 of
        // 429 asking for 10 minutes (more than the cap), 20 of answers cut off.
        var phases = new Func<IResponseBuilder>[]
        {
            () => Response.Create().WithStatusCode(503).WithHeader("Retry-After", "1").WithBody("""{"error":{"code":"Internal_TenantUnavailable","message":"down"}}"""),
            () => Response.Create().WithStatusCode(429).WithHeader("Retry-After", "600"),
            () => Response.Create().WithFault(FaultType.EMPTY_RESPONSE),
        };
        var errors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phase in phases)
        {
            GivenOutage(erp, phase);
            for (var i = 0; i < 10; i++)
            {
                clock.Advance(TimeSpan.FromMinutes(2));
                var run = await Run();
                Assert.Equal(SyncRunStatus.Failed, run.Status);
                errors.Add(run.Error!);
            }
        }

        await sp.WithDbAsync(async db =>
        {
            var messages = await db.OutboxMessages.AsNoTracking().ToListAsync();
            Assert.DoesNotContain(messages, m => m.Status == OutboxStatus.DeadLettered);
            Assert.All(messages, m => Assert.Equal(0, m.Attempts));
            Assert.All(messages, m => Assert.True(m.NextAttemptAt <= clock.GetUtcNow() + cap, $"{m.IdempotencyKey} waits until {m.NextAttemptAt:u}"));
            Assert.Contains(messages, m => m.AwaitingErp);
        });
        Assert.Contains(errors, e => e.Contains("503", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("429", StringComparison.Ordinal));

        // The ERP is back: within two runs every order is in the ERP.
        GivenErpUp(erp);
        for (var i = 0; i < 2; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            await Run();
        }

        await sp.WithDbAsync(async db =>
            Assert.All(await db.OutboxMessages.AsNoTracking().ToListAsync(), m => Assert.Equal(OutboxStatus.Done, m.Status)));
        Assert.Equal(12, erp.Count("POST", "salesOrders"));
    }

    [Fact]
    public async Task Refusals_of_the_order_itself_count_and_dead_letter_it_at_max_attempts()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates(), clock: clock);
        await sp.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(Message(Order("SO-BAD", customer: "BAD")));
            await db.SaveChangesAsync();
        });
        erp.GivenPage("salesOrders", FakeErp.Page([]));
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesOrders")).UsingPost())
            .RespondWith(FakeErp.Json("""{"error":{"code":"Application_DialogException","message":"The Customer does not exist.  CorrelationId:  x."}}""", 400));

        // Backing off 1, 2, 4, 8 minutes between refusals; the fifth refusal (Jobs:OrderExport:MaxAttempts = 5) dead-letters.
        var statuses = new List<OutboxStatus>();
        for (var i = 0; i < 5; i++)
        {
            await Export(sp);
            await sp.WithDbAsync(async db => statuses.Add((await db.OutboxMessages.AsNoTracking().SingleAsync()).Status));
            clock.Advance(TimeSpan.FromMinutes(Math.Pow(2, i)));
        }

        Assert.Equal([OutboxStatus.Failed, OutboxStatus.Failed, OutboxStatus.Failed, OutboxStatus.Failed, OutboxStatus.DeadLettered], statuses);
        Assert.Equal(5, erp.Count("POST", "salesOrders"));
        await sp.WithDbAsync(async db => Assert.Contains("The Customer does not exist", (await db.OutboxMessages.SingleAsync()).LastError, StringComparison.Ordinal));
    }
}
