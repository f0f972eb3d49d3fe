using System.Text.Json;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Returns;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using B2BPortal.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace B2BPortal.Tests.Returns;

/// <summary>
/// A received return to the ERP as a sales credit memo through the outbox, exactly once under faults, and the posted memo
/// back onto the buyer's statement, crediting the return; Business Central played by WireMock with the Returns/Fixtures.
/// </summary>
public sealed class ReturnErpTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_received_return_reaches_the_erp_once_as_a_credit_memo_and_the_posted_memo_credits_it_onto_the_statement(DatabaseProvider provider)
    {
        await using var w = await ReturnErpWorld.CreateAsync(provider);
        var number = await w.ReceivedReturnAsync();
        w.GivenCreditMemoCreated(number);

        var run = await w.ExportAsync();
        var again = await w.ExportAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1, 0), (run.Status, run.Read, run.Created, run.Failed));
        Assert.Equal((SyncRunStatus.Succeeded, 0), (again.Status, again.Read));
        Assert.Equal(1, w.Requests("POST"));
        Assert.Contains(w.Erp.Queries("salesCreditMemos"), q => q.Contains($"externalDocumentNumber eq '{number}'", StringComparison.Ordinal));

        // The body has the fixture's shape and values: the return's number, the customer, one item line at the price paid.
        var post = w.Erp.Server.LogEntries.Single(e => e.RequestMessage!.Method == "POST" && e.RequestMessage!.Path == FakeErp.Path("salesCreditMemos"));
        using var sent = JsonDocument.Parse(post.RequestMessage!.Body!);
        using var expected = JsonDocument.Parse(ReturnErpWorld.Fixture("salesCreditMemo.create.request.json", number));
        Assert.Equal(Names(expected.RootElement), Names(sent.RootElement));
        foreach (var field in new[] { "externalDocumentNumber", "customerNumber" })
        {
            Assert.Equal(expected.RootElement.GetProperty(field).GetString(), sent.RootElement.GetProperty(field).GetString());
        }

        var line = sent.RootElement.GetProperty("salesCreditMemoLines").EnumerateArray().Single();
        var expectedLine = expected.RootElement.GetProperty("salesCreditMemoLines")[0];
        Assert.Equal(Names(expectedLine), Names(line));
        Assert.Equal(expectedLine.GetProperty("lineObjectNumber").GetString(), line.GetProperty("lineObjectNumber").GetString());
        Assert.Equal(expectedLine.GetProperty("quantity").GetDecimal(), line.GetProperty("quantity").GetDecimal());
        Assert.Equal(expectedLine.GetProperty("unitPrice").GetDecimal(), line.GetProperty("unitPrice").GetDecimal());

        Assert.Equal(OutboxStatus.Done, (await w.MessageAsync(number)).Status);
        var inErp = await w.ReturnAsync(number);
        Assert.Equal((ReturnState.Received, ReturnErpWorld.ErpMemoId), (inErp.State, inErp.ErpCreditMemoId));
        Assert.NotNull(inErp.SentToErpAt);
        var owedBefore = (await w.StatementAsync()).Closing;

        // The accounts team posts the memo in the ERP; the sync brings it back.
        w.GivenPostedCreditMemos(ReturnErpWorld.Fixture("salesCreditMemo.get.json", number));
        var sync = await w.CreditMemoSyncAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1), (sync.Status, sync.Read, sync.Created));
        var credited = await w.ReturnAsync(number);
        Assert.Equal((ReturnState.Credited, "PS-CM103001"), (credited.State, credited.CreditMemoNumber));
        Assert.Equal(ReturnRequest.ErpActorName, credited.History.OrderBy(h => h.At).ThenBy(h => h.Id).Last().ActorName);
        var statement = await w.StatementAsync();
        var entry = Assert.Single(statement.Entries, e => e.Kind == StatementEntryKind.CreditMemo);
        Assert.Equal(23.68m, entry.Credit);
        Assert.Contains(number, entry.Reference, StringComparison.Ordinal);
        Assert.Equal(owedBefore - 23.68m, statement.Closing);
        var mail = Assert.Single(w.World.Mailer.Sent, m => m.Subject.Contains($"{number} is credited", StringComparison.Ordinal));
        Assert.Equal("buyer@a.example", mail.To);
        Assert.Contains("PS-CM103001", mail.TextBody, StringComparison.Ordinal);

        // Read again (the boundary is re-read): nothing changes, no second credit, no second mail.
        await w.CreditMemoSyncAsync();
        Assert.Single(w.World.Mailer.Sent, m => m.Subject.Contains($"{number} is credited", StringComparison.Ordinal));
        Assert.Single((await w.StatementAsync()).Entries, e => e.Kind == StatementEntryKind.CreditMemo);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_memo_created_whose_answer_was_lost_is_found_by_the_return_number_not_created_twice(DatabaseProvider provider)
    {
        await using var w = await ReturnErpWorld.CreateAsync(provider);
        var number = await w.ReceivedReturnAsync();
        var path = FakeErp.Path("salesCreditMemos");

        // The ERP creates the memo, but its answer is lost on the way (the gateway answers 504); afterwards the memo is there.
        w.Erp.Server.Given(Request.Create().WithPath(path).UsingGet()).InScenario("lost").WhenStateIs(null!)
            .RespondWith(FakeErp.Json(FakeErp.Page([])));
        w.Erp.Server.Given(Request.Create().WithPath(path).UsingPost()).InScenario("lost").WillSetStateTo("created")
            .RespondWith(FakeErp.Json("""{"error":{"code":"GatewayTimeout","message":"The upstream did not answer in time."}}""", 504));
        w.Erp.Server.Given(Request.Create().WithPath(path).UsingGet()).InScenario("lost").WhenStateIs("created")
            .RespondWith(FakeErp.Json(FakeErp.Page([ReturnErpWorld.Fixture("salesCreditMemo.create.response.json", number)])));

        var first = await w.ExportAsync();

        Assert.Equal(SyncRunStatus.Failed, first.Status);
        var waiting = await w.MessageAsync(number);
        Assert.Equal((OutboxStatus.Failed, 0, true), (waiting.Status, waiting.Attempts, waiting.AwaitingErp));
        Assert.Null((await w.ReturnAsync(number)).SentToErpAt);

        w.World.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await w.ExportAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 0, 1), (second.Status, second.Created, second.Updated));
        Assert.Equal(1, w.Requests("POST"));
        Assert.Equal(ReturnErpWorld.ErpMemoId, (await w.ReturnAsync(number)).ErpCreditMemoId);
        await using var db = w.World.Database.CreateContext();
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityId == number && a.Action == "Return.SentToErp");
        Assert.Contains("already in the ERP", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_the_erp_is_down_the_memo_waits_uncounted_and_a_refusal_counts_with_the_erps_words()
    {
        await using var w = await ReturnErpWorld.CreateAsync(DatabaseProvider.Sqlite, s => s["Erp:MaxRetries"] = "1");
        var number = await w.ReceivedReturnAsync();
        var path = FakeErp.Path("salesCreditMemos");

        // 5xx with Retry-After: deferred, not counted.
        w.Erp.Server.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(20)
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));
        var down = await w.ExportAsync();
        Assert.Equal(SyncRunStatus.Failed, down.Status);
        var afterDown = await w.MessageAsync(number);
        Assert.Equal((OutboxStatus.Failed, 0, true), (afterDown.Status, afterDown.Attempts, afterDown.AwaitingErp));
        Assert.Contains("503", afterDown.LastError, StringComparison.Ordinal);

        // The ERP answers but refuses the memo: a counted attempt, with its message for the Integration page.
        w.Erp.Server.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(5).RespondWith(FakeErp.Json(FakeErp.Page([])));
        w.Erp.Server.Given(Request.Create().WithPath(path).UsingPost()).AtPriority(5)
            .RespondWith(FakeErp.Json("""{"error":{"code":"Application_DialogException","message":"Blocked must be equal to 'No' in Item: No.=HAMMER-500."}}""", 400));
        w.World.Clock.Advance(TimeSpan.FromMinutes(5));
        var refused = await w.ExportAsync();
        Assert.Equal((SyncRunStatus.CompletedWithErrors, 1), (refused.Status, refused.Failed));
        var counted = await w.MessageAsync(number);
        Assert.Equal((OutboxStatus.Failed, 1, false), (counted.Status, counted.Attempts, counted.AwaitingErp));
        Assert.Contains("Blocked must be equal to 'No'", counted.LastError, StringComparison.Ordinal);
        Assert.Equal(ReturnState.Received, (await w.ReturnAsync(number)).State);
    }

    /// <summary>
    /// The ERP creates the memo but answers after the call timed out. On the real clock (the world's fake one would stop
    /// the resilience pipeline's timeouts), with the message as Receive writes it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_memo_whose_answer_came_after_the_timeout_is_found_on_the_next_run_and_not_created_twice(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates(), s =>
        {
            s["Erp:AttemptTimeoutSeconds"] = "1";
            s["Erp:TotalTimeoutSeconds"] = "3";
        });
        const string number = "SO-3003-R1";
        var message = new ReturnReceivedMessage(number, "SO-3003", 1, "C10000", "USD",
            [new ReturnReceivedLine(2, "HAMMER-500", "HAMMER-500", "PCS", 1, 19.9m, "Damaged")], DateTimeOffset.UtcNow.AddMinutes(-1));
        await sp.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage(ReturnReceivedMessage.Type, ReturnReceivedMessage.IdempotencyKey(number), SyncServices.ToJson(message),
                DateTimeOffset.UtcNow.AddMinutes(-1)));
            await db.SaveChangesAsync();
        });
        var path = FakeErp.Path("salesCreditMemos");
        erp.Server.Given(Request.Create().WithPath(path).UsingGet()).InScenario("slow").WhenStateIs(null!)
            .RespondWith(FakeErp.Json(FakeErp.Page([])));
        erp.Server.Given(Request.Create().WithPath(path).UsingPost()).InScenario("slow").WillSetStateTo("created")
            .RespondWith(FakeErp.Json(ReturnErpWorld.Fixture("salesCreditMemo.create.response.json", number), 201).WithDelay(TimeSpan.FromSeconds(4)));
        erp.Server.Given(Request.Create().WithPath(path).UsingGet()).InScenario("slow").WhenStateIs("created")
            .RespondWith(FakeErp.Json(FakeErp.Page([ReturnErpWorld.Fixture("salesCreditMemo.create.response.json", number)])));
        Task<SyncRun> Export() => sp.RunAsync(s => s.GetRequiredService<OrderExporter>().RunAsync(100, 5, CancellationToken.None));

        var first = await Export();
        Assert.Equal(SyncRunStatus.Failed, first.Status);
        await sp.WithDbAsync(async db =>
        {
            var waiting = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxStatus.Failed, 0, true), (waiting.Status, waiting.Attempts, waiting.AwaitingErp));
            waiting.Retry(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });

        var second = await Export();

        Assert.Equal((SyncRunStatus.Succeeded, 0, 1), (second.Status, second.Created, second.Updated));

        // WireMock logs the slow POST only once its delayed answer is sent: wait for it, then count.
        for (var i = 0; i < 50 && erp.Count("POST", "salesCreditMemos") == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, erp.Count("POST", "salesCreditMemos"));
        await sp.WithDbAsync(async db => Assert.Equal(OutboxStatus.Done, (await db.OutboxMessages.SingleAsync()).Status));
    }

    [Fact]
    public async Task A_memo_posted_before_the_goods_are_marked_received_credits_the_return_once_they_are()
    {
        await using var w = await ReturnErpWorld.CreateAsync(DatabaseProvider.Sqlite);
        var number = await w.RequestedReturnAsync();
        await ReturnFlows.ActAsync(w.World, OrderingWorld.SalesRep, number, ReturnTrigger.Approve, null);
        w.GivenPostedCreditMemos(ReturnErpWorld.Fixture("salesCreditMemo.get.json", number));

        await w.CreditMemoSyncAsync();

        Assert.Equal(ReturnState.Approved, (await w.ReturnAsync(number)).State);
        Assert.Single((await w.StatementAsync()).Entries, e => e.Kind == StatementEntryKind.CreditMemo);

        await ReturnFlows.ActAsync(w.World, OrderingWorld.SalesRep, number, ReturnTrigger.Receive, null);
        await w.CreditMemoSyncAsync();

        Assert.Equal(ReturnState.Credited, (await w.ReturnAsync(number)).State);
    }

    [Fact]
    public async Task The_buyer_is_mailed_when_his_return_is_approved_or_rejected_and_an_approval_sends_nothing_to_the_erp()
    {
        await using var w = await ReturnErpWorld.CreateAsync(DatabaseProvider.Sqlite);
        var approved = await w.RequestedReturnAsync();
        await ReturnFlows.ActAsync(w.World, OrderingWorld.SalesRep, approved, ReturnTrigger.Approve, "Use the label we sent");

        var mail = Assert.Single(w.World.Mailer.Sent, m => m.Subject.Contains(approved, StringComparison.Ordinal));
        Assert.Equal(("buyer@a.example", $"Your return {approved} is approved"), (mail.To, mail.Subject));
        Assert.Contains("Use the label we sent", mail.TextBody, StringComparison.Ordinal);
        await using (var db = w.World.Database.CreateContext())
        {
            Assert.False(await db.OutboxMessages.AnyAsync(m => m.Type == ReturnReceivedMessage.Type));
        }

        var order = (await w.ReturnAsync(approved)).OrderNumber;
        var bolts = await ReturnFlows.LineOfAsync(w.World, order, OrderingWorld.Bolts);
        var rejected = await ReturnFlows.RequestAsync(w.World, w.World.BuyerA, order, new NewReturnLine(bolts, 12, ReturnReason.WrongItem, null));
        await ReturnFlows.ActAsync(w.World, OrderingWorld.SalesRep, rejected, ReturnTrigger.Reject, "Bolts are not taken back once the pack is opened");

        var rejection = Assert.Single(w.World.Mailer.Sent, m => m.Subject.Contains(rejected, StringComparison.Ordinal));
        Assert.Equal($"Your return {rejected} was not accepted", rejection.Subject);
        Assert.Contains("Comment: Bolts are not taken back once the pack is opened", rejection.TextBody, StringComparison.Ordinal);
    }

    private static List<string> Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
}
