using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Sync;

/// <summary>Customer payments the ERP booked, into CustomerPayments, for the settlement and credit pages.</summary>
public sealed class PaymentSync(PortalDbContext db, IErpGateway erp, TimeProvider time, ILogger<PaymentSync> logger)
    : PagedErpSync<ErpPayment>(db, time, logger)
{
    public const string Name = "PaymentSync";

    public override string JobName => Name;

    protected override Task<ErpPage<ErpPayment>> ReadAsync(ErpReadRequest request, CancellationToken ct) => erp.ReadPaymentsAsync(request, ct);

    protected override string KeyOf(ErpPayment record) => record.Id;

    protected override async Task<PageOutcome> ApplyAsync(IReadOnlyList<ErpRecord<ErpPayment>> records, CancellationToken ct)
    {
        var values = records.Select(r => r.Value!).ToList();
        var customerNumbers = values.Select(v => v.CustomerNumber).Distinct().ToList();
        var companies = await Db.Companies.AsNoTracking().Where(c => customerNumbers.Contains(c.ErpCustomerNumber))
            .ToDictionaryAsync(c => c.ErpCustomerNumber, c => c.Id, StringComparer.Ordinal, ct);
        var ids = values.Select(v => v.Id).ToList();
        var existing = await Db.CustomerPayments.Where(p => ids.Contains(p.ErpId)).ToDictionaryAsync(p => p.ErpId, StringComparer.Ordinal, ct);

        var failures = new List<RecordFailure>();
        var applied = new List<string>();
        int created = 0, updated = 0;
        foreach (var record in records)
        {
            var v = record.Value!;
            if (!companies.TryGetValue(v.CustomerNumber, out var companyId))
            {
                failures.Add(new RecordFailure(v.Id, $"Unknown customer number {v.CustomerNumber} on payment {v.DocumentNumber ?? v.Id}.", record.Payload));
                continue;
            }

            var isNew = !existing.TryGetValue(v.Id, out var payment);
            if (payment is null)
            {
                payment = new CustomerPayment(v.Id, companyId);
                Db.CustomerPayments.Add(payment);
                existing[v.Id] = payment;
            }

            var changed = payment.ApplyErp(companyId, v.PostingDate, v.DocumentNumber, Money.Of(v.Amount, v.Currency), v.AppliesToInvoiceNumber, v.Description, v.LastModified);
            applied.Add(v.Id);
            if (isNew)
            {
                created++;
            }
            else if (changed)
            {
                updated++;
            }
        }

        return new PageOutcome(created, updated, failures, applied);
    }
}
