using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Settlements;

/// <summary>The imported bank statements, newest first, each with its balances and whether they add up.</summary>
[Authorize(Policy = Policies.Accountant)]
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(int Id, string StatementId, string Account, string? MessageName, DateOnly? ToDate, DateTimeOffset ImportedAt, string FileName,
        string Currency, decimal? Opening, decimal Credits, decimal Debits, decimal? Closing, decimal? Difference, string? BalanceProblem, int Payments);

    public IReadOnlyList<Row> Statements { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Statements = await db.BankStatements().AsNoTracking().OrderByDescending(s => s.ImportedAt).ThenByDescending(s => s.Id).Take(PageSize)
            .Select(s => new Row(s.Id, s.StatementId, s.Account, s.MessageName, s.ToDate, s.ImportedAt, s.FileName, s.Currency, s.OpeningBalance, s.Credits, s.Debits,
                s.ClosingBalance, s.Difference, s.BalanceProblem, s.Entries.Count))
            .ToListAsync(ct);
    }
}
