using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Settlements;

/// <summary>The accountants' exceptions queue: payments the cascade could not settle, oldest first, by kind; and matches whose small difference waits for approval.</summary>
public sealed class ExceptionsModel(PortalDbContext db) : PageModel
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)]
    public SettlementExceptionKind? Kind { get; set; }

    /// <summary>Show closed exceptions too (resolved, written off, refunded).</summary>
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyDictionary<SettlementExceptionKind, int> OpenByKind { get; private set; } = new Dictionary<SettlementExceptionKind, int>();

    public int AwaitingApproval { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var exceptions = db.Set<SettlementException>().AsNoTracking();
        OpenByKind = (await exceptions.Where(x => x.State == SettlementExceptionState.Open || x.State == SettlementExceptionState.Assigned)
            .GroupBy(x => x.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(g => g.Key, g => g.Count);
        AwaitingApproval = await db.Set<PaymentMatch>().CountAsync(m => m.State == PaymentMatchState.Applied && m.AdjustmentState == AdjustmentState.AwaitingApproval, ct);
        var query = exceptions;
        if (!All)
        {
            query = query.Where(x => x.State == SettlementExceptionState.Open || x.State == SettlementExceptionState.Assigned);
        }

        if (Kind is { } kind)
        {
            query = query.Where(x => x.Kind == kind);
        }

        Rows = (await (from x in query
                       join e in db.StatementEntries() on x.StatementEntryId equals e.Id
                       join s in db.BankStatements() on e.BankStatementId equals s.Id
                       join c in db.Companies on x.CompanyId equals (int?)c.Id into company
                       from c in company.DefaultIfEmpty()
                       orderby x.OpenedAt, x.Id
                       select new
                       {
                           x.Id, x.Kind, x.State, x.Amount.Amount, x.Amount.Currency, x.Description, x.AssignedToName, x.OpenedAt,
                           Company = c == null ? null : c.Name, e.CounterpartyName, e.BookingDate, Statement = s.StatementId, e.EntryNumber,
                       }).Take(PageSize).ToListAsync(ct))
            .Select(r => new Row(r.Id, r.Kind, r.State, Money.Of(r.Amount, r.Currency), r.Description, r.AssignedToName, r.OpenedAt, r.Company, r.CounterpartyName, r.BookingDate, r.Statement, r.EntryNumber))
            .ToList();
    }

    public sealed record Row(long Id, SettlementExceptionKind Kind, SettlementExceptionState State, Money Amount, string Description, string? AssignedTo, DateTimeOffset OpenedAt,
        string? Company, string? Payer, DateOnly? Booked, string Statement, int EntryNumber);
}
