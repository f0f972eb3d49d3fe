using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Returns;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Posted sales credit memos into CreditMemos, where the buyer's statement takes them off what he owes. A memo whose
/// external document number is a portal return's number credits that return (by the ERP actor) once the return is
/// received; the catch-up after the read also credits returns the warehouse marked received after their memo arrived.
/// The buyer is mailed after the commit.
/// </summary>
public sealed class CreditMemoSync(PortalDbContext db, IErpGateway erp, ReturnMails mails, TimeProvider time, ILogger<CreditMemoSync> logger)
    : PagedErpSync<ErpCreditMemo>(db, time, logger)
{
    public const string Name = "CreditMemoSync";

    public override string JobName => Name;

    protected override Task<ErpPage<ErpCreditMemo>> ReadAsync(ErpReadRequest request, CancellationToken ct) => erp.ReadCreditMemosAsync(request, ct);

    protected override string KeyOf(ErpCreditMemo record) => record.Number;

    protected override async Task<PageOutcome> ApplyAsync(IReadOnlyList<ErpRecord<ErpCreditMemo>> records, CancellationToken ct)
    {
        var values = records.Select(r => r.Value!).ToList();
        var customerNumbers = values.Select(v => v.CustomerNumber).Distinct().ToList();
        var companies = await Db.Companies.AsNoTracking().Where(c => customerNumbers.Contains(c.ErpCustomerNumber))
            .ToDictionaryAsync(c => c.ErpCustomerNumber, c => c.Id, StringComparer.Ordinal, ct);
        var refs = values.Select(v => v.ExternalDocumentNumber).OfType<string>().Distinct().ToList();
        var returns = await Db.Returns().AsNoTracking().Where(r => refs.Contains(r.Number))
            .ToDictionaryAsync(r => r.Number, r => r.CompanyId, StringComparer.Ordinal, ct);
        var ids = values.Select(v => v.Id).ToList();
        var existing = await Db.CreditMemos().Where(m => ids.Contains(m.ErpId)).ToDictionaryAsync(m => m.ErpId, StringComparer.Ordinal, ct);

        var failures = new List<RecordFailure>();
        var applied = new List<string>();
        int created = 0, updated = 0;
        foreach (var record in records)
        {
            var v = record.Value!;
            if (!companies.TryGetValue(v.CustomerNumber, out var companyId))
            {
                failures.Add(new RecordFailure(v.Number, $"Unknown customer number {v.CustomerNumber} on credit memo {v.Number}.", record.Payload));
                continue;
            }

            InvoiceStatus? parsed = v.Status switch
            {
                "Open" => InvoiceStatus.Open,
                "Paid" => InvoiceStatus.Paid,
                "Canceled" or "Cancelled" => InvoiceStatus.Canceled,
                "Corrective" => InvoiceStatus.Corrective,
                _ => null,
            };
            if (parsed is not { } status)
            {
                failures.Add(new RecordFailure(v.Number, $"Unknown credit memo status '{v.Status}' on credit memo {v.Number}.", record.Payload));
                continue;
            }

            // A return number of another company is not this memo's return: the link is kept only when both agree.
            var returnNumber = v.ExternalDocumentNumber is { } r && returns.TryGetValue(r, out var returnCompany) && returnCompany == companyId ? r : null;
            var isNew = !existing.TryGetValue(v.Id, out var memo);
            if (memo is null)
            {
                memo = new CreditMemo(v.Id, v.Number, companyId);
                Db.CreditMemos().Add(memo);
                existing[v.Id] = memo;
            }

            var changed = memo.ApplyErp(companyId, returnNumber, v.CreditMemoDate, Money.Of(v.TotalExcludingTax, v.Currency), Money.Of(v.TotalIncludingTax, v.Currency),
                status, v.LastModified);
            applied.Add(v.Number);
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

    /// <summary>Received returns whose posted memo the portal holds are credited now, each in its own save, then the buyer is told.</summary>
    protected override async Task AfterReadAsync(SyncRun run, SyncJobState state, CancellationToken ct)
    {
        var due = await Db.CreditMemos().AsNoTracking()
            .Where(m => m.ReturnNumber != null && (m.Status == InvoiceStatus.Open || m.Status == InvoiceStatus.Paid)
                && Db.Returns().Any(r => r.Number == m.ReturnNumber && r.State == ReturnState.Received))
            .OrderBy(m => m.Id)
            .Select(m => new { ReturnNumber = m.ReturnNumber!, m.Number })
            .ToListAsync(ct);
        foreach (var memo in due)
        {
            var credited = await ReturnCredits.CreditFromErpAsync(Db, memo.ReturnNumber, memo.Number, Time.GetUtcNow(), ct);
            if (credited is null)
            {
                continue;
            }

            await Db.SaveChangesAsync(ct);
            await mails.AfterTransitionAsync(credited, ct);
        }
    }
}
