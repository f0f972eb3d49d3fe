using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TechTalk.SpecFlow;

namespace B2BPortal.Specs.Steps.Ordering;

/// <summary>
/// The ERP's invoices and shipments for the order <see cref="OrderingSteps"/> placed, told to the order the way InvoiceSync,
/// ShipmentSync and the courier tracking tell it (IOrderStatusUpdates). Each news comes an hour after the one before.
/// </summary>
[Binding]
public sealed class InvoicingSteps(OrderingSteps ordering)
{
    [When(@"the ERP posts invoice ""(.*)"" for the whole order")]
    public Task WhenInvoicedInFull(string invoice) => InvoiceAsync(invoice, null, InvoiceStatus.Open);

    [When(@"the ERP posts invoice ""(.*)"" for EUR ([\d.]+) of it")]
    public Task WhenInvoicedInPart(string invoice, decimal net) => InvoiceAsync(invoice, net, InvoiceStatus.Open);

    [When(@"the ERP cancels invoice ""(.*)""")]
    public Task WhenCancelled(string invoice) => InvoiceAsync(invoice, null, InvoiceStatus.Canceled);

    [When(@"the ERP ships the whole order with DHL parcel ""(.*)""")]
    public Task WhenShipped(string parcel) => ShipmentAsync(parcel, ShipmentState.InTransit);

    [When(@"DHL delivers parcel ""(.*)""")]
    public Task WhenDelivered(string parcel) => ShipmentAsync(parcel, ShipmentState.Delivered);

    [Then(@"its invoicing is ""(.*)""")]
    public async Task ThenInvoicing(InvoicingState invoicing) => Assert.Equal(invoicing, (await TracksAsync()).Invoicing);

    [Then(@"the order page says ""(.*)""")]
    public async Task ThenPageSays(string words)
    {
        var (state, invoicing) = await TracksAsync();
        Assert.Equal(words, OrderWorkflow.Progress(state, invoicing));
    }

    private async Task InvoiceAsync(string invoice, decimal? net, InvoiceStatus status)
    {
        ordering.World.Clock.Advance(TimeSpan.FromHours(1));
        await ordering.World.InvoiceAsync(ordering.OrderNumber, invoice, net, status);
    }

    private async Task ShipmentAsync(string parcel, ShipmentState state)
    {
        var world = ordering.World;
        world.Clock.Advance(TimeSpan.FromHours(1));
        await world.WithAsync(sp => sp.GetRequiredService<IOrderStatusUpdates>().ShipmentChangedAsync(ordering.OrderNumber,
            new ShipmentNotice("DHL", parcel, state, world.Clock.GetUtcNow(), true, null), CancellationToken.None));
    }

    private async Task<(OrderState State, InvoicingState Invoicing)> TracksAsync()
    {
        await using var db = ordering.World.Database.CreateContext();
        var order = await db.Orders().AsNoTracking().SingleAsync(o => o.Number == ordering.OrderNumber);
        return (order.State, order.Invoicing);
    }
}
