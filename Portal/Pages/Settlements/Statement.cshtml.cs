using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Settlements;

/// <summary>One imported statement: its balances and every payment on it, batch bookings shown as their single payments.</summary>
[Authorize(Policy = Policies.Accountant)]
public sealed class StatementModel(PortalDbContext db) : PageModel
{
    public const int MaxRows = 2000;

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public BankStatement Statement { get; private set; } = null!;

    public IReadOnlyList<StatementEntry> Entries { get; private set; } = [];

    public int TotalEntries { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var statement = await db.BankStatements().AsNoTracking().SingleOrDefaultAsync(s => s.Id == Id, ct);
        if (statement is null)
        {
            return NotFound();
        }

        Statement = statement;
        var entries = db.StatementEntries().AsNoTracking().Where(e => e.BankStatementId == Id);
        TotalEntries = await entries.CountAsync(ct);
        Entries = await entries.OrderBy(e => e.EntryNumber).ThenBy(e => e.TransactionNumber).Take(MaxRows).ToListAsync(ct);
        return Page();
    }
}
