using System.Globalization;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// ERP customers into CustomerCompany (name, currency, status from the blocked flag) and CreditTerms (credit limit,
/// balance due, payment terms). A customer the portal has not seen becomes a new company; changes to status and credit
/// limit are audited as the ERP's doing. A customer whose credit figures the portal cannot use (a negative limit, a
/// due-date formula it does not know) is dead-lettered, naming the customer and the value, and nothing of it is changed.
/// The ERP's "blocked" flag suspends the company's credit account; lifting it reinstates the account.
/// </summary>
public sealed class CustomerSync(PortalDbContext db, IErpGateway erp, TimeProvider time, IOptions<CreditOptions> credit, ILogger<CustomerSync> logger)
    : PagedErpSync<ErpCustomer>(db, time, logger)
{
    public const string Name = "CustomerSync";

    private static readonly Actor Erp = Actor.System("ERP sync");

    public override string JobName => Name;

    public static CustomerStatus StatusFor(ErpCustomerBlock block) => block switch
    {
        ErpCustomerBlock.None => CustomerStatus.Active,

        // "Ship": Business Central takes orders but will not ship them; the portal keeps ordering open, on hold.
        ErpCustomerBlock.Ship => CustomerStatus.OnHold,
        _ => CustomerStatus.Blocked,
    };

    protected override Task<ErpPage<ErpCustomer>> ReadAsync(ErpReadRequest request, CancellationToken ct) => erp.ReadCustomersAsync(request, ct);

    protected override string KeyOf(ErpCustomer record) => record.Number;

    protected override async Task<PageOutcome> ApplyAsync(IReadOnlyList<ErpRecord<ErpCustomer>> records, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var numbers = records.Select(r => r.Value!.Number).ToList();
        var companies = await Db.Companies.Where(c => numbers.Contains(c.ErpCustomerNumber)).ToDictionaryAsync(c => c.ErpCustomerNumber, StringComparer.Ordinal, ct);
        var failures = new List<RecordFailure>();
        var applied = new List<string>();
        var fresh = new List<(CustomerCompany Company, ErpCustomer Customer)>();
        var blockChanges = new List<CustomerCompany>();
        var known = new List<(CustomerCompany Company, ErpCustomer Customer, bool Changed)>();
        foreach (var record in records)
        {
            var c = record.Value!;
            try
            {
                CheckCredit(c);
                if (!companies.TryGetValue(c.Number, out var company))
                {
                    company = new CustomerCompany(c.Number, c.Name, c.Currency);
                    company.ApplyErpMasterData(c.Name, c.Currency, StatusFor(c.Blocked));
                    Db.Companies.Add(company);
                    fresh.Add((company, c));
                    if (company.Status == CustomerStatus.Blocked)
                    {
                        blockChanges.Add(company);
                    }
                }
                else
                {
                    var status = StatusFor(c.Blocked);
                    if ((company.Status == CustomerStatus.Blocked) != (status == CustomerStatus.Blocked))
                    {
                        blockChanges.Add(company);
                    }

                    var changed = company.Name != c.Name || company.Currency != c.Currency || company.Status != status;
                    if (company.Status != status)
                    {
                        Db.AuditEntries.Add(new AuditEntry(now, Erp.UserId, Erp.DisplayName, company.Id, "Company", company.Id.ToString(CultureInfo.InvariantCulture),
                            "ErpStatusChanged", company.Status.ToString(), status.ToString()));
                    }

                    company.ApplyErpMasterData(c.Name, c.Currency, status);
                    known.Add((company, c, changed));
                }

                applied.Add(c.Number);
            }
            catch (DomainException ex)
            {
                failures.Add(new RecordFailure(c.Number, $"Customer {c.Number}: {ex.Message}", record.Payload));
            }
        }

        // New companies need their ids before their credit terms can point at them.
        if (fresh.Count > 0)
        {
            await Db.SaveChangesAsync(ct);
        }

        var ids = fresh.Select(f => f.Company.Id).Concat(known.Select(k => k.Company.Id)).ToList();
        var terms = await Db.CreditTerms.Where(t => ids.Contains(t.CompanyId)).ToDictionaryAsync(t => t.CompanyId, ct);
        int updated = 0;
        foreach (var (company, customer, changed) in known.Select(k => (k.Company, k.Customer, k.Changed)).Concat(fresh.Select(f => (f.Company, f.Customer, true))))
        {
            if (!terms.TryGetValue(company.Id, out var t))
            {
                t = new CreditTerms(company.Id);
                Db.CreditTerms.Add(t);
            }

            var before = t.CreditLimit;
            var limit = Money.Of(customer.CreditLimit, customer.Currency);
            var termsChanged = t.ApplyErp(limit, Money.Of(customer.BalanceDue, customer.Currency), customer.PaymentTermsCode, customer.PaymentTermsDueDateCalculation, customer.LastModified);
            if (before != limit)
            {
                Db.AuditEntries.Add(new AuditEntry(now, Erp.UserId, Erp.DisplayName, company.Id, "CreditTerms", company.Id.ToString(CultureInfo.InvariantCulture),
                    "ErpCreditLimitChanged", before.Currency is null ? null : before.ToString(), limit.ToString()));
            }

            if (known.Exists(k => ReferenceEquals(k.Company, company)) && (changed || termsChanged))
            {
                updated++;
            }
        }

        foreach (var company in blockChanges)
        {
            await FollowErpBlockAsync(company, now, ct);
        }

        return new PageOutcome(fresh.Count, updated, failures, applied);
    }

    /// <summary>A negative limit is refused by the mapper already; the due-date formula is checked here, before anything changes.</summary>
    private static void CheckCredit(ErpCustomer c) => DueDateFormula.Parse(c.PaymentTermsDueDateCalculation);

    /// <summary>Blocked in the ERP: the credit account is suspended (no ordering). Unblocked: the account is reinstated.</summary>
    private async Task FollowErpBlockAsync(CustomerCompany company, DateTimeOffset now, CancellationToken ct)
    {
        var account = await Db.CreditAccountForAsync(company.Id, credit.Value, ct);
        if (company.Status == CustomerStatus.Blocked && account.CanFire(CreditAccountTrigger.Suspend))
        {
            account.Suspend(Erp, now, "Blocked in the ERP");
        }
        else if (company.Status != CustomerStatus.Blocked && account.State == CreditAccountState.Suspended)
        {
            account.Reinstate(Erp, now, "Unblocked in the ERP");
        }

        CreditLedger.Record(Db, account);
    }
}
