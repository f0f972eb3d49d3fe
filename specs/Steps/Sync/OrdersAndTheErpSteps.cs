using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Ordering;
using B2BPortal.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TechTalk.SpecFlow;

namespace B2BPortal.Specs.Steps.Sync;

/// <summary>
/// Steps over the real ordering use cases and the real ERP export, shipment sync and courier tracking, with Business
/// Central and DHL played by WireMock (<see cref="ErpWorld"/>), on a fresh SQLite database per scenario.
/// </summary>
[Binding]
public sealed class OrdersAndTheErpSteps : IAsyncDisposable
{
    private ErpWorld? _world;
    private string? _order;
    private readonly List<string> _shipments = [];

    private ErpWorld World => _world ?? throw new InvalidOperationException("No world: start with a Given.");

    private string Order => _order ?? throw new InvalidOperationException("No order yet.");

    [Given(@"Acme's buyer has ordered (\d+) of ""([^""]*)""(?: and (\d+) of ""([^""]*)"")?")]
    public async Task GivenOrdered(decimal quantity, string sku, string? secondQuantity, string? secondSku)
    {
        _world ??= await ErpWorld.CreateAsync(DatabaseProvider.Sqlite);
        var lines = new List<(string, decimal)> { (sku, quantity) };
        if (!string.IsNullOrEmpty(secondSku))
        {
            lines.Add((secondSku, decimal.Parse(secondQuantity!, System.Globalization.CultureInfo.InvariantCulture)));
        }

        _order = await World.PlaceAsync([.. lines]);
    }

    [Given(@"the ERP will create it as sales order ""([^""]*)""")]
    public void GivenErpCreates(string erpNumber) => World.GivenSalesOrderCreated(Order, erpNumber);

    [Given(@"the ERP will delete sales order ""([^""]*)"" when asked")]
    public void GivenErpDeletes(string erpNumber) => World.GivenSalesOrderDeletable(erpNumber);

    [Given("the order export has run")]
    [When("the order export runs")]
    public async Task WhenExportRuns() => Assert.Equal(SyncRunStatus.Succeeded, (await World.ExportAsync()).Status);

    [When("the buyer cancels the order")]
    public Task WhenBuyerCancels() => World.World.WithAsync(sp =>
        sp.GetRequiredService<OrderActions>().ExecuteAsync(World.World.BuyerA, Order, OrderTrigger.Cancel, null, CancellationToken.None));

    [When(@"the sales rep cancels the order because ""([^""]*)""")]
    public Task WhenRepCancels(string reason) => World.World.WithAsync(sp =>
        sp.GetRequiredService<OrderActions>().ExecuteAsync(OrderingWorld.SalesRep, Order, OrderTrigger.Cancel, reason, CancellationToken.None));

    [When(@"the ERP posts shipment ""([^""]*)"" of (\d+) of ""([^""]*)""(?: and (\d+) of ""([^""]*)"")? with DHL parcel ""([^""]*)""")]
    public async Task WhenErpShips(string number, decimal quantity, string sku, string? secondQuantity, string? secondSku, string parcel)
    {
        var lines = new List<(string, decimal)> { (sku, quantity) };
        if (!string.IsNullOrEmpty(secondSku))
        {
            lines.Add((secondSku, decimal.Parse(secondQuantity!, System.Globalization.CultureInfo.InvariantCulture)));
        }

        var erpNumber = await ErpNumberAsync();
        var modified = DateTimeOffset.UtcNow.AddMinutes(-10 + _shipments.Count).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        _shipments.Add(ErpWorld.Shipment(number, "C10000", Order, erpNumber, modified[..10], modified, "DHL", parcel, [.. lines]));
        World.GivenShipments(ErpWorld.ShipmentPage(_shipments));
        Assert.Equal(SyncRunStatus.Succeeded, (await World.ShipmentSyncAsync()).Status);
    }

    [When(@"DHL reports parcels ""([^""]*)"" and ""([^""]*)"" delivered")]
    public async Task WhenDhlDelivers(string first, string second)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        World.GivenDhlDelivered(first, at);
        World.GivenDhlDelivered(second, at);
        Assert.Equal(SyncRunStatus.Succeeded, (await World.TrackAsync()).Status);
    }

    [Then(@"the ERP has received (\d+) sales orders?")]
    public void ThenErpReceived(int count) => Assert.Equal(count, World.Requests("POST", "salesOrders"));

    [Then(@"the ERP's sales order ""([^""]*)"" has been deleted")]
    public void ThenDeleted(string erpNumber) =>
        Assert.Equal(1, World.Requests("DELETE", $"salesOrders({ErpWorld.StableId(erpNumber)})"));

    [Then(@"the portal shows the order as ""([^""]*)""(?: with ERP order ""([^""]*)"")?")]
    public async Task ThenOrderShows(OrderState state, string? erpNumber)
    {
        Assert.Equal(state, await World.StateAsync(Order));
        if (!string.IsNullOrEmpty(erpNumber))
        {
            Assert.Equal(erpNumber, await ErpNumberAsync());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    private async Task<string?> ErpNumberAsync()
    {
        await using var db = World.World.Database.CreateContext();
        return await db.Orders().Where(o => o.Number == Order).Select(o => o.ErpOrderNumber).SingleAsync();
    }
}
