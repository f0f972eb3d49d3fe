using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Settlements;

/// <summary>
/// One exception: the payment as the bank gave it, why it waits, its matches (undo, approve a tolerated difference), and the
/// tools to settle it — take it, match it by hand to invoices found by number or customer (split by giving several amounts),
/// write it off or refund it. Every action goes through <see cref="SettlementMatching"/>, which audits it.
/// </summary>
public sealed class ExceptionModel(PortalDbContext db, SettlementMatching matching) : PageModel, IFormPage
{
    public const int MaxCandidates = 25;

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    /// <summary>Invoice search: part of an invoice number or of a customer's name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public SettlementException Exception { get; private set; } = null!;

    public StatementEntry Entry { get; private set; } = null!;

    public string StatementId { get; private set; } = string.Empty;

    public int StatementDbId { get; private set; }

    public string? Company { get; private set; }

    public IReadOnlyList<PaymentMatch> Matches { get; private set; } = [];

    public IReadOnlyList<Candidate> Candidates { get; private set; } = [];

    public decimal Unapplied { get; private set; }

    public IReadOnlyList<SettlementExceptionTrigger> Actions { get; private set; } = [];

    /// <summary>Who the exception may be handed to: the portal's active accountants and administrators, the signed-in one left out.</summary>
    public IReadOnlyList<Colleague> Colleagues { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Exception is null ? NotFound() : Page();
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        var exception = await db.Set<SettlementException>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == Id, ct);
        if (exception is null)
        {
            return;
        }

        Exception = exception;
        Entry = await db.StatementEntries().AsNoTracking().SingleAsync(e => e.Id == exception.StatementEntryId, ct);
        var statement = await db.BankStatements().AsNoTracking().Where(s => s.Id == Entry.BankStatementId).Select(s => new { s.Id, s.StatementId }).SingleAsync(ct);
        (StatementDbId, StatementId) = (statement.Id, statement.StatementId);
        Company = exception.CompanyId is { } companyId ? await db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleOrDefaultAsync(ct) : null;
        Matches = await db.Set<PaymentMatch>().AsNoTracking().Include(m => m.Allocations).Where(m => m.StatementEntryId == Entry.Id).OrderBy(m => m.Id).ToListAsync(ct);
        Unapplied = Entry.Amount.Amount - Matches.Where(m => m.State == PaymentMatchState.Applied).Sum(m => m.Settled.Amount);
        Actions = exception.ActionsFor(User.ToActor());
        if (Actions.Contains(SettlementExceptionTrigger.Assign))
        {
            Colleagues = await ColleaguesAsync(ct);
        }

        var invoices = db.Invoices.AsNoTracking().Where(i => i.Status == InvoiceStatus.Open && i.Remaining.Amount > 0m);
        var search = Q?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            var companies = db.Companies.Where(c => c.Name.Contains(search) || c.ErpCustomerNumber == search).Select(c => c.Id);
            invoices = invoices.Where(i => i.Number.Contains(search) || companies.Contains(i.CompanyId));
        }
        else if (exception.CompanyId is { } known)
        {
            invoices = invoices.Where(i => i.CompanyId == known);
        }
        else
        {
            invoices = invoices.Where(_ => false);
        }

        Candidates = (await (from i in invoices
                             join c in db.Companies on i.CompanyId equals c.Id
                             orderby i.DueDate, i.Number
                             select new { i.Id, i.Number, c.Name, i.Remaining.Amount, i.Remaining.Currency, i.DueDate }).Take(MaxCandidates).ToListAsync(ct))
            .Select(i => new Candidate(i.Id, i.Number, i.Name, Money.Of(i.Amount, i.Currency), i.DueDate)).ToList();
    }

    /// <summary>Takes the exception, or (with <paramref name="assigneeId"/>) hands it to a colleague who works settlements.</summary>
    public async Task<IActionResult> OnPostAssignAsync(string? assigneeId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(assigneeId))
        {
            await matching.AssignAsync(Id, User.ToActor(), null, null, ct);
            TempData["Flash"] = "The exception is yours now.";
            return RedirectToPage(new { Id });
        }

        var colleague = (await ColleaguesAsync(ct)).FirstOrDefault(c => c.Id == assigneeId)
            ?? throw new DomainException("Hand it to one of the portal's active accountants or administrators.");
        await matching.AssignAsync(Id, User.ToActor(), colleague.Id, colleague.Name, ct);
        TempData["Flash"] = $"The exception is {colleague.Name}'s now.";
        return RedirectToPage(new { Id });
    }

    private async Task<List<Colleague>> ColleaguesAsync(CancellationToken ct)
    {
        var me = User.ToActor().UserId;
        var roles = db.Roles.Where(r => r.Name == Roles.Accountant || r.Name == Roles.Administrator).Select(r => r.Id);
        return (await db.Users.AsNoTracking()
                .Where(u => u.IsActive && u.CompanyId == null && u.Id != me && db.UserRoles.Any(ur => ur.UserId == u.Id && roles.Contains(ur.RoleId)))
                .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
            .ConvertAll(u => new Colleague(u.Id, u.DisplayName));
    }

    public sealed record Colleague(string Id, string Name);

    public async Task<IActionResult> OnPostCloseAsync(SettlementExceptionTrigger how, string? note, CancellationToken ct)
    {
        var actor = User.ToActor();
        switch (how)
        {
            case SettlementExceptionTrigger.WriteOff:
                await matching.WriteOffAsync(Id, actor, note ?? "", ct);
                break;
            case SettlementExceptionTrigger.Refund:
                await matching.RefundAsync(Id, actor, note ?? "", ct);
                break;
            default:
                throw new DomainException("Choose write off or refund.");
        }

        TempData["Flash"] = $"The exception is {SettlementExceptionWorkflow.Label(how)}.";
        return RedirectToPage(new { Id });
    }

    /// <summary>Manual match: each invoice given an amount takes that much of the payment (several amounts split it).</summary>
    public async Task<IActionResult> OnPostMatchAsync(long entryId, List<int> invoiceIds, List<string?> amounts, string? note, CancellationToken ct)
    {
        var parts = new List<ManualAllocation>();
        for (var n = 0; n < invoiceIds.Count && n < amounts.Count; n++)
        {
            if (string.IsNullOrWhiteSpace(amounts[n]))
            {
                continue;
            }

            if (!decimal.TryParse(amounts[n], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var amount) || decimal.Round(amount, 2) != amount)
            {
                throw new DomainException($"\"{amounts[n]}\" is not an amount; write it as 1234.50.");
            }

            parts.Add(new ManualAllocation(invoiceIds[n], amount));
        }

        var match = await matching.MatchManuallyAsync(entryId, parts, User.ToActor(), note ?? "", ct);
        TempData["Flash"] = $"Matched to {match.Describe()}.";
        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnPostUndoAsync(long matchId, string? reason, CancellationToken ct)
    {
        await matching.UndoAsync(matchId, User.ToActor(), reason ?? "", ct);
        TempData["Flash"] = "The match is undone: its invoices are open again and the payment waits in the queue.";
        var entryId = await db.Set<PaymentMatch>().AsNoTracking().Where(m => m.Id == matchId).Select(m => m.StatementEntryId).SingleAsync(ct);
        var reopened = await db.Set<SettlementException>().AsNoTracking().Where(x => x.StatementEntryId == entryId
            && (x.State == SettlementExceptionState.Open || x.State == SettlementExceptionState.Assigned)).OrderByDescending(x => x.Id).Select(x => (long?)x.Id).FirstOrDefaultAsync(ct);
        return RedirectToPage(new { Id = reopened ?? Id });
    }

    public async Task<IActionResult> OnPostApproveAsync(long matchId, CancellationToken ct)
    {
        await matching.ApproveAdjustmentAsync(matchId, User.ToActor(), ct);
        TempData["Flash"] = "The difference is approved.";
        return RedirectToPage(new { Id });
    }

    public sealed record Candidate(int Id, string Number, string Company, Money Remaining, DateOnly DueDate);
}
