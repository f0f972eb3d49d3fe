using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Domain.Settlements;

/// <summary>How much difference the cascade books as a fee or write-off (for an accountant to approve) instead of an exception (configuration section <c>Settlements:Tolerance</c>).</summary>
public sealed class SettlementOptions
{
    public const string Section = "Settlements:Tolerance";

    /// <summary>Absolute tolerance in the payment's currency.</summary>
    [Range(typeof(decimal), "0", "1000")]
    public decimal Absolute { get; set; } = 1.00m;

    /// <summary>Tolerance as a percentage of the payment; the larger of the two applies.</summary>
    [Range(typeof(decimal), "0", "10")]
    public decimal Percent { get; set; } = 0.1m;

    public MatchTolerance Tolerance => new(Absolute, Percent);
}

/// <summary>What a matching run did with a statement's payments.</summary>
public sealed record MatchRunResult(int StatementId, int Matched, int Reversals, int NotPayments, IReadOnlyDictionary<SettlementExceptionKind, int> Exceptions)
{
    public int ExceptionCount => Exceptions.Values.Sum();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Matched} payment(s) matched, {ExceptionCount} left for the exceptions queue{(ExceptionCount == 0 ? "" : " (" + string.Join(", ", Exceptions.Select(e => $"{e.Value} {SettlementExceptionWorkflow.Label(e.Key)}")) + ")")}, {Reversals} reversal(s), {NotPayments} other debit(s)");
}

/// <summary>One part of a manual match or split: this much of the payment to this invoice.</summary>
public sealed record ManualAllocation(int InvoiceId, decimal Amount);

/// <summary>
/// Settlement matching against the database: runs the cascade over a statement's payments and stores each answer — a
/// match with its explanation applied to the invoices' open amounts at once, or an exception of its kind — learns payers
/// from the matches, and undoes the match of a payment the bank takes back. Also the accountant's tools on top: manual match
/// and split, undo, approving a tolerated difference, and the exception transitions. Every change is audited in the same
/// SaveChanges as the change.
/// </summary>
public sealed class SettlementMatching(PortalDbContext db, TimeProvider clock, IOptions<SettlementOptions> options)
{
    public const string MatchEntity = "PaymentMatch";
    public const string ExceptionEntity = "SettlementException";

    private const int ChunkSize = 500;
    private const string NotProvided = "NOTPROVIDED";

    /// <summary>Matches every payment of the statement not looked at yet (so a second run after a failure picks up the rest), in one transaction.</summary>
    public async Task<MatchRunResult> MatchStatementAsync(int statementId, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var statement = await db.BankStatements().AsNoTracking().Where(s => s.Id == statementId).Select(s => new { s.StatementId }).SingleOrDefaultAsync(ct)
                ?? throw new DomainException($"There is no bank statement {statementId}.");
            var entries = await db.StatementEntries().AsNoTracking().Where(e => e.BankStatementId == statementId && e.Outcome == EntryOutcome.Pending)
                .OrderBy(e => e.EntryNumber).ThenBy(e => e.TransactionNumber).ToListAsync(ct);
            var now = clock.GetUtcNow();
            var exceptions = new Dictionary<SettlementExceptionKind, int>();
            var matched = await MatchCreditsAsync(statement.StatementId, [.. entries.Where(e => e.IsIncomingPayment)], actor, now, exceptions, ct);
            var (reversals, other) = await TakeBackAsync(statement.StatementId, [.. entries.Where(e => !e.IsIncomingPayment)], actor, now, exceptions, ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return new MatchRunResult(statementId, matched, reversals, other, exceptions);
        });
    }

    /// <summary>An accountant applies a payment (what is not applied yet of it) to invoices of one company, split as given.</summary>
    public async Task<PaymentMatch> MatchManuallyAsync(long entryId, IReadOnlyList<ManualAllocation> parts, Actor actor, string note, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parts);
        MayWork(actor);
        if (parts.Count == 0 || parts.Any(p => p.Amount <= 0m))
        {
            throw new DomainException("Choose at least one invoice and an amount above zero for each.");
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            throw new DomainException("Say why these invoices (the note is kept with the match).");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var entry = await db.StatementEntries().SingleOrDefaultAsync(e => e.Id == entryId, ct) ?? throw new DomainException("That payment does not exist.");
            if (!entry.IsIncomingPayment || entry.Outcome == EntryOutcome.Reversed)
            {
                throw new DomainException("Only a payment received (and not taken back by the bank) can be matched to invoices.");
            }

            var unapplied = entry.Amount.Amount - await AppliedAsync(entry.Id, ct);
            var total = parts.Sum(p => p.Amount);
            if (total > unapplied)
            {
                throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                    $"The invoices take {total:N2} but only {unapplied:N2} {entry.Amount.Currency} of the payment is not applied yet."));
            }

            var ids = parts.Select(p => p.InvoiceId).Distinct().ToList();
            if (ids.Count != parts.Count)
            {
                throw new DomainException("Each invoice once: put the whole amount for an invoice on one line.");
            }

            var invoices = await db.Invoices.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
            if (invoices.Count != ids.Count)
            {
                throw new DomainException("One of the invoices does not exist.");
            }

            if (invoices.Values.Select(i => i.CompanyId).Distinct().Count() != 1)
            {
                throw new DomainException("A payment is split across invoices of one company only; match the rest as a separate payment.");
            }

            var mismatch = invoices.Values.FirstOrDefault(i => i.Remaining.Currency != entry.Amount.Currency);
            if (mismatch is not null)
            {
                throw new DomainException($"Currency mismatch: invoice {mismatch.Number} is in {mismatch.Remaining.Currency}, the payment in {entry.Amount.Currency}. The portal does not convert; refund it or ask the payer.");
            }

            var companyId = invoices.Values.First().CompanyId;
            var match = new PaymentMatch(entry.Id, companyId, null, $"Matched by {actor.DisplayName}: {note.Trim()}", entry.Amount, now, actor.DisplayName);
            foreach (var part in parts)
            {
                var invoice = invoices[part.InvoiceId];
                var amount = Money.Of(part.Amount, entry.Amount.Currency);
                invoice.Settle(amount);
                match.Allocate(invoice.Id, invoice.Number, amount);
            }

            db.Add(match);
            entry.Settled(EntryOutcome.Matched);
            await LearnAsync(entry, companyId, now, $"manual match by {actor.DisplayName}", overwrite: true, ct);
            await db.SaveChangesAsync(ct);
            Audit(actor, now, companyId, MatchEntity, match.Id, "Matched manually", null, $"{entry.Amount} to {match.Describe()}: {note.Trim()}");
            await QueueForErpAsync([(match, entry)], now, ct);

            var open = await db.Set<SettlementException>().Where(x => x.StatementEntryId == entry.Id
                && (x.State == SettlementExceptionState.Open || x.State == SettlementExceptionState.Assigned)).ToListAsync(ct);
            foreach (var exception in open)
            {
                if (exception.State == SettlementExceptionState.Open)
                {
                    exception.Assign(actor, now);
                }

                exception.Resolve(actor, now, match.Id, $"Matched to {match.Describe()}: {note.Trim()}");
                Record(exception);
            }

            // What is left of the payment after the split waits as an over-payment: money received is never left unaccounted.
            var rest = unapplied - total;
            if (rest > 0m)
            {
                var surplus = new SettlementException(SettlementExceptionKind.OverPayment, entry.Id, match.Id, companyId, Money.Of(rest, entry.Amount.Currency),
                    string.Create(CultureInfo.InvariantCulture, $"{rest:N2} {entry.Amount.Currency} of the payment is not applied to any invoice yet."), now);
                await OpenAsync(surplus, actor, now, ct);
                entry.Settled(EntryOutcome.Exception);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return match;
        });
    }

    /// <summary>An accountant undoes a match: the invoices are open again and the payment goes back to the queue.</summary>
    public async Task UndoAsync(long matchId, Actor actor, string reason, CancellationToken ct)
    {
        MayWork(actor);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            var match = await db.Set<PaymentMatch>().Include(m => m.Allocations).SingleOrDefaultAsync(m => m.Id == matchId, ct)
                ?? throw new DomainException("That match does not exist.");
            await UndoCoreAsync(match, actor, now, reason, ct);
            var entry = await db.StatementEntries().SingleAsync(e => e.Id == match.StatementEntryId, ct);

            // What the match had settled or left over is moot now: the whole payment waits again.
            var related = await db.Set<SettlementException>().Where(x => x.StatementEntryId == entry.Id).ToListAsync(ct);
            foreach (var open in related.Where(x => x.IsOpen && x.PaymentMatchId == match.Id))
            {
                if (open.State == SettlementExceptionState.Open)
                {
                    open.Assign(actor, now);
                }

                open.Resolve(actor, now, null, $"Superseded: the match was undone ({reason.Trim()}).");
                Record(open);
            }

            var resolvedByIt = related.FirstOrDefault(x => x.State == SettlementExceptionState.Resolved && x.PaymentMatchId == match.Id && match.IsManual);
            if (resolvedByIt is not null)
            {
                resolvedByIt.Reopen(actor, now, $"The manual match was undone by {actor.DisplayName}: {reason.Trim()}");
                Record(resolvedByIt);
            }
            else
            {
                var applied = await AppliedAsync(entry.Id, ct);
                await OpenAsync(new SettlementException(SettlementExceptionKind.Unmatched, entry.Id, null, match.CompanyId, Money.Of(entry.Amount.Amount - applied, entry.Amount.Currency),
                    $"The match to {match.Describe()} was undone by {actor.DisplayName}: {reason.Trim()}", now), actor, now, ct);
            }

            entry.Settled(EntryOutcome.Exception);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        });
    }

    /// <summary>An accountant approves the fee or write-off the cascade booked within the tolerance.</summary>
    public async Task ApproveAdjustmentAsync(long matchId, Actor actor, CancellationToken ct)
    {
        MayWork(actor);
        var match = await db.Set<PaymentMatch>().SingleOrDefaultAsync(m => m.Id == matchId, ct) ?? throw new DomainException("That match does not exist.");
        match.ApproveAdjustment(actor.DisplayName);
        Audit(actor, clock.GetUtcNow(), match.CompanyId, MatchEntity, match.Id, "Difference approved", "awaiting approval",
            string.Create(CultureInfo.InvariantCulture, $"{match.AdjustmentKind} {match.Adjustment:N2} {match.Amount.Currency} approved"));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Takes an exception; with an assignee, hands it to them.</summary>
    public Task AssignAsync(long exceptionId, Actor actor, string? assigneeId, string? assigneeName, CancellationToken ct) =>
        ChangeAsync(exceptionId, actor, e => e.Assign(actor, clock.GetUtcNow(), assigneeId, assigneeName), ct);

    public Task RefundAsync(long exceptionId, Actor actor, string note, CancellationToken ct) =>
        ChangeAsync(exceptionId, actor, e => e.Refund(actor, clock.GetUtcNow(), note), ct);

    /// <summary>
    /// Writes the exception off. For an under-payment the shortfall is written off the invoices the payment settled (so they
    /// close in the portal, as write-off allocations of that match: undoing the match gives them back too).
    /// </summary>
    public async Task WriteOffAsync(long exceptionId, Actor actor, string note, CancellationToken ct)
    {
        MayWork(actor);
        var exception = await db.Set<SettlementException>().SingleOrDefaultAsync(x => x.Id == exceptionId, ct) ?? throw new DomainException("That exception does not exist.");
        var now = clock.GetUtcNow();
        exception.WriteOff(actor, now, note);
        if (exception is { Kind: SettlementExceptionKind.UnderPayment, PaymentMatchId: { } matchId })
        {
            var match = await db.Set<PaymentMatch>().Include(m => m.Allocations).SingleAsync(m => m.Id == matchId, ct);
            if (match.State == PaymentMatchState.Applied)
            {
                var ids = match.Allocations.Select(a => a.InvoiceId).Distinct().ToList();
                var invoices = await db.Invoices.Where(i => ids.Contains(i.Id)).OrderBy(i => i.DueDate).ToListAsync(ct);
                var left = exception.Amount.Amount;
                foreach (var invoice in invoices.Where(i => i.Remaining.Amount > 0m))
                {
                    var take = Math.Min(left, invoice.Remaining.Amount);
                    if (take <= 0m)
                    {
                        break;
                    }

                    var amount = Money.Of(take, invoice.Remaining.Currency);
                    invoice.Settle(amount);
                    match.Allocate(invoice.Id, invoice.Number, amount, AllocationKind.WriteOff);
                    left -= take;
                }

                Audit(actor, now, match.CompanyId, MatchEntity, match.Id, "Written off", null, $"{match.Describe()}: {note.Trim()}");
            }
        }

        Record(exception);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What is applied of a payment to invoices by its matches still standing.</summary>
    public async Task<decimal> AppliedAsync(long entryId, CancellationToken ct)
    {
        var amounts = await db.Set<PaymentMatch>().AsNoTracking().Where(m => m.StatementEntryId == entryId && m.State == PaymentMatchState.Applied)
            .SelectMany(m => m.Allocations).Where(a => a.Kind == AllocationKind.Payment).Select(a => a.Amount.Amount).ToListAsync(ct);
        return amounts.Sum();
    }

    private async Task ChangeAsync(long exceptionId, Actor actor, Action<SettlementException> change, CancellationToken ct)
    {
        MayWork(actor);
        var exception = await db.Set<SettlementException>().SingleOrDefaultAsync(x => x.Id == exceptionId, ct) ?? throw new DomainException("That exception does not exist.");
        change(exception);
        Record(exception);
        await db.SaveChangesAsync(ct);
    }

    private async Task<int> MatchCreditsAsync(string statementName, List<StatementEntry> credits, Actor actor, DateTimeOffset now, Dictionary<SettlementExceptionKind, int> exceptions, CancellationToken ct)
    {
        if (credits.Count == 0)
        {
            return 0;
        }

        // Open invoices, and those the portal has settled (a second payment naming one is a duplicate, not an unknown).
        var invoices = (await db.Invoices.AsNoTracking()
            .Where(i => (i.Status == InvoiceStatus.Open && i.Remaining.Amount > 0m) || i.SettledInPortal > 0m)
            .Select(i => new { i.Id, i.Number, i.CompanyId, i.Remaining.Amount, i.Remaining.Currency, i.DueDate }).ToListAsync(ct))
            .Select(i => new OpenInvoice(i.Id, i.Number, i.CompanyId, Money.Of(i.Amount, i.Currency), i.DueDate)).ToList();
        var companyOf = invoices.ToDictionary(i => i.Id, i => i.CompanyId);
        var payers = await db.Set<PayerMapping>().AsNoTracking().ToDictionaryAsync(p => p.Key, p => p.CompanyId, StringComparer.Ordinal, ct);
        var matcher = new SettlementMatcher(invoices, payers, options.Value.Tolerance);
        var learned = new List<PayerMapping>();
        var plans = new List<(StatementEntry Entry, MatchOutcome Outcome)>(credits.Count);
        foreach (var entry in credits)
        {
            var reference = entry.ReferenceKind is { } kind && entry.StructuredReference is { } value ? new PaymentReference(kind, value, entry.ReferenceChecksumValid) : null;
            var outcome = matcher.Match(new IncomingPayment(entry.Amount, reference, entry.ReferredDocuments, entry.RemittanceText, entry.CounterpartyName, entry.CounterpartyAccount));
            if (outcome.Matched)
            {
                matcher.Settle(outcome.Allocations);
                if (outcome.Rule is MatchRule.StructuredReference or MatchRule.InvoiceNumberInText)
                {
                    var company = companyOf[outcome.Allocations[0].InvoiceId];
                    foreach (var (key, isAccount) in PayerKeys(entry))
                    {
                        if (payers.TryAdd(key, company))
                        {
                            learned.Add(new PayerMapping(key, isAccount, company, now, $"statement {statementName} entry {entry.EntryNumber}, invoice {outcome.Allocations[0].InvoiceNumber}"));
                        }
                    }
                }
            }

            plans.Add((entry, outcome));
        }

        db.AddRange(learned);
        var matched = 0;
        foreach (var chunk in plans.Chunk(ChunkSize))
        {
            var entryIds = chunk.Select(p => p.Entry.Id).ToList();
            var entries = await db.StatementEntries().Where(e => entryIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            var invoiceIds = chunk.SelectMany(p => p.Outcome.Allocations.Select(a => a.InvoiceId)).Distinct().ToList();
            var tracked = await db.Invoices.Where(i => invoiceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
            var made = new List<(PaymentMatch Match, StatementEntry Entry, MatchOutcome Outcome)>();
            var opened = new List<SettlementException>();
            foreach (var (plan, outcome) in chunk)
            {
                var entry = entries[plan.Id];
                if (!outcome.Matched)
                {
                    opened.Add(new SettlementException(KindOf(outcome.Problem), entry.Id, null, outcome.PayerCompanyId, entry.Amount, outcome.Explanation, now));
                    entry.Settled(EntryOutcome.Exception);
                    continue;
                }

                var company = companyOf[outcome.Allocations[0].InvoiceId];
                var match = new PaymentMatch(entry.Id, company, outcome.Rule, outcome.Explanation, entry.Amount, now, actor.DisplayName);
                foreach (var allocation in outcome.Allocations.Where(a => a.Amount.Amount > 0m))
                {
                    tracked[allocation.InvoiceId].Settle(allocation.Amount);
                    match.Allocate(allocation.InvoiceId, allocation.InvoiceNumber, allocation.Amount);
                }

                if (outcome.DifferenceKind == MatchDifference.WithinTolerance)
                {
                    var fee = entry.Charges is { } charges && charges == -outcome.Difference.Amount;
                    match.Tolerate(outcome.Difference.Amount, fee ? AdjustmentKind.Fee : AdjustmentKind.WriteOff);
                }

                db.Add(match);
                made.Add((match, entry, outcome));
                matched++;
                var waits = outcome.DifferenceKind == MatchDifference.OverPayment
                    || (outcome.DifferenceKind == MatchDifference.UnderPayment && outcome.Rule != MatchRule.PartialPayment);
                entry.Settled(waits ? EntryOutcome.Exception : EntryOutcome.Matched);
            }

            await db.SaveChangesAsync(ct);
            await QueueForErpAsync([.. made.Select(m => (m.Match, m.Entry))], now, ct);
            foreach (var (match, entry, outcome) in made)
            {
                Audit(actor, now, match.CompanyId, MatchEntity, match.Id, "Matched", null, $"{entry.Amount} to {match.Describe()} ({outcome.Rule}): {outcome.Explanation}");
                if (outcome.DifferenceKind == MatchDifference.OverPayment)
                {
                    opened.Add(new SettlementException(SettlementExceptionKind.OverPayment, entry.Id, match.Id, match.CompanyId, outcome.Difference, outcome.Explanation, now));
                }
                else if (outcome.DifferenceKind == MatchDifference.UnderPayment && outcome.Rule != MatchRule.PartialPayment)
                {
                    var shortfall = outcome.Allocations.Select(a => a.InvoiceId).Distinct().Sum(id => tracked[id].Remaining.Amount);
                    opened.Add(new SettlementException(SettlementExceptionKind.UnderPayment, entry.Id, match.Id, match.CompanyId,
                        Money.Of(Math.Max(shortfall, 0m), entry.Amount.Currency), outcome.Explanation, now));
                }
            }

            foreach (var exception in opened)
            {
                exceptions[exception.Kind] = exceptions.GetValueOrDefault(exception.Kind) + 1;
                await OpenAsync(exception, actor, now, ct, save: false);
            }

            await db.SaveChangesAsync(ct);
            AuditOpened(opened, actor, now);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return matched;
    }

    /// <summary>
    /// Money out: a reversal (or a debit returning an earlier payment by the same reference or end-to-end id) undoes that
    /// payment's match, or closes its exception; any other debit is no customer payment.
    /// </summary>
    private async Task<(int Reversals, int Other)> TakeBackAsync(string statementName, List<StatementEntry> debits, Actor actor, DateTimeOffset now, Dictionary<SettlementExceptionKind, int> exceptions, CancellationToken ct)
    {
        int reversals = 0, other = 0;
        foreach (var debit in debits)
        {
            var entry = await db.StatementEntries().SingleAsync(e => e.Id == debit.Id, ct);
            var original = entry.Direction == EntryDirection.Debit ? await OriginalAsync(entry, ct) : null;
            if (original is null)
            {
                if (entry.Direction == EntryDirection.Debit && entry.IsReversal)
                {
                    var exception = new SettlementException(SettlementExceptionKind.Unmatched, entry.Id, null, null, entry.Amount,
                        $"The bank reversed a payment of {entry.Amount} ({entry.CounterpartyName}) that the portal cannot find among the imported payments.", now);
                    await OpenAsync(exception, actor, now, ct);
                    exceptions[exception.Kind] = exceptions.GetValueOrDefault(exception.Kind) + 1;
                    entry.Settled(EntryOutcome.Exception);
                }
                else
                {
                    entry.Settled(EntryOutcome.NotAPayment);
                    other++;
                }

                await db.SaveChangesAsync(ct);
                continue;
            }

            var why = $"The bank took the payment back: statement {statementName} entry {entry.EntryNumber}{(entry.IsReversal ? " (reversal)" : "")}.";
            var match = await db.Set<PaymentMatch>().Include(m => m.Allocations)
                .Where(m => m.StatementEntryId == original.Id && m.State == PaymentMatchState.Applied).ToListAsync(ct);
            foreach (var m in match)
            {
                await UndoCoreAsync(m, actor, now, why, ct);
            }

            var system = Actor.System("settlement-matching");
            foreach (var open in await db.Set<SettlementException>().Where(x => x.StatementEntryId == original.Id
                && (x.State == SettlementExceptionState.Open || x.State == SettlementExceptionState.Assigned)).ToListAsync(ct))
            {
                if (open.State == SettlementExceptionState.Open)
                {
                    open.Assign(system, now);
                }

                open.Resolve(system, now, null, why);
                Record(open);
            }

            original.Settled(EntryOutcome.Reversed);
            entry.Settled(EntryOutcome.Reversal);
            reversals++;
            await db.SaveChangesAsync(ct);
        }

        return (reversals, other);
    }

    /// <summary>The payment a debit takes back: same amount, and the same end-to-end id or reference (a reversal: or the same payer account).</summary>
    private async Task<StatementEntry?> OriginalAsync(StatementEntry debit, CancellationToken ct)
    {
        var candidates = db.StatementEntries().Where(o => o.Id != debit.Id && o.Direction == EntryDirection.Credit && !o.IsReversal
            && o.Amount.Amount == debit.Amount.Amount && o.Amount.Currency == debit.Amount.Currency
            && (o.Outcome == EntryOutcome.Matched || o.Outcome == EntryOutcome.Exception));
        var e2e = debit.EndToEndId is { } id && !string.Equals(id, NotProvided, StringComparison.OrdinalIgnoreCase) ? id : null;
        if (e2e is not null && await candidates.Where(o => o.EndToEndId == e2e).OrderByDescending(o => o.Id).FirstOrDefaultAsync(ct) is { } byId)
        {
            return byId;
        }

        if (debit.StructuredReference is { } reference && await candidates.Where(o => o.StructuredReference == reference).OrderByDescending(o => o.Id).FirstOrDefaultAsync(ct) is { } byReference)
        {
            return byReference;
        }

        if (!debit.IsReversal)
        {
            return null;
        }

        if (debit.CounterpartyAccount is { } account)
        {
            return await candidates.Where(o => o.CounterpartyAccount == account).OrderByDescending(o => o.Id).FirstOrDefaultAsync(ct);
        }

        return debit.CounterpartyName is { } name
            ? await candidates.Where(o => o.CounterpartyName == name).OrderByDescending(o => o.Id).FirstOrDefaultAsync(ct)
            : null;
    }

    private async Task UndoCoreAsync(PaymentMatch match, Actor actor, DateTimeOffset now, string reason, CancellationToken ct)
    {
        match.Undo(now, actor.DisplayName, reason);
        var ids = match.Allocations.Select(a => a.InvoiceId).Distinct().ToList();
        var invoices = await db.Invoices.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        foreach (var allocation in match.Allocations)
        {
            invoices[allocation.InvoiceId].Unsettle(allocation.Amount);
        }

        // The ERP hears of it through the outbox, behind the payment's own message: skipped if that has not gone yet,
        // otherwise the journal line is withdrawn or reversed (ErpPaymentExporter).
        var links = await db.Set<ErpPaymentLink>().AsNoTracking().Where(l => l.PaymentMatchId == match.Id).ToListAsync(ct);
        if (links.Count > 0)
        {
            var customer = await db.Companies.AsNoTracking().Where(c => c.Id == match.CompanyId).Select(c => c.ErpCustomerNumber).SingleAsync(ct);
            foreach (var link in links.Where(l => l.State is not (ErpPaymentState.Cancelled or ErpPaymentState.Withdrawn or ErpPaymentState.Reversed)))
            {
                var undone = new PaymentUndoneMessage(link.Reference, match.Id, match.CompanyId, customer, DateOnly.FromDateTime(now.UtcDateTime), link.Amount.Amount,
                    link.Amount.Currency, link.InvoiceNumber, BankStatement.Clip(reason.Trim(), PaymentMatch.ReasonMaxLength), actor.DisplayName, now);
                db.OutboxMessages.Add(new OutboxMessage(PaymentUndoneMessage.Type, PaymentUndoneMessage.IdempotencyKey(link.Reference), JsonSerializer.Serialize(undone, Json), now));
            }
        }

        Audit(actor, now, match.CompanyId, MatchEntity, match.Id, "Undone", match.Describe(), reason.Trim());
    }

    /// <summary>
    /// Each payment allocation of these (saved) matches goes to the ERP as a customer payment journal line applied to its
    /// invoice: a link and an outbox message, saved with the match. Write-offs and tolerated differences are not payments
    /// and are not sent (see docs/integration.md).
    /// </summary>
    private async Task QueueForErpAsync(IReadOnlyList<(PaymentMatch Match, StatementEntry Entry)> made, DateTimeOffset now, CancellationToken ct)
    {
        if (made.Count == 0)
        {
            return;
        }

        var companyIds = made.Select(m => m.Match.CompanyId).Distinct().ToList();
        var customers = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ErpCustomerNumber, ct);
        var invoiceIds = made.SelectMany(m => m.Match.Allocations).Select(a => a.InvoiceId).Distinct().ToList();
        var erpIds = await db.Invoices.AsNoTracking().Where(i => invoiceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.ErpId, ct);
        foreach (var (match, entry) in made)
        {
            foreach (var allocation in match.Allocations.Where(a => a.Kind == AllocationKind.Payment))
            {
                var link = new ErpPaymentLink(match, allocation, now);
                db.Add(link);
                var payer = entry.CounterpartyName is { Length: > 0 } name ? name : "payment";
                var description = BankStatement.Clip($"Portal match {match.Id}: {payer}", 100);
                var message = new PaymentAppliedMessage(link.Reference, match.Id, match.CompanyId, customers[match.CompanyId],
                    entry.BookingDate ?? DateOnly.FromDateTime(now.UtcDateTime), allocation.Amount.Amount, allocation.Amount.Currency,
                    allocation.InvoiceNumber, erpIds[allocation.InvoiceId], description, now);
                db.OutboxMessages.Add(new OutboxMessage(PaymentAppliedMessage.Type, PaymentAppliedMessage.IdempotencyKey(link.Reference),
                    JsonSerializer.Serialize(message, Json), now));
            }
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task LearnAsync(StatementEntry entry, int companyId, DateTimeOffset now, string from, bool overwrite, CancellationToken ct)
    {
        foreach (var (key, isAccount) in PayerKeys(entry))
        {
            var mapping = await db.Set<PayerMapping>().SingleOrDefaultAsync(p => p.Key == key, ct);
            if (mapping is null)
            {
                db.Add(new PayerMapping(key, isAccount, companyId, now, from));
            }
            else if (overwrite && mapping.CompanyId != companyId)
            {
                mapping.Relearn(companyId, now, from);
            }
        }
    }

    private static IEnumerable<(string Key, bool IsAccount)> PayerKeys(StatementEntry entry)
    {
        if (entry.CounterpartyAccount is { Length: > 0 } account && SettlementMatcher.PayerKey(account) is { Length: > 0 } a)
        {
            yield return (a, true);
        }

        if (entry.CounterpartyName is { Length: > 0 } name && SettlementMatcher.PayerKey(name) is { Length: > 0 } n)
        {
            yield return (n[..Math.Min(n.Length, PayerMapping.KeyMaxLength)], false);
        }
    }

    private static SettlementExceptionKind KindOf(MatchProblem problem) => problem switch
    {
        MatchProblem.UnknownPayer => SettlementExceptionKind.UnknownPayer,
        MatchProblem.CurrencyMismatch => SettlementExceptionKind.CurrencyMismatch,
        MatchProblem.AlreadyPaid => SettlementExceptionKind.DuplicatePayment,
        _ => SettlementExceptionKind.Unmatched,
    };

    private async Task OpenAsync(SettlementException exception, Actor actor, DateTimeOffset now, CancellationToken ct, bool save = true)
    {
        db.Add(exception);
        if (save)
        {
            await db.SaveChangesAsync(ct);
            AuditOpened([exception], actor, now);
        }
    }

    private void AuditOpened(IEnumerable<SettlementException> opened, Actor actor, DateTimeOffset now)
    {
        foreach (var exception in opened)
        {
            Audit(actor, now, exception.CompanyId, ExceptionEntity, exception.Id, "Opened", null,
                $"{SettlementExceptionWorkflow.Label(exception.Kind)} of {exception.Amount}: {exception.Description}");
        }
    }

    private void Record(SettlementException exception)
    {
        foreach (var c in exception.TakeChanges())
        {
            db.AuditEntries.Add(new AuditEntry(c.At, c.ActorId, c.ActorName, exception.CompanyId, ExceptionEntity,
                exception.Id.ToString(CultureInfo.InvariantCulture), c.Action, c.Before, c.After));
        }
    }

    private void Audit(Actor actor, DateTimeOffset at, int? companyId, string entity, long id, string action, string? before, string after) =>
        db.AuditEntries.Add(new AuditEntry(at, actor.UserId, actor.DisplayName, companyId, entity, id.ToString(CultureInfo.InvariantCulture), action, before, after));

    private static void MayWork(Actor actor)
    {
        if (!SettlementExceptionWorkflow.MayFire(SettlementExceptionTrigger.Resolve, actor) || actor.IsSystem)
        {
            throw new DomainException("Only an accountant or an administrator matches payments.");
        }
    }
}
