using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>
/// For accountants (PagePolicies: Accountant): one customer company's invoices, payments and available credit, as its
/// buyers see them on their finance page; reached from the company's credit account.
/// </summary>
public sealed class CustomerInvoicesModel(PortalDbContext db, TimeProvider clock, IOptions<CreditOptions> options) : InvoicesPageModel(db, clock, options)
{
    [BindProperty(SupportsGet = true)]
    public int CompanyId { get; set; }

    public string CompanyName { get; private set; } = string.Empty;

    protected override async Task<int?> CompanyAsync(CancellationToken ct)
    {
        var name = await Db.Companies.Where(c => c.Id == CompanyId).Select(c => c.Name).SingleOrDefaultAsync(ct);
        CompanyName = name ?? string.Empty;
        return name is null ? null : CompanyId;
    }
}
