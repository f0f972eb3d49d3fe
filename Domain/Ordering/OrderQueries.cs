using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

public sealed record OrderFilter(
    OrderState? State = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? PurchaseOrderNumber = null,
    string? Sku = null,
    string? Number = null,
    int? CompanyId = null,
    int Page = 1,
    int PageSize = 25)
{
    public const int MaxPageSize = 100;

    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (Page < 1)
        {
            errors["page"] = "The page is 1 or more.";
        }

        if (State is { } state && !Enum.IsDefined(state))
        {
            errors["status"] = "Unknown status; use one of " + string.Join(", ", Enum.GetNames<OrderState>()) + ".";
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = $"The page size is 1 to {MaxPageSize}.";
        }

        if (From is { } f && To is { } t && t < f)
        {
            errors["to"] = "The end date is before the start date.";
        }

        return errors;
    }
}

/// <param name="PlacedBy">The buyer whose order it is.</param>
/// <param name="PlacedOnBehalfBy">The sales rep or administrator who placed it for that buyer, if it was placed on their behalf.</param>
public sealed record OrderSummary(int Id, string Number, string CompanyName, string PlacedBy, OrderState State, Money Total, string? PurchaseOrderNumber, DateTimeOffset CreatedAt, int LineCount,
    InvoicingState Invoicing, string? PlacedOnBehalfBy = null)
{
    /// <summary>"Sam Salesrep for Alice Buyer" for an order placed on a buyer's behalf, else the buyer.</summary>
    public string PlacedByText => PlacedOnBehalfBy is { } staff ? $"{staff} for {PlacedBy}" : PlacedBy;
}

public sealed record OrderPage(IReadOnlyList<OrderSummary> Items, int Page, int PageSize, bool HasNext);

/// <summary>Order reads for pages and the API. A buyer's reads are always filtered by their company; staff may pass any company or none.</summary>
public static class OrderQueries
{
    public static async Task<OrderPage> SearchOrdersAsync(this PortalDbContext db, Actor viewer, OrderFilter filter, CancellationToken ct)
    {
        var orders = db.Orders().AsNoTracking();
        if (!viewer.IsStaff)
        {
            var own = viewer.CompanyId ?? -1;
            orders = orders.Where(o => o.CompanyId == own);
        }
        else if (filter.CompanyId is { } company)
        {
            orders = orders.Where(o => o.CompanyId == company);
        }

        if (filter.State is { } state)
        {
            orders = orders.Where(o => o.State == state);
        }

        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            orders = orders.Where(o => o.CreatedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            orders = orders.Where(o => o.CreatedAt < end);
        }

        if (!string.IsNullOrWhiteSpace(filter.PurchaseOrderNumber))
        {
            var po = filter.PurchaseOrderNumber.Trim();
            orders = orders.Where(o => o.PurchaseOrderNumber == po);
        }

        if (!string.IsNullOrWhiteSpace(filter.Number))
        {
            var number = filter.Number.Trim().ToUpperInvariant();
            orders = orders.Where(o => o.Number == number || o.ErpOrderNumber == filter.Number.Trim());
        }

        if (!string.IsNullOrWhiteSpace(filter.Sku))
        {
            var sku = Common.Sku.Normalize(filter.Sku);
            orders = orders.Where(o => o.Lines.Any(l => l.Sku == sku));
        }

        var rows = await orders
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip(Paging.Offset(filter.Page, filter.PageSize))
            .Take(filter.PageSize + 1)
            .Select(o => new
            {
                o.Id, o.Number, Company = db.Companies.Where(c => c.Id == o.CompanyId).Select(c => c.Name).First(), o.PlacedByName, o.PlacedOnBehalfByName, o.State,
                o.Total, o.PurchaseOrderNumber, o.CreatedAt, Lines = o.Lines.Count, o.Invoicing,
            })
            .ToListAsync(ct);
        return new OrderPage(
            rows.Take(filter.PageSize).Select(r => new OrderSummary(r.Id, r.Number, r.Company, r.PlacedByName, r.State, r.Total, r.PurchaseOrderNumber, r.CreatedAt, r.Lines, r.Invoicing, r.PlacedOnBehalfByName)).ToList(),
            filter.Page, filter.PageSize, rows.Count > filter.PageSize);
    }

    /// <summary>The order with lines and history, if the viewer may see it (404 otherwise); its shipments: <see cref="ShipmentsOfAsync"/>, its invoices: <see cref="InvoicesOfAsync"/>.</summary>
    public static Task<Order?> OrderForAsync(this PortalDbContext db, Actor viewer, string number, CancellationToken ct)
    {
        var orders = db.Orders().AsNoTracking().Include(o => o.Lines).Include(o => o.History).AsSplitQuery();
        if (!viewer.IsStaff)
        {
            var own = viewer.CompanyId ?? -1;
            orders = orders.Where(o => o.CompanyId == own);
        }

        var normalized = (number ?? string.Empty).Trim().ToUpperInvariant();
        return orders.SingleOrDefaultAsync(o => o.Number == normalized, ct);
    }

    /// <summary>
    /// The invoices naming an order, as stored and as added or changed in this unit of work (InvoiceSync tells the order
    /// before its page is saved), by invoice date. Call it for an order the viewer may see.
    /// </summary>
    public static async Task<List<Invoicing.Invoice>> InvoicesOfAsync(this PortalDbContext db, string orderNumber, CancellationToken ct)
    {
        var stored = await db.Invoices.Where(i => i.OrderNumber == orderNumber).ToListAsync(ct);
        return stored.Union(db.Invoices.Local)
            .Where(i => i.OrderNumber == orderNumber)
            .OrderBy(i => i.InvoiceDate).ThenBy(i => i.Number, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>An order's shipments for its page and the API, oldest news first. Call it for an order the viewer may see.</summary>
    public static Task<List<Shipping.Shipment>> ShipmentsOfAsync(this PortalDbContext db, string orderNumber, CancellationToken ct) =>
        db.Shipments.AsNoTracking().Include(s => s.Lines).Where(s => s.OrderNumber == orderNumber)
            .OrderBy(s => s.RegisteredAt).ThenBy(s => s.Id)
            .ToListAsync(ct);
}
