using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Shipping;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Ordering;

/// <summary>
/// Invoicing beside fulfilment: invoices arriving before, with or after the shipments, in part, cancelled or corrected;
/// the order closes once delivered and invoiced in full, in either order; the one-off catch-up of stranded orders.
/// </summary>
public sealed class InvoicingTrackTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor Buyer = new("u-buyer", "Alice Buyer", 1, new HashSet<string> { Roles.Buyer });
    private static readonly Actor Rep = new("s-rep", "Sam Salesrep", null, new HashSet<string> { Roles.SalesRep });
    private static readonly Actor Erp = Actor.System("ERP sync");

    [Fact]
    public void An_invoice_for_a_confirmed_order_marks_it_invoiced_not_yet_shipped_and_the_delivery_closes_it()
    {
        var order = Confirmed();

        Assert.True(order.FollowInvoices([Bill("INV-1", 6m)], Erp, Now.AddHours(1)));

        Assert.Equal((OrderState.Confirmed, InvoicingState.Invoiced, 6m), (order.State, order.Invoicing, order.InvoicedAmount));
        Assert.Equal("Invoiced, not yet shipped", OrderWorkflow.Progress(order.State, order.Invoicing));
        Assert.DoesNotContain(OrderTrigger.Cancel, order.ActionsFor(Rep));
        var refused = Assert.Throws<DomainException>(() => order.Cancel(Rep, Now, "duplicate"));
        Assert.Equal("Order ORD-2026-000001 is invoiced: the ERP must cancel or credit its invoices before the order can be cancelled.", refused.Message);

        List<Shipment> shipments = [];
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD1", ShipmentState.InTransit, Now.AddHours(2), true, null), Erp, Now);
        Assert.Equal((OrderState.Shipped, "Invoiced, shipped, not yet delivered"), (order.State, OrderWorkflow.Progress(order.State, order.Invoicing)));
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD1", ShipmentState.Delivered, Now.AddDays(1), true, null), Erp, Now);

        Assert.Equal(OrderState.Closed, order.State);
        Assert.Equal([OrderState.Delivered, OrderState.Closed], order.History.TakeLast(2).Select(h => h.To));
        Assert.Equal("Closed: delivered and invoiced", OrderWorkflow.Progress(order.State, order.Invoicing));
    }

    [Fact]
    public void A_delivered_order_closes_when_its_invoice_arrives()
    {
        var order = Confirmed();
        List<Shipment> shipments = [];
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD1", ShipmentState.Delivered, Now.AddHours(2), true, null), Erp, Now);
        Assert.Equal((OrderState.Delivered, "Delivered, not yet invoiced"), (order.State, OrderWorkflow.Progress(order.State, order.Invoicing)));
        Assert.DoesNotContain(OrderTrigger.Close, order.ActionsFor(OrderingWorld.Accountant));

        order.FollowInvoices([Bill("INV-1", 6m)], Erp, Now.AddDays(3));

        Assert.Equal((OrderState.Closed, InvoicingState.Invoiced), (order.State, order.Invoicing));
        Assert.Equal((OrderTrigger.Invoice, OrderState.Delivered, OrderState.Delivered), (order.History[^2].Trigger, order.History[^2].From, order.History[^2].To));
    }

    [Fact]
    public void Partial_invoices_add_up_and_cancelled_or_corrective_ones_do_not_count()
    {
        var order = Confirmed();
        List<Shipment> shipments = [];
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD1", ShipmentState.Delivered, Now.AddHours(2), true, null), Erp, Now);
        var first = Bill("INV-1", 2.50m);
        var replaced = Bill("INV-0", 6m, InvoiceStatus.Corrective);

        order.FollowInvoices([first, replaced], Erp, Now.AddDays(1));
        Assert.Equal((OrderState.Delivered, InvoicingState.PartlyInvoiced, 2.50m), (order.State, order.Invoicing, order.InvoicedAmount));
        Assert.Equal("Partly invoiced, delivered", OrderWorkflow.Progress(order.State, order.Invoicing));
        Assert.Equal("Partly invoiced: EUR 2.50 of EUR 6.00 (invoice INV-1)", order.History[^1].Reason);

        // The ERP cancels the first invoice: nothing bills the order any more.
        first.ApplyErp(1, order.Number, first.InvoiceDate, first.DueDate, first.TotalExcludingTax, first.Total, Money.Zero("EUR"), InvoiceStatus.Canceled, Now.AddDays(2));
        order.FollowInvoices([first, replaced], Erp, Now.AddDays(2));
        Assert.Equal((InvoicingState.NotInvoiced, 0m), (order.Invoicing, order.InvoicedAmount));

        // Two partial invoices, the second a cent short after the ERP's rounding line by line, bill it in full.
        order.FollowInvoices([first, replaced, Bill("INV-2", 3m)], Erp, Now.AddDays(3));
        Assert.Equal(InvoicingState.PartlyInvoiced, order.Invoicing);
        order.FollowInvoices([first, replaced, Bill("INV-2", 3m), Bill("INV-3", 2.99m, InvoiceStatus.Paid)], Erp, Now.AddDays(4));
        Assert.Equal((OrderState.Closed, InvoicingState.Invoiced, 5.99m), (order.State, order.Invoicing, order.InvoicedAmount));
    }

    [Fact]
    public void The_invoicing_diagram_in_docs_is_the_one_the_code_runs()
    {
        var mermaid = InvoicingWorkflow.MermaidGraph();
        Assert.Contains("PartlyInvoiced", mermaid, StringComparison.Ordinal);
        Assert.Contains("invoiced in full", OrderWorkflow.DotGraph(), StringComparison.Ordinal);

        GeneratedDocs.AssertCurrent($"{nameof(InvoicingTrackTests)}.{nameof(The_invoicing_diagram_in_docs_is_the_one_the_code_runs)}", new Dictionary<string, string>
        {
            ["docs/workflows/invoicing.dot"] = InvoicingWorkflow.DotGraph(),
            ["docs/workflows/invoicing.md"] = $"""
            # Invoicing workflow (the order's second track)

            Generated from `Domain/Ordering/InvoicingWorkflow.cs` and checked by `InvoicingTrackTests.The_invoicing_diagram_in_docs_is_the_one_the_code_runs`;
            do not edit by hand: after changing the machine, run that test with `UPDATE_WORKFLOW_DOCS=1` and commit the result. Graphviz form: [invoicing.dot](invoicing.dot).

            An order's invoicing runs beside its fulfilment ([order.md](order.md)): invoices may come before the shipment, with it or
            after delivery. Only the ERP sync moves it (`Order.FollowInvoices`, through `IOrderStatusUpdates.InvoicesChangedAsync`):
            the invoices naming the order that count (status Open or Paid; Canceled and Corrective do not) are summed excluding tax
            and compared with the order's total (a cent short still bills it in full). Nobody fires it by hand. Each change is an
            order history entry ("invoice") and an audit entry; the order's state stays as it is, except that a Delivered order
            invoiced in full closes (the order machine's guarded Delivered → Closed), whichever of the two came last.

            ```mermaid
            {mermaid.ReplaceLineEndings("\n").Trim()}
            ```

            """,
        });
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Stranded_orders_are_brought_in_line_with_their_invoices_once(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        var delivered = await ConfirmedAsync(world);
        var confirmed = await ConfirmedAsync(world);
        var legacy = await ConfirmedAsync(world);
        var untouched = await ConfirmedAsync(world);
        await world.WithAsync(async sp =>
        {
            var updates = sp.GetRequiredService<IOrderStatusUpdates>();
            foreach (var number in new[] { delivered, legacy })
            {
                await updates.ShipmentChangedAsync(number, new ShipmentNotice("DHL", "JD-" + number, ShipmentState.Delivered, world.Clock.GetUtcNow(), true, null), CancellationToken.None);
            }
        });

        // As the portal left them before invoicing ran beside fulfilment: the invoices stored, the orders never told;
        // one order moved on to the retired Invoiced state as the old machine did.
        await using (var db = world.Database.CreateContext())
        {
            foreach (var number in new[] { delivered, confirmed, legacy })
            {
                var order = await db.Orders().AsNoTracking().SingleAsync(o => o.Number == number);
                var invoice = new Invoice("erp-" + number, "INV-" + number[^4..], order.CompanyId);
                invoice.ApplyErp(order.CompanyId, number, world.Clock.Today(), world.Clock.Today().AddDays(30), order.Total, order.Total, order.Total, InvoiceStatus.Open, world.Clock.GetUtcNow());
                db.Invoices.Add(invoice);
            }

            await db.SaveChangesAsync();
            await db.Orders().Where(o => o.Number == legacy).ExecuteUpdateAsync(u => u.SetProperty(o => o.State, OrderState.Invoiced));
        }

        var changed = await world.WithAsync(sp => sp.GetRequiredService<OrderInvoicingCatchUp>().RunAsync(CancellationToken.None));
        var again = await world.WithAsync(sp => sp.GetRequiredService<OrderInvoicingCatchUp>().RunAsync(CancellationToken.None));

        Assert.Equal((3, 0), (changed, again));
        await using var check = world.Database.CreateContext();
        var tracks = await check.Orders().AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.Number, o.State, o.Invoicing }).ToListAsync();
        Assert.Equal(
            [(delivered, OrderState.Closed, InvoicingState.Invoiced), (confirmed, OrderState.Confirmed, InvoicingState.Invoiced),
                (legacy, OrderState.Closed, InvoicingState.Invoiced), (untouched, OrderState.Confirmed, InvoicingState.NotInvoiced)],
            tracks.Select(t => (t.Number, t.State, t.Invoicing)));
        Assert.Equal(2, await check.AuditEntries.CountAsync(a => a.Action == "Order.Close" && a.ActorName == "ERP sync"));
    }

    internal static Invoice Bill(string number, decimal net, InvoiceStatus status = InvoiceStatus.Open)
    {
        var invoice = new Invoice("erp-" + number, number, 1);
        var amount = Money.Of(net, "EUR");
        invoice.ApplyErp(1, "ORD-2026-000001", new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 25), amount, amount * 1.19m, amount * 1.19m, status, Now);
        return invoice;
    }

    private static Order Confirmed()
    {
        var order = OrderWorkflowTests.NewOrder();
        order.Place(Buyer, Now);
        order.AcceptedByErp("erp-id-1", "SO-1001", Now, Erp, []);
        return order;
    }

    private static async Task<string> ConfirmedAsync(OrderingWorld world)
    {
        await PlaceOrderTests.AddAsync(world, world.BuyerA, (OrderingWorld.Hammer, 1));
        var placed = await PlaceOrderTests.PlaceAsync(world, world.BuyerA, new PlaceOrderCommand(null, null, null, null, null, null, null));
        await world.WithAsync(sp => sp.GetRequiredService<IOrderStatusUpdates>()
            .SubmittedToErpAsync(placed.OrderNumber, "erp-" + placed.OrderNumber, "SO-" + placed.OrderNumber[^4..], world.Clock.GetUtcNow(), CancellationToken.None));
        return placed.OrderNumber;
    }
}
