using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>
/// A buyer's statement of account for a period (Buyer and BuyerAdmin, their own company only): opening balance,
/// invoices, payments and closing balance per currency; printable (print stylesheet) and downloadable as XLSX.
/// </summary>
public sealed class StatementModel(PortalDbContext db, TimeProvider clock) : StatementPageModel(db, clock)
{
    protected override Task<int?> CompanyAsync(CancellationToken ct) => Task.FromResult(User.CompanyId());
}
