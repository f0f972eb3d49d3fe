using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.Extensions.Options;

namespace B2BPortal.Domain.Credit;

/// <summary>
/// The credit check at placement and approval. Reads the company's standing live and decides:
/// suspended or closed account, or over the limit under a hard policy → refuse (nothing is saved);
/// prepaid terms, an invoice overdue past grace, an account on hold, or over the limit under a soft policy → hold;
/// otherwise pass. It bumps the credit account's version in the caller's unit of work, so of two orders checked against
/// the same exposure at the same moment only the first save succeeds; PlaceOrder retries the second, which then sees
/// the first. <see cref="PreviewAsync"/> gives checkout the same decision before placing, reading only.
/// </summary>
public sealed class CreditControl(PortalDbContext db, TimeProvider clock, IOptions<CreditOptions> options) : ICreditCheck
{
    public async Task<CreditCheckResult> CheckAsync(CreditCheckRequest request, CancellationToken ct)
    {
        var account = await db.CreditAccountForAsync(request.CompanyId, options.Value, ct);
        if (Refused(account.State) is { } refused)
        {
            return refused;
        }

        var standing = await db.StandingAsync(account, options.Value, clock.Today(), request.OrderNumber, ct);
        account.RecordCheck(clock.GetUtcNow());
        return Decide(standing, request.OrderTotal);
    }

    /// <summary>What the check would decide for an order of <paramref name="orderTotal"/> placed now, with the standing it read; saves nothing.</summary>
    public async Task<(CreditStanding Standing, CreditCheckResult Outcome)> PreviewAsync(int companyId, Money orderTotal, CancellationToken ct)
    {
        var standing = await db.StandingAsync(companyId, options.Value, clock.Today(), ct);
        return (standing, Refused(standing.State) ?? Decide(standing, orderTotal));
    }

    private static CreditCheckResult? Refused(CreditAccountState state) => state is CreditAccountState.Suspended or CreditAccountState.Closed
        ? CreditCheckResult.Refuse($"Your company's credit account is {CreditAccount.Label(state)}: no orders can be placed. Please contact our accounts team.")
        : null;

    private static CreditCheckResult Decide(CreditStanding standing, Money orderTotal)
    {
        if (orderTotal.Currency != standing.Currency)
        {
            return CreditCheckResult.Hold($"The order is in {orderTotal.Currency}, the credit account in {standing.Currency}: an accountant checks it.");
        }

        var over = standing.Limit is { } limit && (standing.Exposure.Total + orderTotal).Amount > limit.Amount;
        if (over && standing.Policy == CreditPolicy.Hard)
        {
            return CreditCheckResult.Refuse(Cut($"The order exceeds your company's credit: {standing.Figures(orderTotal)}. Please pay open invoices or contact our accounts team."));
        }

        var holds = new List<string>();
        if (standing.Terms.IsPrepaid)
        {
            holds.Add($"Prepaid terms: the order waits for payment of {orderTotal}");
        }

        if (standing.OverduePastGrace.Count > 0)
        {
            var oldest = standing.OverduePastGrace[0];
            holds.Add($"{standing.OverduePastGrace.Count} invoice(s) overdue beyond {standing.GraceDays} grace days, oldest {oldest.Number} {oldest.Remaining} due {oldest.DueDate:yyyy-MM-dd} ({oldest.DaysOverdue} days)");
        }

        if (standing.State == CreditAccountState.OnHold)
        {
            holds.Add($"Account on hold ({CreditAccountWorkflow.Label(standing.HoldReason ?? CreditHoldReason.Manual)})");
        }

        if (over)
        {
            holds.Add($"Over the credit limit: {standing.Figures(orderTotal)}");
        }

        return holds.Count == 0 ? CreditCheckResult.Pass : CreditCheckResult.Hold(Cut(string.Join(". ", holds) + "."));
    }

    /// <summary>Order history keeps reasons up to 500 characters; the figures come first, so the tail is what may go.</summary>
    private static string Cut(string reason) => reason.Length <= 500 ? reason : reason[..497] + "...";
}
