using Stateless;
using Stateless.Graph;

namespace B2BPortal.Domain.Ordering;

/// <summary>How much of an order the ERP has billed, tracked beside its fulfilment (<see cref="OrderState"/>).</summary>
public enum InvoicingState
{
    NotInvoiced,
    PartlyInvoiced,
    Invoiced,
}

public enum InvoicingTrigger
{
    /// <summary>The invoices that count bill part of the order: a first partial invoice, another one, or what is left after one was cancelled.</summary>
    InvoiceInPart,

    /// <summary>The invoices that count bill the whole order.</summary>
    InvoiceInFull,

    /// <summary>Every invoice that billed the order was cancelled or corrected in the ERP.</summary>
    WithdrawInvoices,
}

/// <summary>
/// The order's second track. Distributors post "ship and invoice" together or invoice before the shipment is synced, so
/// invoicing is not a step after delivery: it runs beside fulfilment, and the order machine closes the order once both
/// are complete (<see cref="OrderWorkflow"/>: Delivered → Closed is guarded by "invoiced in full"). Only the ERP sync
/// moves it, by the invoices that name the order (<see cref="Order.FollowInvoices"/>), so nobody fires it by hand.
/// </summary>
public static class InvoicingWorkflow
{
    internal static StateMachine<InvoicingState, InvoicingTrigger> Build(Func<InvoicingState> read, Action<InvoicingState> write)
    {
        var m = new StateMachine<InvoicingState, InvoicingTrigger>(read, write);
        m.Configure(InvoicingState.NotInvoiced)
            .Permit(InvoicingTrigger.InvoiceInPart, InvoicingState.PartlyInvoiced)
            .Permit(InvoicingTrigger.InvoiceInFull, InvoicingState.Invoiced);
        m.Configure(InvoicingState.PartlyInvoiced)
            .PermitReentry(InvoicingTrigger.InvoiceInPart)
            .Permit(InvoicingTrigger.InvoiceInFull, InvoicingState.Invoiced)
            .Permit(InvoicingTrigger.WithdrawInvoices, InvoicingState.NotInvoiced);
        m.Configure(InvoicingState.Invoiced)
            .Permit(InvoicingTrigger.InvoiceInPart, InvoicingState.PartlyInvoiced)
            .Permit(InvoicingTrigger.WithdrawInvoices, InvoicingState.NotInvoiced);
        return m;
    }

    public static InvoicingTrigger TriggerFor(InvoicingState target) => target switch
    {
        InvoicingState.PartlyInvoiced => InvoicingTrigger.InvoiceInPart,
        InvoicingState.Invoiced => InvoicingTrigger.InvoiceInFull,
        _ => InvoicingTrigger.WithdrawInvoices,
    };

    public static StateMachine<InvoicingState, InvoicingTrigger> Describe()
    {
        var state = InvoicingState.NotInvoiced;
        return Build(() => state, s => state = s);
    }

    public static string DotGraph() => UmlDotGraph.Format(Describe().GetInfo());

    public static string MermaidGraph() => Stateless.Graph.MermaidGraph.Format(Describe().GetInfo());

    public static string Label(InvoicingState state) => state switch
    {
        InvoicingState.NotInvoiced => "Not invoiced",
        InvoicingState.PartlyInvoiced => "Partly invoiced",
        _ => "Invoiced",
    };

    public static string Label(InvoicingTrigger trigger) => trigger switch
    {
        InvoicingTrigger.InvoiceInPart => "invoiced in part",
        InvoicingTrigger.InvoiceInFull => "invoiced in full",
        _ => "invoices withdrawn",
    };
}
