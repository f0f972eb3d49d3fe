using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Settlements;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Settlements;
using B2BPortal.Tests.Credit;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Settlements;

/// <summary>
/// Matching on import against a real database: each payment's match stored with its explanation and applied to the
/// invoices' open amounts at once, payers learned, every kind of exception opened, a reversal undoing its match, and the
/// accountant's manual match, split, undo, approval and write-off — all audited.
/// </summary>
public sealed class SettlementMatchingTests
{
    public const string Alpha = "DE02120300000000202051";
    public const string Beta = "DE02500105170137075030";
    public static readonly DateOnly Day = new(2026, 11, 25);

    public static Task<OrderingWorld> WorldAsync(DatabaseProvider provider) =>
        OrderingWorld.CreateAsync(provider, s => s.AddPortalSettlements(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Settlements:Tolerance:Absolute"] = "1.00",
            ["Settlements:Tolerance:Percent"] = "0",
        }).Build()));

    public static async Task<StatementImportResult> ImportAsync(OrderingWorld world, string id, params CamtDraftEntry[] entries)
    {
        var bytes = CamtWriter.Statement(id, "CH9300762011623852957", "EUR", Day, 10_000m, entries);
        return await world.WithAsync(async sp =>
        {
            using var stream = new MemoryStream(bytes);
            return await sp.GetRequiredService<StatementImporter>().ImportAsync(stream, id + ".xml", OrderingWorld.Accountant.UserId, OrderingWorld.Accountant.DisplayName, CancellationToken.None);
        });
    }

    public static async Task<Invoice> InvoiceAsync(OrderingWorld world, string number)
    {
        await using var db = world.Database.CreateContext();
        return await db.Invoices.AsNoTracking().SingleAsync(i => i.Number == number);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_matches_each_payment_by_the_first_rule_that_fits_explains_it_and_reduces_the_open_amounts_at_once(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await CreditTestData.InvoiceAsync(world, world.CompanyA, "INV-1001", Day.AddDays(10), 1000m);
        await CreditTestData.InvoiceAsync(world, world.CompanyA, "INV-1002", Day.AddDays(12), 250m);
        await CreditTestData.InvoiceAsync(world, world.CompanyA, "INV-1003", Day.AddDays(14), 400m);
        await CreditTestData.InvoiceAsync(world, world.CompanyB, "INV-2001", Day.AddDays(10), 500m);

        var result = await ImportAsync(world, "S-1",
            new CamtDraftEntry(1000m, PayerName: "Alpha Tools GmbH", PayerAccount: Alpha, CreditorReference: PaymentReference.CreditorReferenceFor("INV1001")),
            new CamtDraftEntry(250m, PayerName: "Alpha Tools GmbH", PayerAccount: Alpha, Text: "Rechnung INV 1002"),
            new CamtDraftEntry(400m, PayerName: "Alpha Tools GmbH", PayerAccount: Alpha),
            new CamtDraftEntry(499.50m, PayerName: "Beta Cleaning AG", PayerAccount: Beta, Text: "INV-2001"));

        var run = Assert.Single(result.Matching);
        Assert.Equal((4, 0), (run.Matched, run.ExceptionCount));
        await using var db = world.Database.CreateContext();
        var matches = await db.Set<PaymentMatch>().Include(m => m.Allocations).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([MatchRule.StructuredReference, MatchRule.InvoiceNumberInText, MatchRule.AmountAndPayer, MatchRule.InvoiceNumberInText], matches.Select(m => m.Rule!.Value));
        Assert.Contains("names invoice INV-1001", matches[0].Explanation, StringComparison.Ordinal);
        Assert.Contains("exactly one open invoice of this amount, INV-1003", matches[2].Explanation, StringComparison.Ordinal);
        Assert.All(matches, m => Assert.Equal(PaymentMatchState.Applied, m.State));

        // Within the tolerance of 1.00 the invoice is settled in full; the 0.50 short waits for an accountant's approval.
        Assert.Equal((-0.50m, AdjustmentKind.WriteOff, AdjustmentState.AwaitingApproval), (matches[3].Adjustment, matches[3].AdjustmentKind!.Value, matches[3].AdjustmentState));
        Assert.Equal(500m, matches[3].Allocations.Single().Amount.Amount);

        var invoices = await db.Invoices.AsNoTracking().OrderBy(i => i.Number).ToListAsync();
        Assert.All(invoices, i => Assert.Equal((0m, InvoiceStatus.Paid), (i.Remaining.Amount, i.Status)));
        Assert.Equal(1000m, invoices.Single(i => i.Number == "INV-1001").SettledInPortal);

        // The payer was learned from the reference match (account and name), which is how the third payment found INV-1003.
        var alpha = await db.Set<PayerMapping>().SingleAsync(p => p.Key == Alpha);
        Assert.Equal((world.CompanyA, true), (alpha.CompanyId, alpha.IsAccount));
        Assert.True(await db.Set<PayerMapping>().AnyAsync(p => p.Key == "ALPHATOOLSGMBH" && p.CompanyId == world.CompanyA));

        Assert.Equal(4, await db.AuditEntries.CountAsync(a => a.EntityType == SettlementMatching.MatchEntity && a.Action == "Matched"));
        Assert.All(await db.StatementEntries().ToListAsync(), e => Assert.Equal(EntryOutcome.Matched, e.Outcome));

        await world.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().ApproveAdjustmentAsync(matches[3].Id, OrderingWorld.Accountant, CancellationToken.None));
        await using var after = world.Database.CreateContext();
        Assert.Equal(AdjustmentState.Approved, (await after.Set<PaymentMatch>().SingleAsync(m => m.Id == matches[3].Id)).AdjustmentState);
        Assert.True(await after.AuditEntries.AnyAsync(a => a.Action == "Difference approved" && a.ActorName == OrderingWorld.Accountant.DisplayName));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task What_the_cascade_cannot_settle_waits_as_an_exception_of_its_kind(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await CreditTestData.InvoiceAsync(world, world.CompanyA, "INV-1001", Day.AddDays(10), 1000m);
        await CreditTestData.InvoiceAsync(world, world.CompanyA, "INV-1002", Day.AddDays(12), 300m);
        await CreditTestData.InvoiceAsync(world, world.CompanyB, "INV-2001", Day.AddDays(10), 500m);
        await using (var db = world.Database.CreateContext())
        {
            var usd = new Invoice("erp-INV-3001", "INV-3001", world.CompanyB);
            var amount = Money.Of(700m, "USD");
            usd.ApplyErp(world.CompanyB, null, Day, Day.AddDays(30), amount, amount, amount, InvoiceStatus.Open, world.Clock.GetUtcNow());
            db.Invoices.Add(usd);
            await db.SaveChangesAsync();
        }

        var result = await ImportAsync(world, "S-2",
            new CamtDraftEntry(1200m, PayerName: "Alpha Tools GmbH", PayerAccount: Alpha, CreditorReference: PaymentReference.CreditorReferenceFor("INV1001")),
            new CamtDraftEntry(100m, PayerName: "Alpha Tools GmbH", PayerAccount: Alpha, Text: "INV-1002 first part"),
            new CamtDraftEntry(50m, PayerName: "Stranger Ltd", PayerAccount: "GB33BUKB20201555555555"),
            new CamtDraftEntry(1000m, PayerName: "Alpha Tools GmbH", PayerAccount: Alpha, CreditorReference: PaymentReference.CreditorReferenceFor("INV1001")),
            new CamtDraftEntry(700m, PayerName: "Beta Cleaning AG", PayerAccount: Beta, Text: "Invoice INV-3001"),
            new CamtDraftEntry(500m, PayerName: "Beta Cleaning AG", PayerAccount: Beta, Text: "INV-2001"),
            new CamtDraftEntry(77.77m, PayerName: "Beta Cleaning AG", PayerAccount: Beta));

        var run = Assert.Single(result.Matching);
        Assert.Equal(3, run.Matched);
        await using var check = world.Database.CreateContext();
        var exceptions = await check.Set<SettlementException>().OrderBy(x => x.Id).ToListAsync();
        Assert.Equal(
            [SettlementExceptionKind.Unmatched, SettlementExceptionKind.OverPayment, SettlementExceptionKind.UnderPayment, SettlementExceptionKind.UnknownPayer,
             SettlementExceptionKind.DuplicatePayment, SettlementExceptionKind.CurrencyMismatch],
            exceptions.Select(x => x.Kind).Order());
        Assert.All(exceptions, x => Assert.Equal(SettlementExceptionState.Open, x.State));
        Assert.Equal(200m, exceptions.Single(x => x.Kind == SettlementExceptionKind.OverPayment).Amount.Amount);
        Assert.Equal(200m, exceptions.Single(x => x.Kind == SettlementExceptionKind.UnderPayment).Amount.Amount);
        Assert.Contains("settled already", exceptions.Single(x => x.Kind == SettlementExceptionKind.DuplicatePayment).Description, StringComparison.Ordinal);
        Assert.Contains("USD", exceptions.Single(x => x.Kind == SettlementExceptionKind.CurrencyMismatch).Description, StringComparison.Ordinal);
        Assert.Equal(world.CompanyB, exceptions.Single(x => x.Kind == SettlementExceptionKind.Unmatched).CompanyId);
        Assert.Equal(200m, (await InvoiceAsync(world, "INV-1002")).Remaining.Amount);
        Assert.Equal(700m, (await InvoiceAsync(world, "INV-3001")).Remaining.Amount);
        Assert.Equal(6, await check.AuditEntries.CountAsync(a => a.EntityType == SettlementMatching.ExceptionEntity && a.Action == "Opened"));

        // Writing off the under-payment closes the invoice in the portal, as a write-off allocation of that match.
        var under = exceptions.Single(x => x.Kind == SettlementExceptionKind.UnderPayment);
        await world.WithAsync(async sp =>
        {
            var matching = sp.GetRequiredService<SettlementMatching>();
            await matching.AssignAsync(under.Id, OrderingWorld.Accountant, null, null, CancellationToken.None);
            await matching.WriteOffAsync(under.Id, OrderingWorld.Accountant, "Customer deducted a complaint credit agreed by phone", CancellationToken.None);
        });
        Assert.Equal((0m, InvoiceStatus.Paid), ((await InvoiceAsync(world, "INV-1002")).Remaining.Amount, (await InvoiceAsync(world, "INV-1002")).Status));
        await using var final = world.Database.CreateContext();
        Assert.Equal(SettlementExceptionState.WrittenOff, (await final.Set<SettlementException>().SingleAsync(x => x.Id == under.Id)).State);
        Assert.Equal(["Assigned", "WriteOff"], await final.AuditEntries.Where(a => a.EntityType == SettlementMatching.ExceptionEntity && a.EntityId == under.Id.ToString())
            .OrderBy(a => a.Id).Select(a => a.Action).Where(a => a != "Opened").ToListAsync());
        Assert.Contains(await final.Set<PaymentAllocation>().ToListAsync(), a => a is { Kind: AllocationKind.WriteOff, InvoiceNumber: "INV-1002" } && a.Amount.Amount == 200m);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_reversal_on_a_later_statement_undoes_the_match_of_the_payment_it_takes_back(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await CreditTestData.InvoiceAsync(world, world.CompanyA, "INV-1001", Day.AddDays(10), 1000m);
        await ImportAsync(world, "S-3", new CamtDraftEntry(1000m, PayerName: "Alpha Tools GmbH", PayerAccount: Alpha, Text: "INV-1001", EndToEndId: "ALPHA-PAY-77"));
        Assert.Equal(0m, (await InvoiceAsync(world, "INV-1001")).Remaining.Amount);

        var result = await ImportAsync(world, "S-4",
            new CamtDraftEntry(1000m, Credit: false, Reversal: true, PayerName: "Alpha Tools GmbH", PayerAccount: Alpha, EndToEndId: "ALPHA-PAY-77"),
            new CamtDraftEntry(35m, Credit: false, PayerName: "Office Supplies Ltd", Text: "Toner"));

        var run = Assert.Single(result.Matching);
        Assert.Equal((1, 1, 0), (run.Reversals, run.NotPayments, run.ExceptionCount));
        var invoice = await InvoiceAsync(world, "INV-1001");
        Assert.Equal((1000m, InvoiceStatus.Open, 0m), (invoice.Remaining.Amount, invoice.Status, invoice.SettledInPortal));
        await using var db = world.Database.CreateContext();
        var match = await db.Set<PaymentMatch>().SingleAsync();
        Assert.Equal(PaymentMatchState.Undone, match.State);
        Assert.Contains("statement S-4 entry 1 (reversal)", match.UndoReason, StringComparison.Ordinal);
        Assert.Equal([EntryOutcome.Reversed, EntryOutcome.Reversal, EntryOutcome.NotAPayment],
            await db.StatementEntries().OrderBy(e => e.Id).Select(e => e.Outcome).ToListAsync());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == SettlementMatching.MatchEntity && a.Action == "Undone"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_accountant_splits_an_unknown_payers_payment_across_invoices_and_an_undo_gives_everything_back(DatabaseProvider provider)
    {
        await using var world = await WorldAsync(provider);
        await CreditTestData.InvoiceAsync(world, world.CompanyA, "INV-1001", Day.AddDays(10), 300m);
        await CreditTestData.InvoiceAsync(world, world.CompanyA, "INV-1002", Day.AddDays(12), 500m);
        await ImportAsync(world, "S-5", new CamtDraftEntry(650m, PayerName: "A. Tools Holding", PayerAccount: "FR7630006000011234567890189"));
        var ids = (await InvoiceAsync(world, "INV-1001")).Id;
        var second = (await InvoiceAsync(world, "INV-1002")).Id;
        long entryId, exceptionId;
        await using (var db = world.Database.CreateContext())
        {
            var exception = await db.Set<SettlementException>().SingleAsync();
            Assert.Equal(SettlementExceptionKind.UnknownPayer, exception.Kind);
            (entryId, exceptionId) = (exception.StatementEntryId, exception.Id);
        }

        var manual = await world.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().MatchManuallyAsync(entryId,
            [new ManualAllocation(ids, 300m), new ManualAllocation(second, 350m)], OrderingWorld.Accountant, "Holding pays for Alpha, confirmed by e-mail", CancellationToken.None));

        Assert.Equal((0m, 150m), ((await InvoiceAsync(world, "INV-1001")).Remaining.Amount, (await InvoiceAsync(world, "INV-1002")).Remaining.Amount));
        await using (var db = world.Database.CreateContext())
        {
            var exception = await db.Set<SettlementException>().SingleAsync();
            Assert.Equal((SettlementExceptionState.Resolved, manual.Id), (exception.State, exception.PaymentMatchId!.Value));
            Assert.True(await db.Set<PayerMapping>().AnyAsync(p => p.Key == "FR7630006000011234567890189" && p.CompanyId == world.CompanyA));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Matched manually" && a.After!.Contains("INV-1002 350.00")));
        }

        // More than the payment holds is refused, and nothing changes.
        var refused = await Assert.ThrowsAsync<DomainException>(() => world.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().MatchManuallyAsync(entryId,
            [new ManualAllocation(second, 150m)], OrderingWorld.Accountant, "again", CancellationToken.None)));
        Assert.Contains("only 0.00 EUR of the payment is not applied", refused.Message, StringComparison.Ordinal);

        await world.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().UndoAsync(manual.Id, OrderingWorld.Accountant, "Wrong customer: the holding pays for Beta", CancellationToken.None));

        Assert.Equal((300m, 500m), ((await InvoiceAsync(world, "INV-1001")).Remaining.Amount, (await InvoiceAsync(world, "INV-1002")).Remaining.Amount));
        await using (var db = world.Database.CreateContext())
        {
            var exception = await db.Set<SettlementException>().SingleAsync(x => x.Id == exceptionId);
            Assert.Equal(SettlementExceptionState.Open, exception.State);
            Assert.Equal(PaymentMatchState.Undone, (await db.Set<PaymentMatch>().SingleAsync()).State);
            Assert.Equal(EntryOutcome.Exception, (await db.StatementEntries().SingleAsync()).Outcome);
            Assert.Equal(["Opened", "Assigned", "Resolve", "Reopened"], await db.AuditEntries.Where(a => a.EntityType == SettlementMatching.ExceptionEntity)
                .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        }

        await Assert.ThrowsAsync<DomainException>(() => world.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().UndoAsync(manual.Id, OrderingWorld.Accountant, "twice", CancellationToken.None)));
    }
}
