using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using Stateless;
using Stateless.Graph;

namespace B2BPortal.Domain.Quotes;

public enum QuoteState
{
    Draft,
    Submitted,
    InReview,
    PendingInternalApproval,
    Approved,
    Rejected,
    Sent,
    RevisionRequested,
    Accepted,
    Ordered,
    Declined,
    Expired,
    Cancelled,
}

public enum QuoteTrigger
{
    Submit,
    StartReview,
    RequestApproval,
    Approve,
    Reject,
    Send,
    RequestRevision,
    Accept,
    Convert,
    Decline,
    Expire,
    Cancel,
}

/// <summary>Which side holds a quote in a state: only that side may edit it or move it on.</summary>
public enum QuoteHolder
{
    Buyer,
    SalesRep,
    Approver,
    Nobody,
}

/// <summary>
/// The quote's life as one Stateless machine, shaped like <c>OrderWorkflow</c>: the machine says which transitions exist,
/// <see cref="MayFire"/> beside it says who may pull which trigger. Pages ask <see cref="Quote.ActionsFor"/>, and the
/// intent methods run the same check again, so a button that is not offered cannot be forged.
/// </summary>
public static class QuoteWorkflow
{
    /// <summary>Triggers only the system pulls: conversion after acceptance, expiry at valid-until.</summary>
    public static readonly IReadOnlySet<QuoteTrigger> Automatic = new HashSet<QuoteTrigger> { QuoteTrigger.Convert, QuoteTrigger.Expire };

    /// <summary>States a sales rep's inbox lists as waiting on the distributor's side.</summary>
    public static readonly IReadOnlyList<QuoteState> Open =
    [
        QuoteState.Submitted, QuoteState.InReview, QuoteState.PendingInternalApproval, QuoteState.Approved, QuoteState.Rejected,
        QuoteState.RevisionRequested, QuoteState.Sent, QuoteState.Accepted,
    ];

    public static QuoteHolder Holder(QuoteState state) => state switch
    {
        QuoteState.Draft or QuoteState.Sent => QuoteHolder.Buyer,
        QuoteState.Submitted or QuoteState.InReview or QuoteState.Approved or QuoteState.Rejected or QuoteState.RevisionRequested => QuoteHolder.SalesRep,
        QuoteState.PendingInternalApproval => QuoteHolder.Approver,
        _ => QuoteHolder.Nobody,
    };

    internal static StateMachine<QuoteState, QuoteTrigger> Build(Func<QuoteState> read, Action<QuoteState> write)
    {
        var m = new StateMachine<QuoteState, QuoteTrigger>(read, write);
        m.Configure(QuoteState.Draft)
            .Permit(QuoteTrigger.Submit, QuoteState.Submitted)
            .Permit(QuoteTrigger.Cancel, QuoteState.Cancelled);
        m.Configure(QuoteState.Submitted)
            .Permit(QuoteTrigger.StartReview, QuoteState.InReview)
            .Permit(QuoteTrigger.Cancel, QuoteState.Cancelled);
        m.Configure(QuoteState.InReview)
            .Permit(QuoteTrigger.RequestApproval, QuoteState.PendingInternalApproval)
            .Permit(QuoteTrigger.Send, QuoteState.Sent)
            .Permit(QuoteTrigger.Cancel, QuoteState.Cancelled);
        m.Configure(QuoteState.PendingInternalApproval)
            .Permit(QuoteTrigger.Approve, QuoteState.Approved)
            .Permit(QuoteTrigger.Reject, QuoteState.Rejected);
        m.Configure(QuoteState.Approved)
            .Permit(QuoteTrigger.Send, QuoteState.Sent)
            .Permit(QuoteTrigger.Cancel, QuoteState.Cancelled);
        m.Configure(QuoteState.Rejected)
            .Permit(QuoteTrigger.StartReview, QuoteState.InReview)
            .Permit(QuoteTrigger.Cancel, QuoteState.Cancelled);
        m.Configure(QuoteState.Sent)
            .Permit(QuoteTrigger.Accept, QuoteState.Accepted)
            .Permit(QuoteTrigger.RequestRevision, QuoteState.RevisionRequested)
            .Permit(QuoteTrigger.Decline, QuoteState.Declined)
            .Permit(QuoteTrigger.Expire, QuoteState.Expired)
            .Permit(QuoteTrigger.Cancel, QuoteState.Cancelled);
        m.Configure(QuoteState.RevisionRequested)
            .Permit(QuoteTrigger.StartReview, QuoteState.InReview)
            .Permit(QuoteTrigger.Cancel, QuoteState.Cancelled);
        m.Configure(QuoteState.Accepted)
            .Permit(QuoteTrigger.Convert, QuoteState.Ordered);
        return m;
    }

    /// <summary>May a sales manager approve? There is no such role yet, so internal approval is the Administrator's.</summary>
    public static bool IsApprover(Actor actor) => actor.IsStaff && actor.IsInRole(Roles.Administrator);

    /// <summary>A staff member who works quotes: a sales rep or an administrator.</summary>
    public static bool IsQuoteStaff(Actor actor) => actor.IsStaff && (actor.IsInRole(Roles.SalesRep) || actor.IsInRole(Roles.Administrator));

    /// <summary>Whether this actor may pull the trigger on a quote of <paramref name="companyId"/> in <paramref name="state"/>.</summary>
    public static bool MayFire(QuoteTrigger trigger, QuoteState state, Actor actor, int companyId)
    {
        var buyer = !actor.IsStaff && !actor.IsSystem && actor.CompanyId == companyId
            && (actor.IsInRole(Roles.Buyer) || actor.IsInRole(Roles.BuyerAdmin));
        return trigger switch
        {
            QuoteTrigger.Submit or QuoteTrigger.Accept or QuoteTrigger.Decline or QuoteTrigger.RequestRevision => buyer,
            QuoteTrigger.StartReview or QuoteTrigger.RequestApproval or QuoteTrigger.Send => IsQuoteStaff(actor),
            QuoteTrigger.Approve or QuoteTrigger.Reject => IsApprover(actor),
            QuoteTrigger.Cancel => Holder(state) == QuoteHolder.Buyer ? buyer : IsQuoteStaff(actor),
            QuoteTrigger.Convert or QuoteTrigger.Expire => actor.IsSystem,
            _ => false,
        };
    }

    /// <summary>Whether this actor is on the side that holds the quote now, and so may edit its lines.</summary>
    public static bool MayEdit(QuoteState state, Actor actor, int companyId) => state switch
    {
        QuoteState.Draft => !actor.IsStaff && actor.CompanyId == companyId,
        QuoteState.InReview => IsQuoteStaff(actor),
        _ => false,
    };

    public static StateMachine<QuoteState, QuoteTrigger> Describe()
    {
        var state = QuoteState.Draft;
        return Build(() => state, s => state = s);
    }

    public static string DotGraph() => UmlDotGraph.Format(Describe().GetInfo());

    public static string MermaidGraph() => Stateless.Graph.MermaidGraph.Format(Describe().GetInfo());

    public static string Label(QuoteTrigger trigger) => trigger switch
    {
        QuoteTrigger.StartReview => "start review",
        QuoteTrigger.RequestApproval => "submit for internal approval",
        QuoteTrigger.RequestRevision => "request a revision",
        _ => trigger.ToString().ToLowerInvariant(),
    };

    public static string Label(QuoteState state) => state switch
    {
        QuoteState.InReview => "In review",
        QuoteState.PendingInternalApproval => "Pending internal approval",
        QuoteState.RevisionRequested => "Revision requested",
        _ => state.ToString(),
    };

    internal static DomainException Illegal(string number, QuoteState state, QuoteTrigger trigger) =>
        new($"Quote {number} is {Label(state).ToLowerInvariant()}: \"{Label(trigger)}\" is not possible in that state.");
}
