using System.Globalization;
using System.Text.Json;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Settlements;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Settlements;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using B2BPortal.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace B2BPortal.Tests.Settlements;

/// <summary>
/// A payment matched in the portal reaches the ERP's customer payment journal exactly once (lost answers, 5xx), an undone
/// match is withdrawn or reversed there, and PaymentSync and InvoiceSync bringing the ERP's side back never take the amount
/// off the invoice a second time. Matching runs on the world's fake clock; the ERP calls on real time (timeouts, retries).
/// </summary>
public sealed class ErpPaymentExportTests
{
    private const string Journal = "dc1b6a90-44e3-ea11-bb43-000d3a2feca1";
    private const string Line = "17cce948-c6a5-4861-8ff5-30428ed83207";
    private const string InvoiceId = "5d115c9c-44e3-ea11-bb43-000d3a2feca1";

    private sealed class Setup : IAsyncDisposable
    {
        private int _priority = 50;

        public required OrderingWorld World { get; init; }

        public required FakeErp Erp { get; init; }

        public required ServiceProvider Sync { get; init; }

        public static async Task<Setup> CreateAsync(DatabaseProvider provider, Action<Dictionary<string, string?>>? tweak = null)
        {
            var world = await SettlementMatchingTests.WorldAsync(provider);
            var erp = new FakeErp();
            var sync = SyncServices.Create(world.Database, erp, new RecordingOrderStatusUpdates(), s =>
            {
                s["Erp:LocalCurrency"] = "EUR";
                tweak?.Invoke(s);
            });
            return new Setup { World = world, Erp = erp, Sync = sync };
        }

        /// <summary>The ERP's posted invoice INV-9001 of Acme (C10000): 1,190.00 with this much still open.</summary>
        public async Task GivenInvoiceAsync(decimal remaining, string modified)
        {
            var status = remaining == 0m ? "Paid" : "Open";
            Erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesInvoices")).UsingGet()).AtPriority(--_priority).RespondWith(FakeErp.Json(FakeErp.Page([
                $$"""
                {"id":"{{InvoiceId}}","number":"INV-9001","externalDocumentNumber":"","invoiceDate":"2026-11-01","postingDate":"2026-11-01","dueDate":"2026-12-31",
                 "customerNumber":"C10000","customerName":"Acme","currencyCode":"","orderNumber":"","pricesIncludeTax":false,"remainingAmount":{{N(remaining)}},
                 "discountAmount":0,"totalAmountExcludingTax":1000,"totalTaxAmount":190,"totalAmountIncludingTax":1190,"status":"{{status}}","lastModifiedDateTime":"{{modified}}"}
                """])));
            var run = await Sync.RunAsync(s => s.GetRequiredService<InvoiceSync>().RunAsync(false, CancellationToken.None));
            Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        }

        /// <summary>The bank statement pays this much of INV-9001, naming it; matching applies it at once.</summary>
        public async Task<PaymentMatch> PayAsync(decimal amount)
        {
            var result = await SettlementMatchingTests.ImportAsync(World, "S-PAY", new CamtDraftEntry(amount, PayerName: "Acme Purchasing", PayerAccount: SettlementMatchingTests.Alpha, Text: "Invoice INV-9001"));
            Assert.Equal(1, Assert.Single(result.Matching).Matched);
            await using var db = World.Database.CreateContext();
            return await db.Set<PaymentMatch>().Include(m => m.Allocations).SingleAsync();
        }

        /// <summary>The PORTAL journal exists; its line for a reference is absent until created.</summary>
        public void GivenJournal()
        {
            Erp.Server.Given(Request.Create().WithPath(FakeErp.Path("customerPaymentJournals")).UsingGet())
                .RespondWith(FakeErp.Json(FakeErp.Page([$$"""{"@odata.etag":"W/\"x\"","id":"{{Journal}}","code":"PORTAL","displayName":"Portal payments","balancingAccountNumber":"10100"}"""])));
        }

        public static string Lines => FakeErp.Path($"customerPaymentJournals({Journal})/customerPayments");

        public Task<SyncRun> ExportAsync() =>
            Sync.RunAsync(s => s.GetRequiredService<PaymentExporter>().RunAsync(100, 5, TimeSpan.FromMinutes(3), CancellationToken.None));

        public Task<SyncRun> PaymentSyncAsync() =>
            Sync.RunAsync(s => s.GetRequiredService<PaymentSync>().RunAsync(false, CancellationToken.None));

        public IReadOnlyList<JsonElement> Posts() => [.. Erp.Server.LogEntries
            .Where(e => e.RequestMessage!.Method == "POST" && e.RequestMessage!.Path == Lines)
            .Select(e => JsonDocument.Parse(e.RequestMessage!.Body!).RootElement.Clone())];

        public async Task<Invoice> InvoiceAsync()
        {
            await using var db = World.Database.CreateContext();
            return await db.Invoices.AsNoTracking().SingleAsync(i => i.Number == "INV-9001");
        }

        public async Task<ErpPaymentLink> LinkAsync()
        {
            await using var db = World.Database.CreateContext();
            return await db.Set<ErpPaymentLink>().AsNoTracking().SingleAsync();
        }

        public async Task RetryAllAsync()
        {
            await using var db = World.Database.CreateContext();
            foreach (var m in await db.OutboxMessages.Where(m => m.Status != OutboxStatus.Done).ToListAsync())
            {
                m.Retry(DateTimeOffset.UtcNow);
            }

            await db.SaveChangesAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Sync.DisposeAsync();
            Erp.Dispose();
            await World.DisposeAsync();
        }
    }

    private static string N(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static string ErpLine(string reference, decimal amount, string modified, string id = Line) =>
        $$"""
        {"@odata.etag":"W/\"x\"","id":"{{id}}","journalId":"{{Journal}}","journalDisplayName":"PORTAL","lineNumber":10000,"customerId":"00000000-0000-0000-0000-000000000001",
         "customerNumber":"C10000","postingDate":"2026-11-25","documentNumber":"","externalDocumentNumber":"{{reference}}","amount":{{N(amount)}},
         "appliesToInvoiceId":"{{InvoiceId}}","appliesToInvoiceNumber":"INV-9001","description":"Portal match","comment":"","lastModifiedDateTime":"{{modified}}"}
        """;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_matched_payment_reaches_the_erp_once_and_comes_off_the_invoice_once_when_the_erp_books_it(DatabaseProvider provider)
    {
        await using var s = await Setup.CreateAsync(provider);
        await s.GivenInvoiceAsync(1190m, "2026-11-20T08:00:00Z");
        var match = await s.PayAsync(500m);

        // At once, in the portal: 690.00 open, the 500.00 held off by the portal until the ERP has it.
        var invoice = await s.InvoiceAsync();
        Assert.Equal((690m, 500m), (invoice.Remaining.Amount, invoice.SettledInPortal));
        var reference = ErpPaymentLink.ReferenceOf(match.Allocations.Single().Id);
        Assert.Equal(ErpPaymentState.Queued, (await s.LinkAsync()).State);

        s.GivenJournal();
        s.Erp.Server.Given(Request.Create().WithPath(Setup.Lines).UsingGet()).RespondWith(FakeErp.Json(FakeErp.Page([])));
        s.Erp.Server.Given(Request.Create().WithPath(Setup.Lines).UsingPost()).RespondWith(FakeErp.Json(ErpLine(reference, -500m, "2026-11-25T10:00:00Z"), 201));

        var run = await s.ExportAsync();
        var again = await s.ExportAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1, 0), (run.Status, run.Read, run.Created, run.Failed));
        Assert.Equal(0, again.Read);
        var post = Assert.Single(s.Posts());
        Assert.Equal(reference, post.GetProperty("externalDocumentNumber").GetString());
        Assert.Equal(-500m, post.GetProperty("amount").GetDecimal());
        Assert.Equal("C10000", post.GetProperty("customerNumber").GetString());
        Assert.Equal("INV-9001", post.GetProperty("appliesToInvoiceNumber").GetString());
        Assert.Equal(InvoiceId, post.GetProperty("appliesToInvoiceId").GetString());
        Assert.Equal("2026-11-25", post.GetProperty("postingDate").GetString());
        Assert.False(post.TryGetProperty("lastModifiedDateTime", out _));
        Assert.Contains($"externalDocumentNumber eq '{reference}'", s.Erp.Queries($"customerPaymentJournals({Journal})/customerPayments").First(), StringComparison.Ordinal);
        Assert.Equal(1, s.Erp.Count("GET", "customerPaymentJournals")); // the journal's id is looked up once
        var link = await s.LinkAsync();
        Assert.Equal((ErpPaymentState.Sent, Journal, Line, false), (link.State, link.ErpJournalId, link.ErpLineId, link.FoundExisting));

        // PaymentSync reads the ERP's payment back: linked to the match, not a second 500.00 off the invoice.
        s.Erp.GivenPage("customerPayments", FakeErp.Page([ErpLine(reference, -500m, "2026-11-25T10:00:00Z")]));
        Assert.Equal(SyncRunStatus.Succeeded, (await s.PaymentSyncAsync()).Status);
        Assert.Equal(SyncRunStatus.Succeeded, (await s.PaymentSyncAsync()).Status);
        invoice = await s.InvoiceAsync();
        Assert.Equal((690m, 0m, 500m), (invoice.Remaining.Amount, invoice.SettledInPortal, invoice.BookedAwaitingInvoice));
        Assert.Equal(ErpPaymentState.Booked, (await s.LinkAsync()).State);
        await using (var db = s.World.Database.CreateContext())
        {
            var payment = await db.CustomerPayments.AsNoTracking().SingleAsync();
            Assert.Equal((500m, reference, "INV-9001"), (payment.Amount.Amount, payment.PortalReference, payment.AppliesToInvoiceNumber));
        }

        // InvoiceSync bringing a version of the invoice from before the ERP booked it keeps the amount off ...
        await s.GivenInvoiceAsync(1190m, "2026-11-25T09:30:00Z");
        Assert.Equal((690m, 500m), ((await s.InvoiceAsync()).Remaining.Amount, (await s.InvoiceAsync()).BookedAwaitingInvoice));

        // ... and the ERP's own reduced figure replaces it: 690.00 open, not 190.00.
        await s.GivenInvoiceAsync(690m, "2026-11-25T11:00:00Z");
        invoice = await s.InvoiceAsync();
        Assert.Equal((690m, 0m, 0m, InvoiceStatus.Open), (invoice.Remaining.Amount, invoice.SettledInPortal, invoice.BookedAwaitingInvoice, invoice.Status));
    }

    [Fact]
    public async Task A_line_the_erp_saved_whose_answer_was_lost_is_found_and_linked_not_posted_twice()
    {
        await using var s = await Setup.CreateAsync(DatabaseProvider.PostgreSQL, c =>
        {
            c["Erp:AttemptTimeoutSeconds"] = "1";
            c["Erp:TotalTimeoutSeconds"] = "3";
        });
        await s.GivenInvoiceAsync(1190m, "2026-11-20T08:00:00Z");
        var match = await s.PayAsync(1190m);
        var reference = ErpPaymentLink.ReferenceOf(match.Allocations.Single().Id);
        s.GivenJournal();
        s.Erp.Server.Given(Request.Create().WithPath(Setup.Lines).UsingGet()).InScenario("lost").WhenStateIs(null!)
            .RespondWith(FakeErp.Json(FakeErp.Page([])));
        s.Erp.Server.Given(Request.Create().WithPath(Setup.Lines).UsingPost()).InScenario("lost").WillSetStateTo("saved")
            .RespondWith(FakeErp.Json(ErpLine(reference, -1190m, "2026-11-25T10:00:00Z"), 201).WithDelay(TimeSpan.FromSeconds(4)));
        s.Erp.Server.Given(Request.Create().WithPath(Setup.Lines).UsingGet()).InScenario("lost").WhenStateIs("saved")
            .RespondWith(FakeErp.Json(FakeErp.Page([ErpLine(reference, -1190m, "2026-11-25T10:00:00Z")])));

        var first = await s.ExportAsync();
        Assert.Equal(SyncRunStatus.Failed, first.Status);
        await using (var db = s.World.Database.CreateContext())
        {
            var message = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxStatus.Failed, 0, true), (message.Status, message.Attempts, message.AwaitingErp));
        }

        Assert.Equal(ErpPaymentState.Queued, (await s.LinkAsync()).State);
        await s.RetryAllAsync();
        var second = await s.ExportAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 0, 1), (second.Status, second.Created, second.Updated));
        for (var i = 0; i < 50 && s.Posts().Count == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Single(s.Posts());
        var link = await s.LinkAsync();
        Assert.Equal((ErpPaymentState.Sent, Line, true), (link.State, link.ErpLineId, link.FoundExisting));
        await using var check = s.World.Database.CreateContext();
        Assert.Contains("found already", (await check.AuditEntries.SingleAsync(a => a.Action == "Payment.ErpSent")).After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_5xx_leaves_the_payment_for_the_next_try_uncounted_and_the_next_try_posts_it_once()
    {
        await using var s = await Setup.CreateAsync(DatabaseProvider.Sqlite, c => c["Erp:MaxRetries"] = "0");
        await s.GivenInvoiceAsync(1190m, "2026-11-20T08:00:00Z");
        var match = await s.PayAsync(1190m);
        var reference = ErpPaymentLink.ReferenceOf(match.Allocations.Single().Id);
        s.GivenJournal();
        s.Erp.Server.Given(Request.Create().WithPath(Setup.Lines).UsingGet()).RespondWith(FakeErp.Json(FakeErp.Page([])));
        s.Erp.Server.Given(Request.Create().WithPath(Setup.Lines).UsingPost()).InScenario("flaky").WhenStateIs(null!).WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));
        s.Erp.Server.Given(Request.Create().WithPath(Setup.Lines).UsingPost()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(FakeErp.Json(ErpLine(reference, -1190m, "2026-11-25T10:00:00Z"), 201));

        var first = await s.ExportAsync();

        Assert.Equal(SyncRunStatus.Failed, first.Status);
        await using (var db = s.World.Database.CreateContext())
        {
            var message = await db.OutboxMessages.SingleAsync();
            Assert.Equal((OutboxStatus.Failed, 0, true), (message.Status, message.Attempts, message.AwaitingErp));
            Assert.Contains("503", message.LastError, StringComparison.Ordinal);
        }

        await s.RetryAllAsync();
        var second = await s.ExportAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 1), (second.Status, second.Created));
        Assert.Equal(2, s.Posts().Count); // the refused one and the one the ERP kept
        Assert.Equal(ErpPaymentState.Sent, (await s.LinkAsync()).State);
        await using var check = s.World.Database.CreateContext();
        Assert.Equal(OutboxStatus.Done, (await check.OutboxMessages.SingleAsync()).Status);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_match_undone_before_its_payment_went_sends_nothing_and_after_it_went_withdraws_or_reverses_the_line(DatabaseProvider provider)
    {
        await using var s = await Setup.CreateAsync(provider);
        await s.GivenInvoiceAsync(1190m, "2026-11-20T08:00:00Z");
        var match = await s.PayAsync(1190m);
        s.GivenJournal();
        s.Erp.Server.Given(Request.Create().WithPath(Setup.Lines).UsingGet()).RespondWith(FakeErp.Json(FakeErp.Page([])));

        await s.World.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().UndoAsync(match.Id, OrderingWorld.Accountant, "Wrong customer", CancellationToken.None));
        var run = await s.ExportAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 2), (run.Status, run.Read));
        Assert.Empty(s.Posts());
        var link = await s.LinkAsync();
        Assert.Equal(ErpPaymentState.Cancelled, link.State);
        Assert.Equal((1190m, 0m), ((await s.InvoiceAsync()).Remaining.Amount, (await s.InvoiceAsync()).SettledInPortal));
        await using (var db = s.World.Database.CreateContext())
        {
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Payment.ErpSkipped" && a.EntityId == link.Reference));
        }

        // The payment matched again (an accountant's manual match) goes; undone after it went, its unposted line is deleted.
        var entryId = match.StatementEntryId;
        var invoiceId = (await s.InvoiceAsync()).Id;
        var again = await s.World.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().MatchManuallyAsync(entryId, [new ManualAllocation(invoiceId, 1190m)],
            OrderingWorld.Accountant, "Acme confirmed by phone", CancellationToken.None));
        var reference = ErpPaymentLink.ReferenceOf(again.Allocations.Single().Id);
        s.Erp.Server.Given(Request.Create().WithPath(Setup.Lines).UsingPost()).AtPriority(5).RespondWith(FakeErp.Json(ErpLine(reference, -1190m, "2026-11-25T10:00:00Z"), 201));
        Assert.Equal(SyncRunStatus.Succeeded, (await s.ExportAsync()).Status);
        s.Erp.Server.Given(Request.Create().WithPath(FakeErp.Path($"customerPaymentJournals({Journal})/customerPayments({Line})")).UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(204));
        await s.World.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().UndoAsync(again.Id, OrderingWorld.Accountant, "Paid twice by mistake", CancellationToken.None));
        Assert.Equal(SyncRunStatus.Succeeded, (await s.ExportAsync()).Status);

        await using (var db = s.World.Database.CreateContext())
        {
            var withdrawn = await db.Set<ErpPaymentLink>().AsNoTracking().SingleAsync(l => l.Reference == reference);
            Assert.Equal(ErpPaymentState.Withdrawn, withdrawn.State);
            Assert.Single(s.Erp.Server.LogEntries, e => e.RequestMessage!.Method == "DELETE");
        }

        // Matched a third time, booked by the ERP, then undone: the ERP has it, so a reversing line goes (once).
        var third = await s.World.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().MatchManuallyAsync(entryId, [new ManualAllocation(invoiceId, 1190m)],
            OrderingWorld.Accountant, "Acme confirmed in writing", CancellationToken.None));
        var booked = ErpPaymentLink.ReferenceOf(third.Allocations.Single().Id);
        Assert.Equal(SyncRunStatus.Succeeded, (await s.ExportAsync()).Status);
        s.Erp.GivenPage("customerPayments", FakeErp.Page([ErpLine(booked, -1190m, "2026-11-25T12:00:00Z", "27cce948-c6a5-4861-8ff5-30428ed83207")]));
        Assert.Equal(SyncRunStatus.Succeeded, (await s.PaymentSyncAsync()).Status);
        await s.World.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().UndoAsync(third.Id, OrderingWorld.Accountant, "Bank recalled it", CancellationToken.None));
        Assert.Equal(SyncRunStatus.Succeeded, (await s.ExportAsync()).Status);

        var reversal = s.Posts().Single(p => p.GetProperty("externalDocumentNumber").GetString() == booked + ErpPaymentLink.ReversalSuffix);
        Assert.Equal(1190m, reversal.GetProperty("amount").GetDecimal());
        Assert.False(reversal.TryGetProperty("appliesToInvoiceNumber", out _));
        await using var final = s.World.Database.CreateContext();
        var reversed = await final.Set<ErpPaymentLink>().AsNoTracking().SingleAsync(l => l.Reference == booked);
        Assert.Equal(ErpPaymentState.Reversed, reversed.State);
        Assert.Contains("unapply the payment from invoice INV-9001", reversed.UndoOutcome, StringComparison.Ordinal);
    }
}
