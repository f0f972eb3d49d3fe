using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>
/// A buyer's finance page (Buyer and BuyerAdmin, their own company only): invoices open, overdue (with days overdue)
/// and paid, the latest payments received, and the available credit with its breakdown.
/// </summary>
public sealed class InvoicesModel(PortalDbContext db, TimeProvider clock, IOptions<CreditOptions> options) : InvoicesPageModel(db, clock, options)
{
    protected override Task<int?> CompanyAsync(CancellationToken ct) => Task.FromResult(User.CompanyId());
}
