using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Shipping;
using B2BPortal.Tests.Fixtures;

namespace B2BPortal.Tests.Ordering;

/// <summary>The order machine itself: allowed and forbidden transitions, who may pull which trigger, and its diagram in docs/.</summary>
public sealed class OrderWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor Buyer = new("u-buyer", "Alice Buyer", 1, new HashSet<string> { Roles.Buyer });
    private static readonly Actor Admin = new("u-admin", "Arthur Admin", 1, new HashSet<string> { Roles.BuyerAdmin });
    private static readonly Actor OtherCompanyAdmin = new("u-other", "Bruno Admin", 2, new HashSet<string> { Roles.BuyerAdmin });
    private static readonly Actor Accountant = new("s-acc", "Anna Accountant", null, new HashSet<string> { Roles.Accountant });
    private static readonly Actor Rep = new("s-rep", "Sam Salesrep", null, new HashSet<string> { Roles.SalesRep });
    private static readonly Actor Erp = Actor.System("ERP sync");

    [Fact]
    public void The_happy_path_runs_from_placed_to_closed_and_records_who_when_why_for_every_step()
    {
        var order = NewOrder();
        List<Shipment> shipments = [];
        order.Place(Buyer, Now);
        Assert.True(order.AcceptedByErp("erp-id-1", "SO-1001", Now.AddMinutes(5), Erp, []));
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD0001", ShipmentState.InTransit, Now.AddHours(2), Complete: false, "https://www.dhl.de/track?id=JD0001"), Erp, Now);
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD0002", ShipmentState.InTransit, Now.AddHours(3), Complete: true, null), Erp, Now);
        order.FollowInvoices([InvoicingTrackTests.Bill("INV-1", 6m)], Erp, Now.AddHours(4));
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD0001", ShipmentState.Delivered, Now.AddDays(1), Complete: false, null), Erp, Now);
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD0002", ShipmentState.Delivered, Now.AddDays(1), Complete: true, null), Erp, Now);

        Assert.Equal(
            [OrderState.Placed, OrderState.SubmittedToErp, OrderState.Confirmed, OrderState.PartiallyShipped, OrderState.Shipped, OrderState.Shipped, OrderState.Delivered, OrderState.Closed],
            order.History.Select(h => h.To));
        Assert.Equal("SO-1001", order.ErpOrderNumber);
        Assert.All(order.History, h => Assert.False(string.IsNullOrEmpty(h.ActorName)));
        Assert.Equal("Invoiced: EUR 6.00 of EUR 6.00 (invoice INV-1)", order.History.Single(h => h.Trigger == OrderTrigger.Invoice).Reason);
        Assert.Equal(("Delivered and invoiced in full", "ERP sync"), (order.History[^1].Reason, order.History[^1].ActorName));
        Assert.Equal(2, shipments.Count);
    }

    [Fact]
    public void Repeated_and_out_of_order_sync_news_change_nothing()
    {
        var order = NewOrder();
        List<Shipment> shipments = [];
        order.Place(Buyer, Now);
        order.AcceptedByErp("erp-id-1", "SO-1001", Now, Erp, []);
        var steps = order.History.Count;

        Assert.False(order.AcceptedByErp("erp-id-1", "SO-1001", Now, Erp, []));
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD1", ShipmentState.InTransit, Now.AddHours(2), true, null), Erp, Now);
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD1", ShipmentState.PreTransit, Now.AddHours(1), true, null), Erp, Now);
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD1", ShipmentState.InTransit, Now.AddHours(2), true, null), Erp, Now);
        Assert.True(order.FollowInvoices([InvoicingTrackTests.Bill("INV-9", 6m)], Erp, Now));
        Assert.False(order.FollowInvoices([InvoicingTrackTests.Bill("INV-9", 6m)], Erp, Now));

        Assert.Equal(steps + 2, order.History.Count);
        Assert.Equal(ShipmentState.InTransit, shipments.Single().State);
        Assert.Equal((OrderState.Shipped, InvoicingState.Invoiced), (order.State, order.Invoicing));
    }

    [Fact]
    public void A_shipment_only_moves_forward_whatever_the_times_its_news_carry()
    {
        var shipment = Shipment.FromErp("102001", "ORD-2026-000001", "DHL", "JD1", [], true, Now.AddDays(2), Now.AddDays(2));
        CourierEvent Scan(ShipmentState state, int hours) => new(Now.AddHours(hours), state, state.ToString(), null, null);

        Assert.True(shipment.Track([Scan(ShipmentState.Delivered, 20)], ShipmentState.Delivered, null, Now.AddDays(2), TimeSpan.FromHours(2)).StateChanged);

        // A later-stamped "in transit" (a scan replayed by the courier) does not undo the delivery; a failed attempt before a new one does move on.
        Assert.False(shipment.Track([Scan(ShipmentState.InTransit, 30)], ShipmentState.InTransit, null, Now.AddDays(3), TimeSpan.FromHours(2)).StateChanged);
        Assert.Equal(ShipmentState.Delivered, shipment.State);
        Assert.Equal(Now.AddHours(30), shipment.LastEventAt);

        var retried = Shipment.FromErp("102002", "ORD-2026-000001", "DHL", "JD2", [], true, Now, Now);
        retried.Track([Scan(ShipmentState.Failed, 5)], null, null, Now, TimeSpan.FromHours(2));
        retried.Track([Scan(ShipmentState.InTransit, 6)], null, null, Now, TimeSpan.FromHours(2));
        Assert.Equal(ShipmentState.InTransit, retried.State);
        Assert.False(retried.ApplyNotice(new ShipmentNotice("DHL", "JD2", ShipmentState.PreTransit, Now.AddHours(9), true, null, "102002")));
        Assert.Equal(ShipmentState.InTransit, retried.State);
    }

    [Fact]
    public void A_buyer_may_cancel_until_the_ERP_has_the_order_and_staff_later_only_with_a_reason()
    {
        var early = NewOrder();
        early.Place(Buyer, Now);
        Assert.Contains(OrderTrigger.Cancel, early.ActionsFor(Buyer));
        early.Cancel(Buyer, Now, null);
        Assert.Equal(OrderState.Cancelled, early.State);

        var late = NewOrder();
        late.Place(Buyer, Now);
        late.AcceptedByErp("e", "SO-2", Now, Erp, []);
        Assert.DoesNotContain(OrderTrigger.Cancel, late.ActionsFor(Buyer));
        Assert.Throws<DomainException>(() => late.Cancel(Buyer, Now, "changed my mind"));
        Assert.Contains(OrderTrigger.Cancel, late.ActionsFor(Rep));
        var noReason = Assert.Throws<DomainException>(() => late.Cancel(Rep, Now, " "));
        Assert.Equal("Give a reason.", noReason.Message);
        late.Cancel(Rep, Now, "Customer called: duplicate of SO-1");
        Assert.Equal(OrderState.Cancelled, late.State);
        Assert.Empty(late.ActionsFor(Rep));
    }

    [Fact]
    public void Approval_belongs_to_another_BuyerAdmin_of_the_same_company()
    {
        var order = NewOrder(placedBy: Admin);
        order.SubmitForApproval(Admin, Now, "Approval needed: over the limit.");

        Assert.DoesNotContain(OrderTrigger.Approve, order.ActionsFor(Admin));
        Assert.Throws<DomainException>(() => order.Approve(Admin, Now, null));
        Assert.Throws<DomainException>(() => order.Approve(OtherCompanyAdmin, Now, null));
        Assert.Throws<DomainException>(() => order.Approve(Accountant, Now, null));
        Assert.Empty(order.ActionsFor(OtherCompanyAdmin));

        var second = NewOrder();
        second.SubmitForApproval(Buyer, Now, "over budget");
        Assert.Equal([OrderTrigger.Approve, OrderTrigger.Reject, OrderTrigger.Cancel], second.ActionsFor(Admin));
        Assert.Throws<DomainException>(() => second.Reject(Admin, Now, ""));
        second.Reject(Admin, Now, "Use the framework contract instead");
        Assert.Equal(OrderState.Rejected, second.State);
        Assert.Throws<DomainException>(() => second.Approve(Admin, Now, null));
    }

    [Theory]
    [InlineData(OrderState.Placed, OrderTrigger.ReleaseCredit)]
    [InlineData(OrderState.Placed, OrderTrigger.Close)]
    [InlineData(OrderState.Placed, OrderTrigger.Approve)]
    [InlineData(OrderState.CreditHold, OrderTrigger.Approve)]
    [InlineData(OrderState.Rejected, OrderTrigger.Cancel)]
    [InlineData(OrderState.Cancelled, OrderTrigger.ReleaseCredit)]
    public void Transitions_the_machine_does_not_have_are_refused_with_the_state_named(OrderState state, OrderTrigger trigger)
    {
        var order = InState(state);

        var ex = Assert.Throws<DomainException>(() => Fire(order, trigger));

        Assert.Contains(OrderWorkflow.Label(state).ToLowerInvariant(), ex.Message, StringComparison.Ordinal);
        Assert.Equal(state, order.State);
    }

    [Fact]
    public void Credit_hold_and_release_are_for_accountants()
    {
        var order = NewOrder();
        order.Place(Buyer, Now);
        Assert.Throws<DomainException>(() => order.HoldForCredit(Buyer, Now, "x"));
        Assert.Throws<DomainException>(() => order.HoldForCredit(Rep, Now, "x"));
        order.HoldForCredit(Accountant, Now, "Overdue invoices");
        Assert.False(order.AcceptedByErp("e", "SO-9", Now, Erp, []));
        Assert.Equal(OrderState.CreditHold, order.State);
        Assert.Equal([OrderTrigger.ReleaseCredit, OrderTrigger.Cancel], order.ActionsFor(Accountant));
        order.ReleaseCredit(Accountant, Now, "Paid");
        Assert.Equal(OrderState.Placed, order.State);
    }

    [Fact]
    public void A_user_whose_id_reads_like_a_job_gets_no_rights_of_the_system()
    {
        var impostor = Actor.User("system:erp", "ERP sync", null, new HashSet<string>());
        var order = NewOrder();
        order.Place(Buyer, Now);

        Assert.False(impostor.IsSystem);
        var ex = Assert.Throws<DomainException>(() => order.HoldForCredit(impostor, Now, "credit check"));
        Assert.Equal("You may not put on credit hold order ORD-2026-000001.", ex.Message);
        Assert.Equal(OrderState.Placed, order.State);
        Assert.Empty(order.ActionsFor(impostor));

        // The credit check at placement is a job: it holds without a role, and its name is all the history shows.
        var job = Actor.System("credit check");
        Assert.True(job.IsSystem);
        Assert.False(job.IsStaff);
        order.HoldForCredit(job, Now, "Over the credit limit");
        Assert.Equal(("system:credit check", "credit check"), (order.History[^1].ActorId, order.History[^1].ActorName));

        // A job is no staff member either: it cannot pull the triggers people pull.
        Assert.Empty(order.ActionsFor(job));
        Assert.Throws<DomainException>(() => order.ReleaseCredit(job, Now, null));
    }

    [Fact]
    public void The_machine_diagram_in_docs_is_the_one_the_code_runs()
    {
        var mermaid = OrderWorkflow.MermaidGraph();
        var dot = OrderWorkflow.DotGraph();
        Assert.Contains("PendingApproval", mermaid, StringComparison.Ordinal);
        Assert.Contains("CreditHold", dot, StringComparison.Ordinal);

        GeneratedDocs.AssertCurrent($"{nameof(OrderWorkflowTests)}.{nameof(The_machine_diagram_in_docs_is_the_one_the_code_runs)}", new Dictionary<string, string>
        {
            ["docs/workflows/order.dot"] = dot,
            ["docs/workflows/order.md"] = $"""
            # Order workflow

            Generated from `Domain/Ordering/OrderWorkflow.cs` and checked by `OrderWorkflowTests.The_machine_diagram_in_docs_is_the_one_the_code_runs`;
            do not edit by hand: after changing the machine, run that test with `UPDATE_WORKFLOW_DOCS=1` and commit the result. The same diagram in Graphviz form: [order.dot](order.dot).

            Who may pull which trigger (`OrderWorkflow.MayFire`):
            - Place, SubmitForApproval: the placing buyer, through checkout or the API (never a button).
            - Approve, Reject: a BuyerAdmin of the order's company other than the buyer who placed it; rejecting needs a comment.
            - Cancel: the placing buyer or a BuyerAdmin of the company while the ERP does not have the order (Draft, PendingApproval,
              Placed, CreditHold); staff (SalesRep, Accountant, Administrator) in any state that allows it, with a reason.
              Once the export is queued, a cancellation also takes the order out of the ERP (docs/integration.md).
            - HoldForCredit, ReleaseCredit: Accountant or Administrator (HoldForCredit also by the credit check at placement).
            - ConfirmDelivery (once Shipped): the placing buyer or a BuyerAdmin of the company, or a SalesRep or Administrator with a note;
              how an order with a shipment no courier reports on (no tracking number) reaches Delivered.
            - SubmitToErp, Confirm, ShipPartially, Ship, Deliver: only the ERP and courier sync, through `IOrderStatusUpdates`.
            - Close: the ERP sync, as soon as the order is Delivered and invoiced in full, whichever of the two came last. Invoicing
              runs beside fulfilment as its own track ([invoicing.md](invoicing.md)); it guards Close, and Cancel once the ERP has
              billed the order (the ERP must cancel or credit the invoice first). Its changes are history entries named Invoice
              that leave the state as it is. Invoiced is retired (orders invoiced after delivery under the former single track):
              an Accountant or Administrator may close one, and the invoicing catch-up closes those invoiced in full.

            ```mermaid
            {mermaid.ReplaceLineEndings("\n").Trim()}
            ```

            """,
        });
    }

    internal static Order NewOrder(Actor? placedBy = null) => Order.Create("ORD-2026-000001", 1, placedBy ?? Buyer,
        [new NewOrderLine(1, "BOLT-M8", "BOLT-M8", "Bolt", "PCS", 12, Money.Of(0.5m, "EUR"), "List price")],
        new OrderAddress("Acme", "Hafenstr. 1", null, "20457", "Hamburg", "DE"), 1, null, null, null, "k", Now);

    private static Order InState(OrderState state)
    {
        var o = NewOrder();
        switch (state)
        {
            case OrderState.Placed:
                o.Place(Buyer, Now);
                break;
            case OrderState.CreditHold:
                o.Place(Buyer, Now);
                o.HoldForCredit(Accountant, Now, "x");
                break;
            case OrderState.Rejected:
                o.SubmitForApproval(Buyer, Now, "x");
                o.Reject(Admin, Now, "no");
                break;
            case OrderState.Cancelled:
                o.Place(Buyer, Now);
                o.Cancel(Buyer, Now, null);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }

        return o;
    }

    private static void Fire(Order o, OrderTrigger trigger)
    {
        switch (trigger)
        {
            case OrderTrigger.ReleaseCredit: o.ReleaseCredit(Accountant, Now, null); break;
            case OrderTrigger.Close: o.Close(Accountant, Now, null); break;
            case OrderTrigger.Approve: o.Approve(Admin, Now, null); break;
            case OrderTrigger.Cancel: o.Cancel(Rep, Now, "r"); break;
            default: throw new ArgumentOutOfRangeException(nameof(trigger));
        }
    }
}
