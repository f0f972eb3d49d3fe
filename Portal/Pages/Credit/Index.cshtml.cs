using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>The accountants' landing: how many orders wait in credit hold, which accounts are held or suspended, which companies have overdue invoices.</summary>
public sealed class IndexModel(PortalDbContext db, TimeProvider clock) : PageModel
{
    public const int ListSize = 50;

    public int HoldsWaiting { get; private set; }

    public int AccountsOnHold { get; private set; }

    public int OverdueInvoices { get; private set; }

    public IReadOnlyList<AccountRow> HeldAccounts { get; private set; } = [];

    public IReadOnlyList<OverdueRow> OverdueCompanies { get; private set; } = [];

    public sealed record AccountRow(int CompanyId, string CompanyName, CreditAccountState State, CreditHoldReason? Reason, string? Note);

    public sealed record OverdueRow(int CompanyId, string CompanyName, int Invoices, DateOnly OldestDue);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = clock.Today();
        HoldsWaiting = await db.Orders().CountAsync(o => o.State == OrderState.CreditHold, ct);
        var notActive = db.CreditAccounts().AsNoTracking().Where(a => a.State == CreditAccountState.OnHold || a.State == CreditAccountState.Suspended);
        AccountsOnHold = await notActive.CountAsync(a => a.State == CreditAccountState.OnHold, ct);
        HeldAccounts = await notActive
            .Join(db.Companies, a => a.CompanyId, c => c.Id, (a, c) => new { a, c.Name })
            .OrderBy(x => x.Name).Take(ListSize)
            .Select(x => new AccountRow(x.a.CompanyId, x.Name, x.a.State, x.a.HoldReason, x.a.StateNote))
            .ToListAsync(ct);
        var overdue = db.Invoices.AsNoTracking().Where(i => i.Status == InvoiceStatus.Open && i.Remaining.Amount > 0 && i.DueDate < today);
        OverdueInvoices = await overdue.CountAsync(ct);
        var byCompany = await overdue.GroupBy(i => i.CompanyId)
            .Select(g => new { CompanyId = g.Key, Invoices = g.Count(), OldestDue = g.Min(i => i.DueDate) })
            .OrderBy(g => g.OldestDue).Take(ListSize).ToListAsync(ct);
        var ids = byCompany.Select(g => g.CompanyId).ToList();
        var names = await db.Companies.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        OverdueCompanies = byCompany.ConvertAll(g => new OverdueRow(g.CompanyId, names.GetValueOrDefault(g.CompanyId, "?"), g.Invoices, g.OldestDue));
    }
}
