using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Credit;

/// <summary>
/// What a company owes and has committed, in its account's currency, part by part so it can be explained:
/// open invoices' remaining amounts, placed orders the ERP has not invoiced yet, orders waiting in credit hold, and
/// (when Credit:CountPendingApproval) orders waiting for the buyer's own approval.
/// </summary>
public sealed record CreditExposure(Money OpenInvoices, Money OrdersNotInvoiced, Money OrdersOnCreditHold, Money OrdersPendingApproval)
{
    public Money Total => OpenInvoices + OrdersNotInvoiced + OrdersOnCreditHold + OrdersPendingApproval;

    public string Explain() =>
        $"open invoices {OpenInvoices}, orders not yet invoiced {OrdersNotInvoiced}, orders on credit hold {OrdersOnCreditHold}, orders awaiting approval {OrdersPendingApproval}";
}

/// <param name="DaysOverdue">Days past the due date as of the day asked about.</param>
public sealed record OverdueInvoice(string Number, DateOnly InvoiceDate, DateOnly DueDate, Money Remaining, int DaysOverdue);

/// <summary>The live exposure and overdue reads, shared by the credit check, the daily review and the pages.</summary>
public static class CreditExposureQueries
{
    /// <summary>Placed and not closed (held orders are counted apart; closed, cancelled ones not at all); what of them is not yet invoiced counts.</summary>
    private static readonly OrderState[] AwaitingInvoice =
    [
        OrderState.Placed, OrderState.SubmittedToErp, OrderState.Confirmed, OrderState.PartiallyShipped, OrderState.Shipped, OrderState.Delivered,
    ];

    /// <summary>
    /// The company's orders in <paramref name="states"/> the ERP has not invoiced in full: by their invoicing track, so an
    /// invoice that arrives before the shipment stops the order counting at once. What the invoices bill counts through
    /// their remaining amounts (<see cref="OpenInvoices"/>), so an order counts only its total less what its invoices bill:
    /// never the same money twice.
    /// </summary>
    public static IQueryable<Order> NotYetInvoiced(this PortalDbContext db, int companyId, IReadOnlyCollection<OrderState> states) =>
        db.Orders().Where(o => o.CompanyId == companyId && states.Contains(o.State) && o.Invoicing != InvoicingState.Invoiced);

    public static IQueryable<Invoice> OpenInvoices(this PortalDbContext db, int companyId) =>
        db.Invoices.Where(i => i.CompanyId == companyId && i.Status == InvoiceStatus.Open && i.Remaining.Amount > 0);

    /// <param name="excludeOrderNumber">The order being checked, when it is already stored (an approval), so it is not counted twice.</param>
    /// <remarks>
    /// The four parts come back in one statement (one scalar subquery each over the company's row), not four round trips:
    /// the credit check runs inside placement, and on PostgreSQL each round trip costs more than the sums themselves.
    /// The open invoices' sum reads the filtered index of open invoices alone (migration CreditSpeed).
    /// </remarks>
    public static async Task<CreditExposure> ExposureAsync(this PortalDbContext db, int companyId, string currency, bool countPendingApproval, string? excludeOrderNumber, CancellationToken ct)
    {
        var exclude = excludeOrderNumber ?? "";
        var awaiting = db.NotYetInvoiced(companyId, AwaitingInvoice).Where(o => o.Total.Currency == currency && o.Number != exclude);
        var held = db.NotYetInvoiced(companyId, [OrderState.CreditHold]).Where(o => o.Total.Currency == currency && o.Number != exclude);
        var invoices = db.OpenInvoices(companyId).Where(i => i.Remaining.Currency == currency);
        var pending = db.Orders().Where(o => countPendingApproval && o.CompanyId == companyId && o.State == OrderState.PendingApproval && o.Total.Currency == currency && o.Number != exclude);
        var sums = await db.Companies.AsNoTracking().Where(c => c.Id == companyId)
            .Select(c => new
            {
                Invoices = invoices.Sum(i => i.Remaining.Amount),
                NotInvoiced = awaiting.Sum(o => o.Total.Amount - o.InvoicedAmount),
                Held = held.Sum(o => o.Total.Amount - o.InvoicedAmount),
                Pending = pending.Sum(o => o.Total.Amount - o.InvoicedAmount),
            })
            .SingleAsync(ct);
        return new CreditExposure(Money.Of(sums.Invoices, currency), Money.Of(sums.NotInvoiced, currency), Money.Of(sums.Held, currency), Money.Of(sums.Pending, currency));
    }

    /// <summary>Open invoices past their due date plus <paramref name="graceDays"/> on <paramref name="today"/>, oldest first.</summary>
    public static async Task<List<OverdueInvoice>> OverdueAsync(this PortalDbContext db, int companyId, DateOnly today, int graceDays, int take, CancellationToken ct)
    {
        var dueBefore = today.AddDays(-graceDays);
        var rows = await db.OpenInvoices(companyId).AsNoTracking().Where(i => i.DueDate < dueBefore).OrderBy(i => i.DueDate).Take(take)
            .Select(i => new { i.Number, i.InvoiceDate, i.DueDate, i.Remaining })
            .ToListAsync(ct);
        return rows.ConvertAll(i => new OverdueInvoice(i.Number, i.InvoiceDate, i.DueDate, i.Remaining, today.DayNumber - i.DueDate.DayNumber));
    }
}
