using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Customers;

public sealed record OverviewOrder(string Number, DateTimeOffset CreatedAt, OrderState State, Money Total, string PlacedBy, string? PurchaseOrderNumber);

public sealed record OverviewQuote(string Number, QuoteState State, string RequestedBy, DateTimeOffset UpdatedAt, DateTimeOffset? ValidUntil);

/// <summary>What a sales rep sees of one customer on one page: its latest orders, its open quotes and its latest audited activity.</summary>
public sealed record CustomerActivity(IReadOnlyList<OverviewOrder> Orders, IReadOnlyList<OverviewQuote> OpenQuotes, IReadOnlyList<AuditRow> Activity);

/// <summary>
/// Which customer companies a member of staff may look at, and the reads of the customer page. Accountants and
/// administrators see every company; a sales rep (without either of those roles) only the companies they serve (the
/// company's <c>SalesRepUserId</c>), the same rule as ordering on a buyer's behalf. A company outside that answers as
/// if it did not exist.
/// </summary>
public static class CustomerOverview
{
    public const int RecentOrders = 10;
    public const int OpenQuotesShown = 20;
    public const int ActivityShown = 15;

    /// <summary>Quotes still in play: neither ordered nor closed one way or another.</summary>
    public static readonly QuoteState[] OpenQuoteStates =
    [
        QuoteState.Draft, QuoteState.Submitted, QuoteState.InReview, QuoteState.PendingInternalApproval, QuoteState.Approved,
        QuoteState.Sent, QuoteState.RevisionRequested, QuoteState.Accepted,
    ];

    /// <summary>True when the staff member sees every company; false for a sales rep, who sees those they serve.</summary>
    public static bool SeesEveryCompany(Actor staff) =>
        staff.IsStaff && (staff.IsInRole(Roles.Administrator) || staff.IsInRole(Roles.Accountant));

    /// <summary>The companies <paramref name="staff"/> may look at; none for anyone who is not staff.</summary>
    public static IQueryable<CustomerCompany> VisibleTo(this IQueryable<CustomerCompany> companies, Actor staff) =>
        !staff.IsStaff ? companies.Where(c => false)
        : SeesEveryCompany(staff) ? companies
        : companies.Where(c => c.SalesRepUserId == staff.UserId);

    /// <summary>The latest orders, the open quotes and the latest audit entries of the company (three bounded queries on indexed columns).</summary>
    public static async Task<CustomerActivity> ActivityAsync(this PortalDbContext db, int companyId, CancellationToken ct)
    {
        var orders = await db.Orders().AsNoTracking().Where(o => o.CompanyId == companyId)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(RecentOrders)
            .Select(o => new { o.Number, o.CreatedAt, o.State, o.Total, o.PlacedByName, o.PlacedOnBehalfByName, o.PurchaseOrderNumber })
            .ToListAsync(ct);
        var quotes = await db.Quotes().AsNoTracking().Where(q => q.CompanyId == companyId && OpenQuoteStates.Contains(q.State))
            .OrderByDescending(q => q.UpdatedAt).Take(OpenQuotesShown)
            .Select(q => new OverviewQuote(q.Number, q.State, q.RequestedByName, q.UpdatedAt, q.ValidUntil))
            .ToListAsync(ct);
        var activity = await db.PageAsync(new AuditQuery(companyId, null, null, null, null, null, null), 1, ct);
        return new CustomerActivity(
            orders.ConvertAll(o => new OverviewOrder(o.Number, o.CreatedAt, o.State, o.Total,
                o.PlacedOnBehalfByName is { } staff ? $"{staff} for {o.PlacedByName}" : o.PlacedByName, o.PurchaseOrderNumber)),
            quotes,
            activity.Rows.Take(ActivityShown).ToList());
    }
}
