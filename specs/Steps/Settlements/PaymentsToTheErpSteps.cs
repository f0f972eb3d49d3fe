using System.Globalization;
using B2BPortal.Domain.Settlements;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Ordering;
using B2BPortal.Tests.Settlements;
using B2BPortal.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TechTalk.SpecFlow;
using WireMock.RequestBuilders;

namespace B2BPortal.Specs.Steps.Settlements;

/// <summary>
/// Thin steps over settlement matching, PaymentExport, PaymentSync and InvoiceSync with Business Central played by WireMock
/// (<see cref="ErpPaymentWorld"/>), on a fresh SQLite database per scenario.
/// </summary>
[Binding]
public sealed class PaymentsToTheErpSteps : IAsyncDisposable
{
    private ErpPaymentWorld? _world;
    private PaymentMatch? _match;
    private bool _lost;

    private ErpPaymentWorld World => _world ?? throw new InvalidOperationException("No world: start with a Given.");

    [Given(@"the ERP has Acme's invoice INV-9001 with EUR ([\d.]+) open")]
    public async Task GivenInvoice(string amount)
    {
        _world = await ErpPaymentWorld.CreateAsync(DatabaseProvider.Sqlite, s =>
        {
            s["Erp:AttemptTimeoutSeconds"] = "1";
            s["Erp:TotalTimeoutSeconds"] = "3";
        });
        await World.GivenInvoiceAsync(Amount(amount), "2026-11-20T08:00:00Z");
        World.GivenJournal();
    }

    [Given("the ERP will keep the payment line but its answer will be lost")]
    public void GivenLost() => _lost = true;

    [Given(@"the bank statement paid EUR ([\d.]+) of INV-9001")]
    [When(@"the bank statement pays EUR ([\d.]+) of INV-9001")]
    public async Task WhenPaid(string amount)
    {
        _match = await World.PayAsync(Amount(amount));
        var line = ErpPaymentWorld.ErpLine(Reference, -Amount(amount), "2026-11-25T10:00:00Z");
        var post = World.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingPost()).InScenario("journal").WillSetStateTo("kept");
        post.RespondWith(_lost ? FakeErp.Json(line, 201).WithDelay(TimeSpan.FromSeconds(4)) : FakeErp.Json(line, 201));
        World.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingGet()).InScenario("journal").WhenStateIs(null!)
            .RespondWith(FakeErp.Json(FakeErp.Page([])));
        World.Erp.Server.Given(Request.Create().WithPath(ErpPaymentWorld.Lines).UsingGet()).InScenario("journal").WhenStateIs("kept")
            .RespondWith(FakeErp.Json(FakeErp.Page([line])));
    }

    [Given(@"the bank statement paid EUR ([\d.]+) of INV-9001 and the payment went to the ERP")]
    public async Task GivenPaidAndSent(string amount)
    {
        await WhenPaid(amount);
        Assert.Equal(SyncRunStatus.Succeeded, (await World.ExportAsync()).Status);
    }

    [When("the payment export runs")]
    public Task WhenExportRuns() => World.ExportAsync();

    [When("the payment export runs twice")]
    public async Task WhenExportRunsTwice()
    {
        Assert.Equal(SyncRunStatus.Succeeded, (await World.ExportAsync()).Status);
        Assert.Equal(0, (await World.ExportAsync()).Read);
    }

    [When("the payment export tries again")]
    public async Task WhenRetried()
    {
        await World.RetryAllAsync();
        Assert.Equal(SyncRunStatus.Succeeded, (await World.ExportAsync()).Status);
        for (var i = 0; i < 50 && World.Posts().Count == 0; i++)
        {
            await Task.Delay(100);
        }
    }

    [When("the accountant undoes the match because \"(.*)\"")]
    public Task WhenUndone(string reason) => World.World.WithAsync(sp =>
        sp.GetRequiredService<SettlementMatching>().UndoAsync(_match!.Id, OrderingWorld.Accountant, reason, CancellationToken.None));

    [When("the ERP's payments are read back")]
    public async Task WhenPaymentsRead()
    {
        World.Erp.GivenPage("customerPayments", FakeErp.Page([ErpPaymentWorld.ErpLine(Reference, -_match!.Allocations.Single().Amount.Amount, "2026-11-25T10:00:00Z")]));
        Assert.Equal(SyncRunStatus.Succeeded, (await World.PaymentSyncAsync()).Status);
    }

    [When(@"the ERP's invoice INV-9001 comes back with EUR ([\d.]+) open")]
    public Task WhenInvoiceBack(string amount) => World.GivenInvoiceAsync(Amount(amount), "2026-11-25T11:00:00Z");

    [Then(@"INV-9001 shows EUR ([\d.]+) open in the portal")]
    public async Task ThenOpen(string amount) => Assert.Equal(Amount(amount), (await World.InvoiceAsync()).Remaining.Amount);

    [Then("the payment waits for the next try")]
    public async Task ThenWaits()
    {
        await using var db = World.World.Database.CreateContext();
        var message = await db.OutboxMessages.SingleAsync(m => m.Type == PaymentAppliedMessage.Type);
        Assert.Equal((OutboxStatus.Failed, true), (message.Status, message.AwaitingErp));
    }

    [Then(@"the ERP's payment journal has one line of EUR (-?[\d.]+) applied to INV-9001 with the portal's reference")]
    public void ThenOneLine(string amount)
    {
        var post = Assert.Single(World.Posts());
        Assert.Equal(Amount(amount), post.GetProperty("amount").GetDecimal());
        Assert.Equal("INV-9001", post.GetProperty("appliesToInvoiceNumber").GetString());
        Assert.Equal(Reference, post.GetProperty("externalDocumentNumber").GetString());
    }

    [Then("the ERP's payment journal has no line")]
    public void ThenNoLine() => Assert.Empty(World.Posts());

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    private string Reference => ErpPaymentLink.ReferenceOf(_match!.Allocations.Single().Id);

    private static decimal Amount(string text) => decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
