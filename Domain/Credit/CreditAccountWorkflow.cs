using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using Stateless;
using Stateless.Graph;

namespace B2BPortal.Domain.Credit;

public enum CreditAccountState
{
    Active,

    /// <summary>Orders may be placed but every one waits in credit hold for an accountant.</summary>
    OnHold,

    /// <summary>No ordering at all: placing is refused.</summary>
    Suspended,

    Closed,
}

public enum CreditHoldReason
{
    OverLimit,
    Overdue,
    Manual,
}

public enum CreditAccountTrigger
{
    Hold,
    Release,
    Suspend,
    Reinstate,
    Close,
}

/// <summary>
/// The credit account's life as one Stateless machine, and beside it who may pull which trigger: accountants and
/// administrators by hand, the daily credit review (holds for overdue or over limit, releases what it held once paid),
/// and the ERP sync (its "blocked" flag suspends, its lifting reinstates).
/// </summary>
public static class CreditAccountWorkflow
{
    /// <summary>The daily review job's actor.</summary>
    public const string ReviewActorName = "credit review";

    /// <summary>The ERP sync's actor (the same one CustomerSync writes its audit entries with).</summary>
    public const string ErpActorName = "ERP sync";

    internal static StateMachine<CreditAccountState, CreditAccountTrigger> Build(Func<CreditAccountState> read, Action<CreditAccountState> write)
    {
        var m = new StateMachine<CreditAccountState, CreditAccountTrigger>(read, write);
        m.Configure(CreditAccountState.Active)
            .Permit(CreditAccountTrigger.Hold, CreditAccountState.OnHold)
            .Permit(CreditAccountTrigger.Suspend, CreditAccountState.Suspended)
            .Permit(CreditAccountTrigger.Close, CreditAccountState.Closed);
        m.Configure(CreditAccountState.OnHold)
            .PermitReentry(CreditAccountTrigger.Hold)
            .Permit(CreditAccountTrigger.Release, CreditAccountState.Active)
            .Permit(CreditAccountTrigger.Suspend, CreditAccountState.Suspended)
            .Permit(CreditAccountTrigger.Close, CreditAccountState.Closed);
        m.Configure(CreditAccountState.Suspended)
            .Permit(CreditAccountTrigger.Reinstate, CreditAccountState.Active)
            .Permit(CreditAccountTrigger.Close, CreditAccountState.Closed);
        m.Configure(CreditAccountState.Closed);
        return m;
    }

    public static bool IsReview(Actor actor) => actor.UserId == Actor.System(ReviewActorName).UserId;

    public static bool IsErp(Actor actor) => actor.UserId == Actor.System(ErpActorName).UserId;

    /// <summary>Whether this actor may pull the trigger (the machine separately decides whether it exists in the state).</summary>
    public static bool MayFire(CreditAccountTrigger trigger, Actor actor, CreditHoldReason? reason)
    {
        var person = actor.IsInRole(Roles.Accountant) || actor.IsInRole(Roles.Administrator);
        return trigger switch
        {
            // The review holds for what it checks (overdue, over limit) and releases only holds it placed itself.
            CreditAccountTrigger.Hold or CreditAccountTrigger.Release when IsReview(actor) => reason is CreditHoldReason.Overdue or CreditHoldReason.OverLimit,
            CreditAccountTrigger.Suspend or CreditAccountTrigger.Reinstate when IsErp(actor) => true,
            CreditAccountTrigger.Close => actor.IsInRole(Roles.Administrator),
            _ => person,
        };
    }

    public static StateMachine<CreditAccountState, CreditAccountTrigger> Describe()
    {
        var state = CreditAccountState.Active;
        return Build(() => state, s => state = s);
    }

    public static string DotGraph() => UmlDotGraph.Format(Describe().GetInfo());

    public static string MermaidGraph() => Stateless.Graph.MermaidGraph.Format(Describe().GetInfo());

    public static string Label(CreditAccountTrigger trigger) => trigger switch
    {
        CreditAccountTrigger.Hold => "put on hold",
        CreditAccountTrigger.Release => "release",
        CreditAccountTrigger.Suspend => "suspend",
        CreditAccountTrigger.Reinstate => "reinstate",
        _ => "close",
    };

    public static string Label(CreditHoldReason reason) => reason switch
    {
        CreditHoldReason.OverLimit => "over limit",
        CreditHoldReason.Overdue => "overdue invoices",
        _ => "manual",
    };
}
