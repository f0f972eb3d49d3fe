using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using Stateless;
using Stateless.Graph;

namespace B2BPortal.Domain.Ordering;

public enum OrderState
{
    Draft,
    PendingApproval,
    Rejected,
    Placed,
    CreditHold,
    Cancelled,
    SubmittedToErp,
    Confirmed,
    PartiallyShipped,
    Shipped,
    Delivered,

    /// <summary>
    /// Retired: invoicing used to be a step after delivery. Invoicing now runs beside fulfilment (<see cref="InvoicingWorkflow"/>)
    /// and a delivered order closes once invoiced in full; orders left here (and their history) are read as before, and
    /// <see cref="OrderInvoicingCatchUp"/> closes those the ERP has invoiced in full.
    /// </summary>
    Invoiced,
    Closed,
}

public enum OrderTrigger
{
    Place,
    SubmitForApproval,
    Approve,
    Reject,
    HoldForCredit,
    ReleaseCredit,
    SubmitToErp,
    Confirm,
    ShipPartially,
    Ship,
    Deliver,

    /// <summary>Not a transition of this machine: it names the history entries of the invoicing track, which leave the order's state as it is.</summary>
    Invoice,
    Close,
    Cancel,

    /// <summary>
    /// Someone who knows says the goods arrived: the buyer's side or staff (with a proof-of-delivery note). For shipments
    /// no courier reports on (no tracking number, a carrier without an adapter), this is how the order reaches Delivered.
    /// </summary>
    ConfirmDelivery,
}

/// <summary>
/// The order's life as one Stateless machine. The machine decides which transitions exist; <see cref="MayFire"/>
/// adds who may pull which trigger. Pages and the API both ask <see cref="Order.ActionsFor"/>, so a button that is
/// not offered cannot be forged either: the intent method runs the same check and throws.
/// </summary>
public static class OrderWorkflow
{
    /// <summary>States from which the buyer's own company may still cancel: nothing has reached the ERP yet.</summary>
    public static readonly IReadOnlySet<OrderState> BuyerCancellable = new HashSet<OrderState>
    {
        OrderState.Draft, OrderState.PendingApproval, OrderState.Placed, OrderState.CreditHold,
    };

    /// <summary>States counted as spending against monthly budgets: placed and not cancelled or rejected.</summary>
    public static readonly IReadOnlyList<OrderState> Committed =
    [
        OrderState.Placed, OrderState.CreditHold, OrderState.SubmittedToErp, OrderState.Confirmed, OrderState.PartiallyShipped,
        OrderState.Shipped, OrderState.Delivered, OrderState.Invoiced, OrderState.Closed,
    ];

    /// <summary>Triggers only the system pulls (placing flow, ERP and courier sync); never a button.</summary>
    public static readonly IReadOnlySet<OrderTrigger> Automatic = new HashSet<OrderTrigger>
    {
        OrderTrigger.Place, OrderTrigger.SubmitForApproval, OrderTrigger.SubmitToErp, OrderTrigger.Confirm,
        OrderTrigger.ShipPartially, OrderTrigger.Ship, OrderTrigger.Deliver, OrderTrigger.Invoice,
    };

    /// <param name="invoicing">The order's invoicing track: it guards closing, and cancelling once the ERP has billed the order.</param>
    internal static StateMachine<OrderState, OrderTrigger> Build(Func<OrderState> read, Action<OrderState> write, Func<InvoicingState> invoicing)
    {
        var m = new StateMachine<OrderState, OrderTrigger>(read, write);
        bool NotInvoiced() => invoicing() == InvoicingState.NotInvoiced;
        bool InvoicedInFull() => invoicing() == InvoicingState.Invoiced;
        m.Configure(OrderState.Draft)
            .Permit(OrderTrigger.Place, OrderState.Placed)
            .Permit(OrderTrigger.SubmitForApproval, OrderState.PendingApproval)
            .Permit(OrderTrigger.Cancel, OrderState.Cancelled);
        m.Configure(OrderState.PendingApproval)
            .Permit(OrderTrigger.Approve, OrderState.Placed)
            .Permit(OrderTrigger.Reject, OrderState.Rejected)
            .Permit(OrderTrigger.Cancel, OrderState.Cancelled);
        m.Configure(OrderState.Placed)
            .Permit(OrderTrigger.HoldForCredit, OrderState.CreditHold)
            .Permit(OrderTrigger.SubmitToErp, OrderState.SubmittedToErp)
            .PermitIf(OrderTrigger.Cancel, OrderState.Cancelled, NotInvoiced, NotInvoicedGuard);
        m.Configure(OrderState.CreditHold)
            .Permit(OrderTrigger.ReleaseCredit, OrderState.Placed)
            .Permit(OrderTrigger.Cancel, OrderState.Cancelled);
        m.Configure(OrderState.SubmittedToErp)
            .Permit(OrderTrigger.Confirm, OrderState.Confirmed)
            .PermitIf(OrderTrigger.Cancel, OrderState.Cancelled, NotInvoiced, NotInvoicedGuard);
        m.Configure(OrderState.Confirmed)
            .Permit(OrderTrigger.ShipPartially, OrderState.PartiallyShipped)
            .Permit(OrderTrigger.Ship, OrderState.Shipped)
            .PermitIf(OrderTrigger.Cancel, OrderState.Cancelled, NotInvoiced, NotInvoicedGuard);
        m.Configure(OrderState.PartiallyShipped)
            .PermitReentry(OrderTrigger.ShipPartially)
            .Permit(OrderTrigger.Ship, OrderState.Shipped);
        m.Configure(OrderState.Shipped)
            .Permit(OrderTrigger.Deliver, OrderState.Delivered)
            .Permit(OrderTrigger.ConfirmDelivery, OrderState.Delivered);
        m.Configure(OrderState.Delivered)
            .PermitIf(OrderTrigger.Close, OrderState.Closed, InvoicedInFull, "invoiced in full");
        m.Configure(OrderState.Invoiced)
            .Permit(OrderTrigger.Close, OrderState.Closed);
        return m;
    }

    private const string NotInvoicedGuard = "not invoiced";

    /// <summary>Whether this actor's role allows the trigger on an order of <paramref name="companyId"/> placed by <paramref name="placedBy"/>.</summary>
    public static bool MayFire(OrderTrigger trigger, OrderState state, Actor actor, int companyId, string placedBy)
    {
        var ownCompany = actor.CompanyId == companyId;
        if (!actor.IsStaff && !ownCompany)
        {
            return false;
        }

        return trigger switch
        {
            OrderTrigger.Cancel when actor.IsStaff => actor.IsInRole(Roles.SalesRep) || actor.IsInRole(Roles.Accountant) || actor.IsInRole(Roles.Administrator),
            OrderTrigger.Cancel => ownCompany && BuyerCancellable.Contains(state)
                && (actor.UserId == placedBy || actor.IsInRole(Roles.BuyerAdmin)),
            OrderTrigger.Approve or OrderTrigger.Reject => ownCompany && actor.IsInRole(Roles.BuyerAdmin) && actor.UserId != placedBy,
            OrderTrigger.ConfirmDelivery when actor.IsStaff => actor.IsInRole(Roles.SalesRep) || actor.IsInRole(Roles.Administrator),
            OrderTrigger.ConfirmDelivery => ownCompany && (actor.UserId == placedBy || actor.IsInRole(Roles.BuyerAdmin)),
            OrderTrigger.HoldForCredit or OrderTrigger.ReleaseCredit or OrderTrigger.Close =>
                actor.IsInRole(Roles.Accountant) || actor.IsInRole(Roles.Administrator),
            _ => false,
        };
    }

    /// <summary>A blank machine for documentation: the same configuration every order runs.</summary>
    public static StateMachine<OrderState, OrderTrigger> Describe()
    {
        var state = OrderState.Draft;
        return Build(() => state, s => state = s, () => InvoicingState.NotInvoiced);
    }

    public static string DotGraph() => UmlDotGraph.Format(Describe().GetInfo());

    public static string MermaidGraph() => Stateless.Graph.MermaidGraph.Format(Describe().GetInfo());

    public static string Label(OrderTrigger trigger) => trigger switch
    {
        OrderTrigger.Place => "place",
        OrderTrigger.SubmitForApproval => "submit for approval",
        OrderTrigger.Approve => "approve",
        OrderTrigger.Reject => "reject",
        OrderTrigger.HoldForCredit => "put on credit hold",
        OrderTrigger.ReleaseCredit => "release from credit hold",
        OrderTrigger.SubmitToErp => "submit to the ERP",
        OrderTrigger.Confirm => "confirm",
        OrderTrigger.ShipPartially => "ship partially",
        OrderTrigger.Ship => "ship",
        OrderTrigger.Deliver => "deliver",
        OrderTrigger.Invoice => "invoice",
        OrderTrigger.Close => "close",
        OrderTrigger.Cancel => "cancel",
        OrderTrigger.ConfirmDelivery => "confirm delivery",
        _ => trigger.ToString(),
    };

    public static string Label(OrderState state) => state switch
    {
        OrderState.PendingApproval => "Pending approval",
        OrderState.CreditHold => "Credit hold",
        OrderState.SubmittedToErp => "Sent to order desk",
        OrderState.PartiallyShipped => "Partially shipped",
        _ => state.ToString(),
    };

    /// <summary>
    /// Both tracks in plain words, e.g. "Invoiced, not yet shipped" or "Partly invoiced, delivered"; the order page, the
    /// order lists and the API's summary say it the same way.
    /// </summary>
    public static string Progress(OrderState state, InvoicingState invoicing)
    {
        var fulfilment = state switch
        {
            OrderState.Placed or OrderState.SubmittedToErp or OrderState.Confirmed => "not yet shipped",
            OrderState.PartiallyShipped => "partly shipped",
            OrderState.Shipped => "shipped, not yet delivered",
            OrderState.Delivered or OrderState.Invoiced => "delivered",
            _ => null,
        };
        if (state == OrderState.Closed)
        {
            return "Closed: delivered and invoiced";
        }

        if (fulfilment is null)
        {
            return Label(state);
        }

        return invoicing == InvoicingState.NotInvoiced
            ? $"{Label(state)}, not yet invoiced"
            : $"{InvoicingWorkflow.Label(invoicing)}, {fulfilment}";
    }

    internal static DomainException Illegal(string number, OrderState state, OrderTrigger trigger) =>
        new($"Order {number} is {Label(state).ToLowerInvariant()}: \"{Label(trigger)}\" is not possible in that state.");
}
