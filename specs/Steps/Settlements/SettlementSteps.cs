using System.Globalization;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Settlements;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Settlements;
using B2BPortal.Tests.Credit;
using B2BPortal.Tests.Ordering;
using B2BPortal.Tests.Settlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TechTalk.SpecFlow;

namespace B2BPortal.Specs.Steps.Settlements;

/// <summary>
/// Thin steps over settlement matching on a fresh SQLite database per scenario: Acme's invoices written as InvoiceSync
/// writes them, statements imported through the real importer (which runs the cascade), the accountant's tools through
/// SettlementMatching. Tolerance EUR 1.00.
/// </summary>
[Binding]
public sealed partial class SettlementSteps : IAsyncDisposable
{
    private const string AcmeName = "Alpha Tools GmbH";
    private OrderingWorld? _world;
    private int _statements;
    private long? _entryId;
    private long? _matchId;
    private DomainException? _refusal;

    private OrderingWorld World => _world ?? throw new InvalidOperationException("No world: start with a Given.");

    [Given("Acme has these open invoices")]
    public async Task GivenInvoices(Table table)
    {
        _world = await SettlementMatchingTests.WorldAsync(DatabaseProvider.Sqlite);
        var n = 0;
        foreach (var row in table.Rows)
        {
            await CreditTestData.InvoiceAsync(World, World.CompanyA, row["invoice"], SettlementMatchingTests.Day.AddDays(10 + n++), Amount(row["amount"]));
        }
    }

    [Given(@"Acme paid (\S+) with its reference on an earlier statement")]
    public async Task GivenPaid(string invoice)
    {
        var open = (await SettlementMatchingTests.InvoiceAsync(World, invoice)).Remaining.Amount;
        await ImportAsync(new CamtDraftEntry(open, PayerName: AcmeName, PayerAccount: SettlementMatchingTests.Alpha,
            CreditorReference: PaymentReference.CreditorReferenceFor(invoice.Replace("-", "", StringComparison.Ordinal)), EndToEndId: "ACME-" + invoice));
    }

    [When(@"the statement holds a payment of EUR ([\d.]+) from Acme with the creditor reference of ""(.*)""")]
    public Task WhenReference(string amount, string body) =>
        ImportAsync(new CamtDraftEntry(Amount(amount), PayerName: AcmeName, PayerAccount: SettlementMatchingTests.Alpha, CreditorReference: PaymentReference.CreditorReferenceFor(body)));

    [When(@"the statement holds a payment of EUR ([\d.]+) from Acme with the text ""(.*)""")]
    public Task WhenText(string amount, string text) =>
        ImportAsync(new CamtDraftEntry(Amount(amount), PayerName: AcmeName, PayerAccount: SettlementMatchingTests.Alpha, Text: text));

    [When(@"the statement holds a payment of EUR ([\d.]+) from Acme without any reference")]
    public Task WhenNoReference(string amount) =>
        ImportAsync(new CamtDraftEntry(Amount(amount), PayerName: AcmeName, PayerAccount: SettlementMatchingTests.Alpha));

    [Given(@"the statement holds a payment of EUR ([\d.]+) from an unknown payer")]
    [When(@"the statement holds a payment of EUR ([\d.]+) from an unknown payer")]
    public Task WhenUnknown(string amount) =>
        ImportAsync(new CamtDraftEntry(Amount(amount), PayerName: "A. Tools Holding", PayerAccount: "FR7630006000011234567890189"));

    [When("the bank reverses that payment on the next statement")]
    public async Task WhenReversed()
    {
        await using var db = World.Database.CreateContext();
        var original = await db.StatementEntries().SingleAsync(e => e.Id == _entryId);
        await ImportAsync(new CamtDraftEntry(original.Amount.Amount, Credit: false, Reversal: true, PayerName: AcmeName, PayerAccount: SettlementMatchingTests.Alpha, EndToEndId: original.EndToEndId));
    }

    [Given(@"the accountant matched that payment to (.*)")]
    [When(@"the accountant matches that payment to (.*)")]
    public async Task WhenManual(string parts)
    {
        var allocations = new List<ManualAllocation>();
        foreach (Match part in Part().Matches(parts))
        {
            allocations.Add(new ManualAllocation((await SettlementMatchingTests.InvoiceAsync(World, part.Groups[1].Value)).Id, Amount(part.Groups[2].Value)));
        }

        try
        {
            var match = await World.WithAsync(sp => sp.GetRequiredService<SettlementMatching>()
                .MatchManuallyAsync(_entryId!.Value, allocations, OrderingWorld.Accountant, "Confirmed by the payer's e-mail", CancellationToken.None));
            _matchId = match.Id;
        }
        catch (DomainException ex)
        {
            _refusal = ex;
        }
    }

    [When(@"the accountant undoes that match because ""(.*)""")]
    public Task WhenUndo(string reason) =>
        World.WithAsync(sp => sp.GetRequiredService<SettlementMatching>().UndoAsync(_matchId!.Value, OrderingWorld.Accountant, reason, CancellationToken.None));

    [Then(@"the payment is matched to (.*) by (its structured reference|the invoice number in its text|its amount and payer|several invoices of the payer|a partial payment)")]
    public async Task ThenMatched(string invoices, string rule)
    {
        await using var db = World.Database.CreateContext();
        var match = await db.Set<PaymentMatch>().Include(m => m.Allocations).Where(m => m.StatementEntryId == _entryId).SingleAsync();
        Assert.Equal(invoices.Split(" and "), match.Allocations.Select(a => a.InvoiceNumber).ToArray());
        var expected = rule switch
        {
            "its structured reference" => MatchRule.StructuredReference,
            "the invoice number in its text" => MatchRule.InvoiceNumberInText,
            "its amount and payer" => MatchRule.AmountAndPayer,
            "several invoices of the payer" => MatchRule.SeveralInvoicesOfPayer,
            _ => MatchRule.PartialPayment,
        };
        Assert.Equal(expected, match.Rule);
        Assert.False(string.IsNullOrWhiteSpace(match.Explanation));
    }

    [Then(@"(\S+) has EUR ([\d.]+) open")]
    public async Task ThenOpen(string invoice, string amount) =>
        Assert.Equal(Amount(amount), (await SettlementMatchingTests.InvoiceAsync(World, invoice)).Remaining.Amount);

    [Then(@"a (write-off|fee) of EUR (-?[\d.]+) waits for an accountant's approval")]
    public async Task ThenAdjustment(string kind, string amount)
    {
        await using var db = World.Database.CreateContext();
        var match = await db.Set<PaymentMatch>().SingleAsync(m => m.StatementEntryId == _entryId);
        Assert.Equal((kind == "fee" ? AdjustmentKind.Fee : AdjustmentKind.WriteOff, Amount(amount), AdjustmentState.AwaitingApproval),
            (match.AdjustmentKind!.Value, match.Adjustment, match.AdjustmentState));
    }

    [Then(@"an? (under-payment|over-payment|duplicate payment|unknown payer|unmatched payment|currency mismatch) of EUR ([\d.]+) waits in the exceptions queue")]
    public async Task ThenException(string kind, string amount)
    {
        await using var db = World.Database.CreateContext();
        var exception = await db.Set<SettlementException>().SingleAsync(x => x.StatementEntryId == _entryId);
        Assert.Equal(kind, SettlementExceptionWorkflow.Label(exception.Kind));
        Assert.Equal((Amount(amount), SettlementExceptionState.Open), (exception.Amount.Amount, exception.State));
    }

    [Then("the exception is (resolved|open again)")]
    public async Task ThenExceptionState(string state)
    {
        await using var db = World.Database.CreateContext();
        var exception = await db.Set<SettlementException>().SingleAsync(x => x.StatementEntryId == _entryId);
        Assert.Equal(state == "resolved" ? SettlementExceptionState.Resolved : SettlementExceptionState.Open, exception.State);
    }

    [Then(@"the accountant is told ""(.*)""")]
    public void ThenTold(string message) => Assert.Contains(message, (_refusal ?? throw new InvalidOperationException("Nothing was refused.")).Message, StringComparison.Ordinal);

    [Then(@"the audit trail shows ""(.*)""")]
    public async Task ThenAudit(string action)
    {
        await using var db = World.Database.CreateContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == action && (a.EntityType == SettlementMatching.MatchEntity || a.EntityType == SettlementMatching.ExceptionEntity)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    private async Task ImportAsync(CamtDraftEntry entry)
    {
        var result = await SettlementMatchingTests.ImportAsync(World, $"S-{++_statements}", entry);
        await using var db = World.Database.CreateContext();
        var statementId = Assert.Single(result.Imported).Id;
        var id = await db.StatementEntries().Where(e => e.BankStatementId == statementId).Select(e => e.Id).SingleAsync();
        if (entry.Credit)
        {
            _entryId = id;
        }
    }

    private static decimal Amount(string text) => decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\S+) for EUR ([\d.]+)")]
    private static partial Regex Part();
}
