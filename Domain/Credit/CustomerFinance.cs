using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Returns;
using B2BPortal.Domain.Settlements;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Credit;

/// <summary>Which of a company's invoices to list.</summary>
public enum InvoiceFilter
{
    All,
    Open,
    Paid,
    Overdue,
}

/// <param name="DaysOverdue">Days past the due date today, for an open invoice past it; null otherwise.</param>
public sealed record InvoiceListItem(int Id, string Number, string? OrderNumber, DateOnly InvoiceDate, DateOnly DueDate, Money Total, Money Remaining, InvoiceStatus Status, int? DaysOverdue);

public sealed record InvoicePage(IReadOnlyList<InvoiceListItem> Items, int Page, int PageSize, bool HasNext);

public sealed record PaymentItem(DateOnly PostingDate, string? DocumentNumber, Money Amount, string? AppliesToInvoiceNumber, string? Description);

public sealed record InvoiceDetail(InvoiceListItem Invoice, IReadOnlyList<PaymentItem> Payments);

public enum StatementEntryKind
{
    Invoice,
    Payment,

    /// <summary>A posted credit memo (goods returned): a credit, like a payment.</summary>
    CreditMemo,
}

/// <summary>One line of a statement: an invoice (a debit), a payment or a credit memo (credits), and the balance after it.</summary>
public sealed record StatementEntry(DateOnly Date, StatementEntryKind Kind, string Reference, DateOnly? DueDate, decimal Debit, decimal Credit, decimal Balance);

/// <summary>The statement in one currency: amounts of different currencies are never added.</summary>
public sealed record StatementAccount(string Currency, decimal Opening, IReadOnlyList<StatementEntry> Entries)
{
    public decimal Invoiced => Entries.Sum(e => e.Debit);

    public decimal Paid => Entries.Sum(e => e.Credit);

    public decimal Closing => Opening + Invoiced - Paid;
}

public sealed record CustomerStatement(int CompanyId, DateOnly From, DateOnly To, IReadOnlyList<StatementAccount> Accounts);

/// <summary>A statement's period, checked: both days given and readable, from ≤ to, at most <see cref="MaxDays"/> days.</summary>
public readonly record struct StatementPeriod(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    /// <summary>Reads yyyy-MM-dd days; the errors name the parameter (from, to) and say what is wrong.</summary>
    public static StatementPeriod? TryParse(string? from, string? to, IDictionary<string, string> errors)
    {
        var f = Day(from, "from", errors);
        var t = Day(to, "to", errors);
        if (f is null || t is null)
        {
            return null;
        }

        if (f > t)
        {
            errors["from"] = $"The period starts ({f:yyyy-MM-dd}) after it ends ({t:yyyy-MM-dd}); 'from' must be on or before 'to'.";
            return null;
        }

        if (t.Value.DayNumber - f.Value.DayNumber + 1 > MaxDays)
        {
            errors["to"] = $"A statement covers at most {MaxDays} days; {f:yyyy-MM-dd} to {t:yyyy-MM-dd} is {t.Value.DayNumber - f.Value.DayNumber + 1}. Ask for a shorter period.";
            return null;
        }

        return new StatementPeriod(f.Value, t.Value);
    }

    private static DateOnly? Day(string? text, string name, IDictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[name] = $"'{name}' is required: a day written yyyy-MM-dd, e.g. 2026-01-31.";
            return null;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[name] = $"'{text.Trim()}' is not a day: write '{name}' as yyyy-MM-dd, e.g. 2026-01-31.";
            return null;
        }

        return day;
    }
}

/// <summary>
/// A customer company's own finance reads: its invoices (open, paid, overdue), payments and statement. Every read takes
/// the company id and filters by it first, so a caller passing the signed-in user's company can never see another's.
/// Canceled and corrected invoices (Business Central's "Corrective": reversed by a credit memo) are not owed and are left
/// out; open and paid ones are listed with the figures the ERP synced.
/// </summary>
public static class CustomerFinance
{
    public const int MaxPageSize = 100;

    private static readonly InvoiceStatus[] Owed = [InvoiceStatus.Open, InvoiceStatus.Paid];

    public static IQueryable<Invoice> InvoicesOf(this PortalDbContext db, int companyId) =>
        db.Invoices.AsNoTracking().Where(i => i.CompanyId == companyId && Owed.Contains(i.Status));

    /// <summary>Overdue: open with a remaining amount and due before today. Newest invoice first; overdue ones oldest due date first.</summary>
    public static async Task<InvoicePage> InvoicesAsync(this PortalDbContext db, int companyId, InvoiceFilter filter, DateOnly today, int page, int pageSize, CancellationToken ct)
    {
        var invoices = db.InvoicesOf(companyId);
        invoices = filter switch
        {
            InvoiceFilter.Open => invoices.Where(i => i.Status == InvoiceStatus.Open && i.Remaining.Amount > 0),
            InvoiceFilter.Paid => invoices.Where(i => i.Status == InvoiceStatus.Paid || i.Remaining.Amount == 0),
            InvoiceFilter.Overdue => invoices.Where(i => i.Status == InvoiceStatus.Open && i.Remaining.Amount > 0 && i.DueDate < today),
            _ => invoices,
        };
        var ordered = filter == InvoiceFilter.Overdue
            ? invoices.OrderBy(i => i.DueDate).ThenBy(i => i.Id)
            : invoices.OrderByDescending(i => i.InvoiceDate).ThenByDescending(i => i.Id);
        var rows = await ordered.Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        return new InvoicePage(rows.Take(pageSize).Select(i => Item(i, today)).ToList(), page, pageSize, rows.Count > pageSize);
    }

    /// <summary>One of the company's invoices by number, with the payments applied to it; null when the company has none by that number.</summary>
    public static async Task<InvoiceDetail?> InvoiceAsync(this PortalDbContext db, int companyId, string number, DateOnly today, CancellationToken ct)
    {
        var invoice = await db.InvoicesOf(companyId).Where(i => i.Number == number).OrderByDescending(i => i.InvoiceDate).FirstOrDefaultAsync(ct);
        if (invoice is null)
        {
            return null;
        }

        var payments = await db.CustomerPayments.AsNoTracking()
            .Where(p => p.CompanyId == companyId && p.AppliesToInvoiceNumber == number)
            .OrderBy(p => p.PostingDate).ThenBy(p => p.Id)
            .Select(p => new PaymentItem(p.PostingDate, p.DocumentNumber, p.Amount, p.AppliesToInvoiceNumber, p.Description))
            .ToListAsync(ct);
        return new InvoiceDetail(Item(invoice, today), payments);
    }

    /// <summary>The company's latest payments, newest first.</summary>
    public static async Task<IReadOnlyList<PaymentItem>> RecentPaymentsAsync(this PortalDbContext db, int companyId, int take, CancellationToken ct) =>
        await db.CustomerPayments.AsNoTracking()
            .Where(p => p.CompanyId == companyId)
            .OrderByDescending(p => p.PostingDate).ThenByDescending(p => p.Id).Take(take)
            .Select(p => new PaymentItem(p.PostingDate, p.DocumentNumber, p.Amount, p.AppliesToInvoiceNumber, p.Description))
            .ToListAsync(ct);

    /// <summary>
    /// Opening balance (invoiced minus paid and credited before the period, summed in the database), then every invoice
    /// (by invoice date), payment (by posting date) and posted credit memo (by its date) of the period in date order, per
    /// currency. On one day invoices come before payments, payments before credit memos.
    /// </summary>
    public static async Task<CustomerStatement> StatementAsync(this PortalDbContext db, int companyId, StatementPeriod period, CancellationToken ct)
    {
        var (from, to) = (period.From, period.To);
        var invoicedBefore = await db.InvoicesOf(companyId).Where(i => i.InvoiceDate < from)
            .GroupBy(i => i.Total.Currency).Select(g => new { Currency = g.Key, Amount = g.Sum(i => i.Total.Amount) }).ToListAsync(ct);
        var paidBefore = await db.CustomerPayments.AsNoTracking().Where(p => p.CompanyId == companyId && p.PostingDate < from)
            .GroupBy(p => p.Amount.Currency).Select(g => new { Currency = g.Key, Amount = g.Sum(p => p.Amount.Amount) }).ToListAsync(ct);
        var credits = db.CreditMemos().AsNoTracking().Where(m => m.CompanyId == companyId && (m.Status == InvoiceStatus.Open || m.Status == InvoiceStatus.Paid));
        var creditedBefore = await credits.Where(m => m.CreditMemoDate < from)
            .GroupBy(m => m.Total.Currency).Select(g => new { Currency = g.Key, Amount = g.Sum(m => m.Total.Amount) }).ToListAsync(ct);
        var memos = await credits.Where(m => m.CreditMemoDate >= from && m.CreditMemoDate <= to)
            .OrderBy(m => m.CreditMemoDate).ThenBy(m => m.Number)
            .Select(m => new { m.CreditMemoDate, m.Number, m.ReturnNumber, m.Total }).ToListAsync(ct);
        var invoices = await db.InvoicesOf(companyId).Where(i => i.InvoiceDate >= from && i.InvoiceDate <= to)
            .OrderBy(i => i.InvoiceDate).ThenBy(i => i.Number)
            .Select(i => new { i.InvoiceDate, i.Number, i.DueDate, i.Total }).ToListAsync(ct);
        var payments = await db.CustomerPayments.AsNoTracking().Where(p => p.CompanyId == companyId && p.PostingDate >= from && p.PostingDate <= to)
            .OrderBy(p => p.PostingDate).ThenBy(p => p.Id)
            .Select(p => new { p.PostingDate, p.DocumentNumber, p.AppliesToInvoiceNumber, p.Amount }).ToListAsync(ct);

        // Payments matched in the portal that the ERP has not shown back yet count from the day the bank booked them; once
        // PaymentSync reads one back it is among CustomerPayments (PortalReference) and its link says Booked: counted once.
        var portal = await (from link in db.Set<ErpPaymentLink>().AsNoTracking()
                            where link.CompanyId == companyId && (link.State == ErpPaymentState.Queued || link.State == ErpPaymentState.Sent)
                            join match in db.Set<PaymentMatch>() on link.PaymentMatchId equals match.Id
                            where match.State == PaymentMatchState.Applied
                            join entry in db.StatementEntries() on match.StatementEntryId equals entry.Id
                            select new { entry.BookingDate, link.QueuedAt, link.Reference, link.InvoiceNumber, link.Amount }).ToListAsync(ct);
        var pending = portal.Select(p => new { PostingDate = p.BookingDate ?? DateOnly.FromDateTime(p.QueuedAt.UtcDateTime), DocumentNumber = (string?)p.Reference, AppliesToInvoiceNumber = (string?)p.InvoiceNumber, p.Amount }).ToList();
        paidBefore = [.. paidBefore.Concat(pending.Where(p => p.PostingDate < from).Select(p => new { Currency = p.Amount.Currency, p.Amount.Amount }))];
        payments = [.. payments.Concat(pending.Where(p => p.PostingDate >= from && p.PostingDate <= to)).OrderBy(p => p.PostingDate)];

        var currencies = invoicedBefore.Select(i => i.Currency).Concat(paidBefore.Select(p => p.Currency))
            .Concat(invoices.Select(i => i.Total.Currency)).Concat(payments.Select(p => p.Amount.Currency))
            .Concat(creditedBefore.Select(c => c.Currency)).Concat(memos.Select(m => m.Total.Currency))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var accounts = new List<StatementAccount>();
        foreach (var currency in currencies)
        {
            var opening = invoicedBefore.Where(i => i.Currency == currency).Sum(i => i.Amount) - paidBefore.Where(p => p.Currency == currency).Sum(p => p.Amount)
                - creditedBefore.Where(c => c.Currency == currency).Sum(c => c.Amount);
            var moves = invoices.Where(i => i.Total.Currency == currency)
                .Select(i => (Date: i.InvoiceDate, Kind: StatementEntryKind.Invoice, Reference: i.Number, Due: (DateOnly?)i.DueDate, Debit: i.Total.Amount, Credit: 0m))
                .Concat(payments.Where(p => p.Amount.Currency == currency)
                    .Select(p => (Date: p.PostingDate, Kind: StatementEntryKind.Payment, Reference: PaymentReference(p.DocumentNumber, p.AppliesToInvoiceNumber), Due: (DateOnly?)null, Debit: 0m, Credit: p.Amount.Amount)))
                .Concat(memos.Where(m => m.Total.Currency == currency)
                    .Select(m => (Date: m.CreditMemoDate, Kind: StatementEntryKind.CreditMemo, Reference: m.ReturnNumber is { } r ? $"Credit memo {m.Number} (return {r})" : $"Credit memo {m.Number}",
                        Due: (DateOnly?)null, Debit: 0m, Credit: m.Total.Amount)))
                .OrderBy(m => m.Date).ThenBy(m => m.Kind);
            var balance = opening;
            var entries = new List<StatementEntry>();
            foreach (var m in moves)
            {
                balance += m.Debit - m.Credit;
                entries.Add(new StatementEntry(m.Date, m.Kind, m.Reference, m.Due, m.Debit, m.Credit, balance));
            }

            accounts.Add(new StatementAccount(currency, opening, entries));
        }

        return new CustomerStatement(companyId, from, to, accounts);
    }

    private static string PaymentReference(string? document, string? appliesTo) =>
        (document, appliesTo) switch
        {
            ({ } d, { } a) => $"{d} (for {a})",
            ({ } d, null) => d,
            (null, { } a) => $"Payment for {a}",
            _ => "Payment",
        };

    private static InvoiceListItem Item(Invoice i, DateOnly today) =>
        new(i.Id, i.Number, i.OrderNumber, i.InvoiceDate, i.DueDate, i.Total, i.Remaining, i.Status,
            i.IsOverdue(today) ? today.DayNumber - i.DueDate.DayNumber : null);
}
