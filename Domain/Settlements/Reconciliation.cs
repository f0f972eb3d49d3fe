using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Settlements;

/// <summary>One payment on the reconciliation: what it was applied to, or why it is not.</summary>
public sealed record ReconciliationLine(int EntryNumber, int TransactionNumber, DateOnly? Booked, string? Party, EntryDirection Direction, bool IsReversal,
    decimal Amount, decimal Applied, decimal Adjustment, EntryOutcome Outcome, string Detail);

/// <summary>
/// A statement reconciled: opening balance, the credits split into matched (applied to invoices), unmatched (waiting) and
/// taken back by the bank, the debits, the fees and write-offs booked within the tolerance, and the closing balance
/// computed from them beside the one the bank stated. A difference is shown, never hidden or corrected.
/// </summary>
public sealed record Reconciliation(int StatementId, string StatementName, string Account, string Currency, DateOnly? From, DateOnly? To,
    decimal? Opening, string? OpeningCode, decimal Credits, decimal Matched, decimal Unmatched, decimal Reversed, decimal Debits, decimal ReversalDebits, decimal OtherDebits,
    decimal Fees, decimal BankCharges, decimal? StatedClosing, IReadOnlyList<ReconciliationLine> Lines)
{
    /// <summary>Opening + credits − debits: what the closing balance must be if the statement holds every booking.</summary>
    public decimal? ComputedClosing => Opening is { } opening ? opening + Credits - Debits : null;

    /// <summary>Stated − computed closing balance; null when either is missing.</summary>
    public decimal? Difference => StatedClosing is { } stated && ComputedClosing is { } computed ? stated - computed : null;

    public bool Reconciled => Difference == 0m;

    /// <summary>Share of the credits (by amount) applied to invoices.</summary>
    public decimal MatchRate => Credits == 0m ? 0m : Math.Round(Matched / Credits * 100m, 1);
}

public static class SettlementReports
{
    public static async Task<Reconciliation?> ReconcileAsync(this PortalDbContext db, int statementId, CancellationToken ct)
    {
        var s = await db.BankStatements().AsNoTracking().SingleOrDefaultAsync(x => x.Id == statementId, ct);
        if (s is null)
        {
            return null;
        }

        var entries = await db.StatementEntries().AsNoTracking().Where(e => e.BankStatementId == statementId)
            .OrderBy(e => e.EntryNumber).ThenBy(e => e.TransactionNumber).ToListAsync(ct);
        var ids = db.StatementEntries().Where(e => e.BankStatementId == statementId).Select(e => e.Id);
        var matches = await db.Set<PaymentMatch>().AsNoTracking().Include(m => m.Allocations)
            .Where(m => ids.Contains(m.StatementEntryId) && m.State == PaymentMatchState.Applied).ToListAsync(ct);
        var byEntry = matches.ToLookup(m => m.StatementEntryId);
        var waiting = (await db.Set<SettlementException>().AsNoTracking()
            .Where(x => ids.Contains(x.StatementEntryId) && (x.State == SettlementExceptionState.Open || x.State == SettlementExceptionState.Assigned))
            .Select(x => new { x.StatementEntryId, x.Kind }).ToListAsync(ct)).ToLookup(x => x.StatementEntryId, x => SettlementExceptionWorkflow.Label(x.Kind));

        var lines = new List<ReconciliationLine>(entries.Count);
        foreach (var e in entries)
        {
            var applied = byEntry[e.Id].Sum(m => m.Settled.Amount);
            var adjustment = byEntry[e.Id].Where(m => m.AdjustmentState != AdjustmentState.None).Sum(m => m.Adjustment);
            var detail = e.Outcome switch
            {
                EntryOutcome.Matched or EntryOutcome.Exception when byEntry[e.Id].Any() => string.Join("; ", byEntry[e.Id].Select(m => m.Describe()))
                    + (waiting[e.Id].Any() ? " — waiting: " + string.Join(", ", waiting[e.Id]) : ""),
                EntryOutcome.Exception => "waiting: " + string.Join(", ", waiting[e.Id]),
                EntryOutcome.Reversed => "taken back by the bank",
                EntryOutcome.Reversal => "takes back an earlier payment",
                EntryOutcome.NotAPayment => "not a customer payment",
                _ => "not matched yet",
            };
            lines.Add(new ReconciliationLine(e.EntryNumber, e.TransactionNumber, e.BookingDate, e.CounterpartyName, e.Direction, e.IsReversal, e.Amount.Amount, applied, adjustment, e.Outcome, detail));
        }

        var credits = lines.Where(l => l.Direction == EntryDirection.Credit).ToList();
        var debits = lines.Where(l => l.Direction == EntryDirection.Debit).ToList();
        var matched = credits.Sum(l => l.Applied);
        var reversed = credits.Where(l => l.Outcome == EntryOutcome.Reversed).Sum(l => l.Amount);
        var reversalDebits = debits.Where(l => l.Outcome == EntryOutcome.Reversal).Sum(l => l.Amount);
        return new Reconciliation(s.Id, s.StatementId, s.Account, s.Currency, s.FromDate, s.ToDate, s.OpeningBalance, s.OpeningCode,
            credits.Sum(l => l.Amount), matched, credits.Sum(l => l.Amount) - matched - reversed, reversed,
            debits.Sum(l => l.Amount), reversalDebits, debits.Sum(l => l.Amount) - reversalDebits,
            lines.Sum(l => l.Adjustment), entries.Sum(e => e.Charges ?? 0m), s.ClosingBalance, lines);
    }
}
