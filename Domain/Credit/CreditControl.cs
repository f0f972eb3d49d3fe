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
/// the first.
/// </summary>
public sealed class CreditControl(PortalDbContext db, TimeProvider clock, IOptions<CreditOptions> options) : ICreditCheck
{
    public async Task<CreditCheckResult> CheckAsync(CreditCheckRequest request, CancellationToken ct)
    {
        var account = await db.CreditAccountForAsync(request.CompanyId, options.Value, ct);
        if (account.State is CreditAccountState.Suspended or CreditAccountState.Closed)
        {
            return CreditCheckResult.Refuse($"Your company's credit account is {CreditAccount.Label(account.State)}: no orders can be placed. Please contact our accounts team.");
        }

        if (request.OrderTotal.Currency != account.Currency)
        {
            return CreditCheckResult.Hold($"The order is in {request.OrderTotal.Currency}, the credit account in {account.Currency}: an accountant checks it.");
        }

        var standing = await db.StandingAsync(account, options.Value, clock.Today(), request.OrderNumber, ct);
        account.RecordCheck(clock.GetUtcNow());
        var over = standing.Limit is { } limit && (standing.Exposure.Total + request.OrderTotal).Amount > limit.Amount;
        if (over && standing.Policy == CreditPolicy.Hard)
        {
            return CreditCheckResult.Refuse(Cut($"The order exceeds your company's credit: {standing.Figures(request.OrderTotal)}. Please pay open invoices or contact our accounts team."));
        }

        var holds = new List<string>();
        if (standing.Terms.IsPrepaid)
        {
            holds.Add($"Prepaid terms: the order waits for payment of {request.OrderTotal}");
        }

        if (standing.OverduePastGrace.Count > 0)
        {
            var oldest = standing.OverduePastGrace[0];
            holds.Add($"{standing.OverduePastGrace.Count} invoice(s) overdue beyond {standing.GraceDays} grace days, oldest {oldest.Number} {oldest.Remaining} due {oldest.DueDate:yyyy-MM-dd} ({oldest.DaysOverdue} days)");
        }

        if (account.State == CreditAccountState.OnHold)
        {
            holds.Add($"Account on hold ({CreditAccountWorkflow.Label(account.HoldReason ?? CreditHoldReason.Manual)})");
        }

        if (over)
        {
            holds.Add($"Over the credit limit: {standing.Figures(request.OrderTotal)}");
        }

        return holds.Count == 0 ? CreditCheckResult.Pass : CreditCheckResult.Hold(Cut(string.Join(". ", holds) + "."));
    }

    /// <summary>Order history keeps reasons up to 500 characters; the figures come first, so the tail is what may go.</summary>
    private static string Cut(string reason) => reason.Length <= 500 ? reason : reason[..497] + "...";
}
