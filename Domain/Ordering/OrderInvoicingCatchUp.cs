using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// Brings orders whose invoicing track does not match their invoices into line: orders from before invoicing ran beside
/// fulfilment (Confirmed with a full invoice, Delivered or in the retired Invoiced state with one), and any an invoice
/// change did not reach. It asks the database only for orders that disagree with their invoices, so a second run finds
/// nothing and changes nothing; it runs after migrations and in the daily sync housekeeping.
/// </summary>
public sealed class OrderInvoicingCatchUp(PortalDbContext db, TimeProvider clock, ILogger<OrderInvoicingCatchUp> logger)
{
    private const int BatchSize = 200;
    private static readonly Actor Erp = Actor.System("ERP sync");

    /// <returns>How many orders changed.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var changed = 0;
        var afterId = 0;
        while (true)
        {
            var batch = await Stranded().Where(o => o.Id > afterId).OrderBy(o => o.Id).Take(BatchSize)
                .Include(o => o.History).AsSplitQuery().ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            afterId = batch[^1].Id;
            var numbers = batch.ConvertAll(o => o.Number);
            var invoices = await db.Invoices.AsNoTracking().Where(i => i.OrderNumber != null && numbers.Contains(i.OrderNumber)).ToListAsync(ct);
            var companyIds = batch.Select(o => o.CompanyId).Distinct().ToList();
            var companies = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var now = clock.GetUtcNow();
            foreach (var order in batch)
            {
                if (order.FollowInvoices(invoices.FindAll(i => i.OrderNumber == order.Number), Erp, now))
                {
                    changed++;
                    OrderLedger.Record(db, order, companies[order.CompanyId], now);
                }
            }

            await db.SaveChangesAsync(ct);
        }

        if (changed > 0)
        {
            logger.LogInformation("Invoicing catch-up: {Count} orders brought in line with their invoices", changed);
        }

        return changed;
    }

    /// <summary>
    /// Orders whose invoiced amount differs from what their counting invoices bill, and delivered (or retired Invoiced)
    /// orders invoiced in full that did not close.
    /// </summary>
    private IQueryable<Order> Stranded() =>
        db.Orders().Where(o =>
            o.InvoicedAmount != db.Invoices
                .Where(i => i.OrderNumber == o.Number && (i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.Paid)
                    && i.TotalExcludingTax.Currency == o.Total.Currency)
                .Sum(i => i.TotalExcludingTax.Amount)
            || (o.Invoicing == InvoicingState.Invoiced && (o.State == OrderState.Delivered || o.State == OrderState.Invoiced)));
}
