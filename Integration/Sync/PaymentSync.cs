using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Customer payments the ERP booked, into CustomerPayments, for the settlement and credit pages. A payment the portal sent
/// itself (its external document number is a B2B-PAY-… reference, see <see cref="PaymentExporter"/>) is linked to its
/// match instead of counted again: the invoice stops holding the amount off by itself the first time the ERP shows it,
/// and keeps it off until InvoiceSync brings the ERP's reduced remaining amount, so it comes off exactly once.
/// </summary>
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
        var references = values.Select(v => v.ExternalDocumentNumber).Where(ErpPaymentLink.IsPortalReference).Select(r => r!).Distinct().ToList();
        var links = references.Count == 0 ? [] : await Db.Set<ErpPaymentLink>().Where(l => references.Contains(l.Reference)).ToDictionaryAsync(l => l.Reference, StringComparer.Ordinal, ct);
        var invoiceIds = links.Values.Select(l => l.InvoiceId).Distinct().ToList();
        var invoices = invoiceIds.Count == 0 ? [] : await Db.Invoices.Where(i => invoiceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);

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

            var amount = v.Amount;
            if (ErpPaymentLink.IsPortalReference(v.ExternalDocumentNumber))
            {
                // The journal books a payment received as a credit (negative); CustomerPayments hold money received as positive.
                amount = -v.Amount;
                payment.SentByPortal(v.ExternalDocumentNumber!);
                if (links.TryGetValue(v.ExternalDocumentNumber!, out var link) && link.Booked(v.Id, v.LastModified) && invoices.TryGetValue(link.InvoiceId, out var invoice))
                {
                    invoice.BookedInErp(link.Amount, v.LastModified);
                }
            }

            var changed = payment.ApplyErp(companyId, v.PostingDate, v.DocumentNumber ?? v.ExternalDocumentNumber, Money.Of(amount, v.Currency), v.AppliesToInvoiceNumber, v.Description, v.LastModified);
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
