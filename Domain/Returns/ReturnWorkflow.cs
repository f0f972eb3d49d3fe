using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using Stateless;
using Stateless.Graph;

namespace B2BPortal.Domain.Returns;

public enum ReturnState
{
    Requested,
    Approved,
    Rejected,
    Received,
    Credited,
    Cancelled,
}

public enum ReturnTrigger
{
    Approve,
    Reject,
    Cancel,
    Receive,
    Credit,
}

/// <summary>
/// A return's life as one Stateless machine, shaped like <c>QuoteWorkflow</c>: the machine says which transitions exist,
/// <see cref="MayFire"/> beside it says who may pull which trigger. Pages ask <see cref="ReturnRequest.ActionsFor"/>, and
/// the intent methods run the same check again, so a button that is not offered cannot be forged.
/// </summary>
public static class ReturnWorkflow
{
    /// <summary>States the staff queue lists as waiting on the distributor: a decision, or the goods to arrive, or the credit.</summary>
    public static readonly IReadOnlyList<ReturnState> Open = [ReturnState.Requested, ReturnState.Approved, ReturnState.Received];

    /// <summary>States whose quantities no longer count as returned: the goods stay with the buyer and may be returned again.</summary>
    public static readonly IReadOnlySet<ReturnState> Void = new HashSet<ReturnState> { ReturnState.Rejected, ReturnState.Cancelled };

    internal static StateMachine<ReturnState, ReturnTrigger> Build(Func<ReturnState> read, Action<ReturnState> write)
    {
        var m = new StateMachine<ReturnState, ReturnTrigger>(read, write);
        m.Configure(ReturnState.Requested)
            .Permit(ReturnTrigger.Approve, ReturnState.Approved)
            .Permit(ReturnTrigger.Reject, ReturnState.Rejected)
            .Permit(ReturnTrigger.Cancel, ReturnState.Cancelled);
        m.Configure(ReturnState.Approved)
            .Permit(ReturnTrigger.Receive, ReturnState.Received);
        m.Configure(ReturnState.Received)
            .Permit(ReturnTrigger.Credit, ReturnState.Credited);
        return m;
    }

    /// <summary>A buyer or buyer admin of the return's company.</summary>
    public static bool IsBuyerOf(Actor actor, int companyId) =>
        !actor.IsStaff && !actor.IsSystem && actor.CompanyId == companyId && (actor.IsInRole(Roles.Buyer) || actor.IsInRole(Roles.BuyerAdmin));

    /// <summary>Staff who decide on returns of this company: an administrator, or the sales rep the company is assigned to.</summary>
    public static bool IsReturnStaff(Actor actor, string? companyRepUserId) =>
        actor.IsStaff && (actor.IsInRole(Roles.Administrator) || (actor.IsInRole(Roles.SalesRep) && companyRepUserId is not null && actor.UserId == companyRepUserId));

    /// <summary>Whether this actor may pull the trigger on a return of <paramref name="companyId"/> (whose sales rep is <paramref name="companyRepUserId"/>).</summary>
    public static bool MayFire(ReturnTrigger trigger, Actor actor, int companyId, string? companyRepUserId) => trigger switch
    {
        ReturnTrigger.Cancel => IsBuyerOf(actor, companyId),
        ReturnTrigger.Approve or ReturnTrigger.Reject or ReturnTrigger.Receive => IsReturnStaff(actor, companyRepUserId),
        // The ERP's credit memo (the sync, a system actor) or staff who record one: an administrator or an accountant.
        ReturnTrigger.Credit => actor.IsSystem || (actor.IsStaff && (actor.IsInRole(Roles.Administrator) || actor.IsInRole(Roles.Accountant))),
        _ => false,
    };

    public static StateMachine<ReturnState, ReturnTrigger> Describe()
    {
        var state = ReturnState.Requested;
        return Build(() => state, s => state = s);
    }

    public static string DotGraph() => UmlDotGraph.Format(Describe().GetInfo());

    public static string MermaidGraph() => Stateless.Graph.MermaidGraph.Format(Describe().GetInfo());

    public static string Label(ReturnTrigger trigger) => trigger switch
    {
        ReturnTrigger.Receive => "mark received",
        ReturnTrigger.Credit => "record the credit",
        _ => trigger.ToString().ToLowerInvariant(),
    };

    internal static DomainException Illegal(string number, ReturnState state, ReturnTrigger trigger) =>
        new($"Return {number} is {state.ToString().ToLowerInvariant()}: \"{Label(trigger)}\" is not possible in that state.");
}
