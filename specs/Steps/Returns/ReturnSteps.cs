using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Returns;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Ordering;
using B2BPortal.Tests.Returns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TechTalk.SpecFlow;

namespace B2BPortal.Specs.Steps.Returns;

/// <summary>
/// Thin steps over the return use cases (ReturnService), the ERP export and CreditMemoSync, with Business Central played by
/// WireMock (<see cref="ReturnErpWorld"/>), on a fresh SQLite database per scenario. "I" is company A's buyer.
/// </summary>
[Binding]
public sealed class ReturnSteps : IAsyncDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private ReturnErpWorld? _world;
    private string? _order;
    private string? _return;
    private Exception? _refusal;

    private ReturnErpWorld World => _world ?? throw new InvalidOperationException("No world: start with a Given.");

    private string Return => _return ?? throw new InvalidOperationException("No return yet.");

    [Given(@"our delivered order of (\d+) ""([^""]*)"" and (\d+) ""([^""]*)""")]
    public async Task GivenDelivered(decimal q1, string sku1, decimal q2, string sku2)
    {
        _world ??= await ReturnErpWorld.CreateAsync(DatabaseProvider.Sqlite);
        _order = await ReturnFlows.DeliveredOrderAsync(World.World, (sku1, q1), (sku2, q2));
    }

    [Given(@"I have already asked to return (\d+) ""([^""]*)""")]
    public async Task GivenAsked(decimal quantity, string sku) => _return = await RequestAsync(quantity, sku, []);

    [When(@"I ask to return (\d+) ""([^""]*)""")]
    public Task WhenAsk(decimal quantity, string sku) => TryAsync(async () => _return = await RequestAsync(quantity, sku, []));

    [When(@"I ask to return (\d+) ""([^""]*)"" with (.*)")]
    public Task WhenAskWithPhotos(decimal quantity, string sku, string photos) => TryAsync(async () =>
    {
        var chosen = photos switch
        {
            "6 photos" => Enumerable.Range(1, 6).Select(i => ("p" + i + ".png", Png)).ToList(),
            "a 6 MB photo" => [("big.png", [.. Png, .. new byte[6 * 1024 * 1024]])],
            "a photo that is a PDF" => [("scan.png", "%PDF-1.7\n"u8.ToArray())],
            _ => throw new ArgumentOutOfRangeException(nameof(photos), photos, "Unknown photos."),
        };

        // Each photo is checked as the request page checks an upload, then the set as the use case does.
        var checkedPhotos = chosen.Select(p => ReturnPhoto.From(p.Item1, p.Item2)).ToList();
        _return = await RequestAsync(quantity, sku, checkedPhotos);
    });

    [When(@"the sales rep approves it")]
    public Task WhenApproves() => ReturnFlows.ActAsync(World.World, OrderingWorld.SalesRep, Return, ReturnTrigger.Approve, null);

    [When(@"the sales rep rejects it because ""([^""]*)""")]
    public Task WhenRejects(string reason) => ReturnFlows.ActAsync(World.World, OrderingWorld.SalesRep, Return, ReturnTrigger.Reject, reason);

    [When(@"the warehouse marks the goods received")]
    public Task WhenReceived() => TryAsync(() => ReturnFlows.ActAsync(World.World, OrderingWorld.SalesRep, Return, ReturnTrigger.Receive, null));

    [When(@"the ERP will create credit memo ""([^""]*)"" for it")]
    public void GivenErpCreates(string number)
    {
        Assert.Equal("1009", number); // the draft number the fixture's answer carries
        World.GivenCreditMemoCreated(Return);
    }

    [When(@"the export runs")]
    public async Task WhenExportRuns()
    {
        // The order's own export is not what these scenarios are about: settle it, as if sent already.
        await World.World.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<B2BPortal.Domain.Persistence.PortalDbContext>();
            foreach (var m in await db.OutboxMessages.Where(m => m.Type == B2BPortal.Domain.Ordering.OrderPlacedMessage.Type && m.Status != OutboxStatus.Done).ToListAsync())
            {
                m.Succeeded(World.World.Clock.GetUtcNow());
            }

            await db.SaveChangesAsync();
        });
        Assert.Equal(SyncRunStatus.Succeeded, (await World.ExportAsync()).Status);
    }

    [When(@"the ERP's accounts team posts it as credit memo ""([^""]*)"" of EUR ([\d.]+)")]
    public void WhenPosted(string number, decimal amount)
    {
        var memo = ReturnErpWorld.Fixture("salesCreditMemo.get.json", Return);
        Assert.Contains($"\"number\": \"{number}\"", memo, StringComparison.Ordinal);
        Assert.Contains($"\"totalAmountIncludingTax\": {amount.ToString(CultureInfo.InvariantCulture)}", memo, StringComparison.Ordinal);
        World.GivenPostedCreditMemos(memo);
    }

    [When(@"the credit memo sync runs")]
    public async Task WhenSyncRuns() => Assert.Equal(SyncRunStatus.Succeeded, (await World.CreditMemoSyncAsync()).Status);

    [Then(@"the return is refused with ""(.*)""")]
    public void ThenRefused(string message)
    {
        var refusal = Assert.IsType<DomainException>(_refusal);
        Assert.Contains(message.Replace("\\\"", "\"", StringComparison.Ordinal), refusal.Message, StringComparison.Ordinal);
        _refusal = null;
    }

    [Then(@"my return is ""([^""]*)""(?: with credit memo ""([^""]*)"")?")]
    public async Task ThenState(ReturnState state, string? memo)
    {
        Assert.Null(_refusal);
        var r = await World.ReturnAsync(Return);
        Assert.Equal(state, r.State);
        if (!string.IsNullOrEmpty(memo))
        {
            Assert.Equal(memo, r.CreditMemoNumber);
        }
    }

    [Then(@"I am e-mailed ""([^""]*)""")]
    public void ThenMailed(string words) =>
        Assert.Single(World.World.Mailer.Sent, m => m.To == "buyer@a.example" && m.Subject.Contains($"{Return} {words}", StringComparison.Ordinal));

    [Then(@"nothing has gone to the ERP")]
    public async Task ThenNothingQueued()
    {
        await using var db = World.World.Database.CreateContext();
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.Type == ReturnReceivedMessage.Type));
    }

    [Then(@"the ERP has received (\d+) credit memos? for my return")]
    public void ThenErpReceived(int count) => Assert.Equal(count, World.Requests("POST"));

    [Then(@"my statement shows credit memo ""([^""]*)"" taking EUR ([\d.]+) off what we owe")]
    public async Task ThenStatement(string number, decimal amount)
    {
        var statement = await World.StatementAsync();
        var entry = Assert.Single(statement.Entries, e => e.Kind == StatementEntryKind.CreditMemo);
        Assert.Contains(number, entry.Reference, StringComparison.Ordinal);
        Assert.Equal(amount, entry.Credit);
        Assert.Equal(statement.Opening + statement.Invoiced - amount, statement.Closing);
    }

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    private async Task<string> RequestAsync(decimal quantity, string sku, IReadOnlyList<ReturnPhoto> photos)
    {
        var order = _order ?? throw new InvalidOperationException("No order yet.");
        var line = await ReturnFlows.LineOfAsync(World.World, order, sku);
        return await World.World.WithAsync(sp => sp.GetRequiredService<ReturnService>()
            .RequestAsync(World.World.BuyerA, order, [new NewReturnLine(line, quantity, ReturnReason.Damaged, null)], photos, null, CancellationToken.None));
    }

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DomainException ex)
        {
            _refusal = ex;
        }
    }
}
