using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Settlements;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
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
    private const string Journal = ErpPaymentWorld.Journal;
    private const string Line = ErpPaymentWorld.Line;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_matched_payment_reaches_the_erp_once_and_comes_off_the_invoice_once_when_the_erp_books_it(DatabaseProvider provider)
    {
        await using var s = await ErpPaymentWorld.CreateAsync(provider);
        await s.GivenInvoiceAsync(1190m, "2026-11-20T08:00:00Z");
        var match = await s.PayAsync(500m);

        // At once, in the portal: 690.00 open, the 500.00 held off by the portal until the ERP has it.
        var invoice = await s.InvoiceAsync();
        Assert.Equal((690m, 500m), (invoice.Remaining.Amount, invoice.SettledInPortal));
        var reference = ErpPaymentLink.ReferenceOf(match.Allocations.Single().Id);
        Assert.Equal(ErpPaymentState.Queued, (await s.LinkAsync()).State);
        Assert.Equal([500m], await StatementPaymentsAsync(s));

        s.GivenJournal();
        s.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingGet()).RespondWith(FakeErp.Json(FakeErp.Page([])));
        s.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingPost()).RespondWith(FakeErp.Json(ErpPaymentWorld.ErpLine(reference, -500m, "2026-11-25T10:00:00Z"), 201));

        var run = await s.ExportAsync();
        var again = await s.ExportAsync();

        Assert.Equal((SyncRunStatus.Succeeded, 1, 1, 0), (run.Status, run.Read, run.Created, run.Failed));
        Assert.Equal(0, again.Read);
        var post = Assert.Single(s.Posts());
        Assert.Equal(reference, post.GetProperty("externalDocumentNumber").GetString());
        Assert.Equal(-500m, post.GetProperty("amount").GetDecimal());
        Assert.Equal("C10000", post.GetProperty("customerNumber").GetString());
        Assert.Equal("INV-9001", post.GetProperty("appliesToInvoiceNumber").GetString());
        Assert.Equal(ErpPaymentWorld.InvoiceId, post.GetProperty("appliesToInvoiceId").GetString());
        Assert.Equal("2026-11-25", post.GetProperty("postingDate").GetString());
        Assert.False(post.TryGetProperty("lastModifiedDateTime", out _));
        Assert.Contains($"externalDocumentNumber eq '{reference}'", s.Erp.Queries($"customerPaymentJournals({Journal})/customerPayments").First(), StringComparison.Ordinal);
        Assert.Equal(1, s.Erp.Count("GET", "customerPaymentJournals")); // the journal's id is looked up once
        var link = await s.LinkAsync();
        Assert.Equal((ErpPaymentState.Sent, Journal, Line, false), (link.State, link.ErpJournalId, link.ErpLineId, link.FoundExisting));

        // PaymentSync reads the ERP's payment back: linked to the match, not a second 500.00 off the invoice.
        s.Erp.GivenPage("customerPayments", FakeErp.Page([ErpPaymentWorld.ErpLine(reference, -500m, "2026-11-25T10:00:00Z")]));
        Assert.Equal(SyncRunStatus.Succeeded, (await s.PaymentSyncAsync()).Status);
        Assert.Equal(SyncRunStatus.Succeeded, (await s.PaymentSyncAsync()).Status);
        invoice = await s.InvoiceAsync();
        Assert.Equal((690m, 0m, 500m), (invoice.Remaining.Amount, invoice.SettledInPortal, invoice.BookedAwaitingInvoice));
        Assert.Equal(ErpPaymentState.Booked, (await s.LinkAsync()).State);
        Assert.Equal([500m], await StatementPaymentsAsync(s)); // the buyer's statement: one payment of 500.00, not two
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

    /// <summary>The payments on Acme's statement for November 2026.</summary>
    private static async Task<decimal[]> StatementPaymentsAsync(ErpPaymentWorld s)
    {
        await using var db = s.World.Database.CreateContext();
        var statement = await db.StatementAsync(s.World.CompanyA, new StatementPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), CancellationToken.None);
        return [.. statement.Accounts.SelectMany(a => a.Entries).Where(e => e.Kind == StatementEntryKind.Payment).Select(e => e.Credit)];
    }

    [Fact]
    public async Task A_line_the_erp_saved_whose_answer_was_lost_is_found_and_linked_not_posted_twice()
    {
        await using var s = await ErpPaymentWorld.CreateAsync(DatabaseProvider.PostgreSQL, c =>
        {
            c["Erp:AttemptTimeoutSeconds"] = "1";
            c["Erp:TotalTimeoutSeconds"] = "3";
        });
        await s.GivenInvoiceAsync(1190m, "2026-11-20T08:00:00Z");
        var match = await s.PayAsync(1190m);
        var reference = ErpPaymentLink.ReferenceOf(match.Allocations.Single().Id);
        s.GivenJournal();
        s.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingGet()).InScenario("lost").WhenStateIs(null!)
            .RespondWith(FakeErp.Json(FakeErp.Page([])));
        s.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingPost()).InScenario("lost").WillSetStateTo("saved")
            .RespondWith(FakeErp.Json(ErpPaymentWorld.ErpLine(reference, -1190m, "2026-11-25T10:00:00Z"), 201).WithDelay(TimeSpan.FromSeconds(4)));
        s.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingGet()).InScenario("lost").WhenStateIs("saved")
            .RespondWith(FakeErp.Json(FakeErp.Page([ErpPaymentWorld.ErpLine(reference, -1190m, "2026-11-25T10:00:00Z")])));

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
        await using var s = await ErpPaymentWorld.CreateAsync(DatabaseProvider.Sqlite, c => c["Erp:MaxRetries"] = "0");
        await s.GivenInvoiceAsync(1190m, "2026-11-20T08:00:00Z");
        var match = await s.PayAsync(1190m);
        var reference = ErpPaymentLink.ReferenceOf(match.Allocations.Single().Id);
        s.GivenJournal();
        s.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingGet()).RespondWith(FakeErp.Json(FakeErp.Page([])));
        s.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingPost()).InScenario("flaky").WhenStateIs(null!).WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));
        s.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingPost()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(FakeErp.Json(ErpPaymentWorld.ErpLine(reference, -1190m, "2026-11-25T10:00:00Z"), 201));

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
        await using var s = await ErpPaymentWorld.CreateAsync(provider);
        await s.GivenInvoiceAsync(1190m, "2026-11-20T08:00:00Z");
        var match = await s.PayAsync(1190m);
        s.GivenJournal();
        s.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingGet()).RespondWith(FakeErp.Json(FakeErp.Page([])));

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
        s.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingPost()).AtPriority(5).RespondWith(FakeErp.Json(ErpPaymentWorld.ErpLine(reference, -1190m, "2026-11-25T10:00:00Z"), 201));
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
        s.Erp.GivenPage("customerPayments", FakeErp.Page([ErpPaymentWorld.ErpLine(booked, -1190m, "2026-11-25T12:00:00Z", "27cce948-c6a5-4861-8ff5-30428ed83207")]));
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

    [Fact]
    public void The_integration_console_names_payment_messages_in_words()
    {
        static B2BPortal.Portal.Pages.Integration.IndexModel.OutboxRow Row(string type, string reference) =>
            new(1, type, $"{type}:{reference}", OutboxStatus.Pending, 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null);

        Assert.Equal("Payment B2B-PAY-42 to the ERP's payment journal", B2BPortal.Portal.Pages.Integration.IndexModel.Describe(Row(PaymentAppliedMessage.Type, "B2B-PAY-42")));
        Assert.Equal("Undo payment B2B-PAY-42 in the ERP", B2BPortal.Portal.Pages.Integration.IndexModel.Describe(Row(PaymentUndoneMessage.Type, "B2B-PAY-42")));
    }
}
