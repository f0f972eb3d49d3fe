using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Credit;

public sealed record CreditCheckRequest(int CompanyId, Money OrderTotal, string OrderNumber);

public enum CreditDecision
{
    Pass,

    /// <summary>The order is placed but waits in CreditHold until an accountant releases it.</summary>
    Hold,

    /// <summary>The order is not placed at all; the buyer sees the reason, with the figures.</summary>
    Refuse,
}

/// <param name="Reason">For Hold and Refuse: why, with figures (limit, open balance, this order).</param>
public sealed record CreditCheckResult(CreditDecision Decision, string? Reason)
{
    public static readonly CreditCheckResult Pass = new(CreditDecision.Pass, null);

    public static CreditCheckResult Hold(string reason) => new(CreditDecision.Hold, reason);

    public static CreditCheckResult Refuse(string reason) => new(CreditDecision.Refuse, reason);
}

/// <summary>
/// The credit control's say on an order about to be placed (at checkout, and again when an approver approves).
/// Ordering calls it; the credit capability implements it (credit limits, open balance, blocked accounts).
/// </summary>
public interface ICreditCheck
{
    Task<CreditCheckResult> CheckAsync(CreditCheckRequest request, CancellationToken ct);
}
