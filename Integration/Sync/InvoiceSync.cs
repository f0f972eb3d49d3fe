using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Posted sales invoices into Invoices. An invoice that bills a portal order (its external document number, or the ERP
/// order the export created) tells the order whenever it arrives or changes (paid, cancelled, corrected, re-pointed),
/// so the order's invoicing track follows what the ERP billed.
/// </summary>
public sealed class InvoiceSync(PortalDbContext db, IErpGateway erp, IOrderStatusUpdates orders, TimeProvider time, ILogger<InvoiceSync> logger)
    : PagedErpSync<ErpInvoice>(db, time, logger)
{
    public const string Name = "InvoiceSync";

    public override string JobName => Name;

    protected override Task<ErpPage<ErpInvoice>> ReadAsync(ErpReadRequest request, CancellationToken ct) => erp.ReadInvoicesAsync(request, ct);

    protected override string KeyOf(ErpInvoice record) => record.Number;

    protected override async Task<PageOutcome> ApplyAsync(IReadOnlyList<ErpRecord<ErpInvoice>> records, CancellationToken ct)
    {
        var values = records.Select(r => r.Value!).ToList();
        var customerNumbers = values.Select(v => v.CustomerNumber).Distinct().ToList();
        var companies = await Db.Companies.AsNoTracking().Where(c => customerNumbers.Contains(c.ErpCustomerNumber))
            .ToDictionaryAsync(c => c.ErpCustomerNumber, c => c.Id, StringComparer.Ordinal, ct);
        var refs = values.Select(v => v.OrderReference).OfType<string>().Distinct().ToList();
        var erpOrders = values.Select(v => v.ErpOrderNumber).OfType<string>().Distinct().ToList();
        var links = await Db.ErpOrderLinks.AsNoTracking()
            .Where(l => refs.Contains(l.OrderNumber) || erpOrders.Contains(l.ErpOrderNumber))
            .ToListAsync(ct);
        var ids = values.Select(v => v.Id).ToList();
        var existing = await Db.Invoices.Where(i => ids.Contains(i.ErpId)).ToDictionaryAsync(i => i.ErpId, StringComparer.Ordinal, ct);

        var failures = new List<RecordFailure>();
        var applied = new List<string>();
        var touched = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        int created = 0, updated = 0;
        foreach (var record in records)
        {
            var v = record.Value!;
            if (!companies.TryGetValue(v.CustomerNumber, out var companyId))
            {
                failures.Add(new RecordFailure(v.Number, $"Unknown customer number {v.CustomerNumber} on invoice {v.Number}.", record.Payload));
                continue;
            }

            InvoiceStatus? parsed = v.Status switch
            {
                "Draft" or "In Review" => InvoiceStatus.Draft,
                "Open" => InvoiceStatus.Open,
                "Paid" => InvoiceStatus.Paid,
                "Canceled" or "Cancelled" => InvoiceStatus.Canceled,
                "Corrective" => InvoiceStatus.Corrective,
                _ => null,
            };
            if (parsed is not { } status)
            {
                failures.Add(new RecordFailure(v.Number, $"Unknown invoice status '{v.Status}' on invoice {v.Number}.", record.Payload));
                continue;
            }

            var orderNumber = links.Find(l => l.OrderNumber == v.OrderReference)?.OrderNumber
                ?? links.Find(l => v.ErpOrderNumber is not null && l.ErpOrderNumber == v.ErpOrderNumber)?.OrderNumber;
            var isNew = !existing.TryGetValue(v.Id, out var invoice);
            if (invoice is null)
            {
                invoice = new Invoice(v.Id, v.Number, companyId);
                Db.Invoices.Add(invoice);
                existing[v.Id] = invoice;
            }

            var hadOrder = invoice.OrderNumber;
            var changed = invoice.ApplyErp(companyId, orderNumber, v.InvoiceDate, v.DueDate, Money.Of(v.TotalExcludingTax, v.Currency),
                Money.Of(v.TotalIncludingTax, v.Currency), Money.Of(v.RemainingAmount, v.Currency), status, v.LastModified);
            applied.Add(v.Number);
            if (isNew)
            {
                created++;
            }
            else if (changed)
            {
                updated++;
            }

            foreach (var order in new[] { hadOrder, orderNumber }.OfType<string>().Where(_ => changed || hadOrder != orderNumber))
            {
                touched[order] = touched.TryGetValue(order, out var at) && at > v.LastModified ? at : v.LastModified;
            }
        }

        // Told inside the page's transaction: if the page rolls back, the next run tells the order again
        // (the port is idempotent), and an order is never told about an invoice the portal did not keep.
        foreach (var (order, at) in touched)
        {
            await orders.InvoicesChangedAsync(order, at, ct);
        }

        return new PageOutcome(created, updated, failures, applied);
    }
}
