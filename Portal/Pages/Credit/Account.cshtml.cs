using System.Globalization;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>
/// For accountants: one company's credit account — limit and terms (the override beside the ERP's), exposure, overdue
/// invoices, policy, state actions, and the history of every change.
/// </summary>
public sealed class AccountModel(PortalDbContext db, CreditAccountActions actions, TimeProvider clock, IOptions<CreditOptions> options) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public int CompanyId { get; set; }

    public string CompanyName { get; private set; } = string.Empty;

    public CreditStanding Standing { get; private set; } = null!;

    public CreditAccount? Account { get; private set; }

    public CreditTerms? Erp { get; private set; }

    public string? ErpTerms { get; private set; }

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public IReadOnlyList<CreditAccountTrigger> Actions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await db.Companies.AnyAsync(c => c.Id == CompanyId, ct))
        {
            return NotFound();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        CompanyName = await db.Companies.Where(c => c.Id == CompanyId).Select(c => c.Name).SingleAsync(ct);
        Standing = await db.StandingAsync(CompanyId, options.Value, clock.Today(), ct);
        Account = await db.CreditAccounts().AsNoTracking().SingleOrDefaultAsync(a => a.CompanyId == CompanyId, ct);
        Erp = await db.CreditTerms.AsNoTracking().SingleOrDefaultAsync(t => t.CompanyId == CompanyId, ct);
        ErpTerms = Erp is null ? null
            : DueDateFormula.TryParse(Erp.DueDateCalculation, out _, out var error)
                ? PaymentTerms.From(Erp.PaymentTermsCode, Erp.DueDateCalculation, options.Value.PrepaidCodes).Describe()
                : error;
        var id = CompanyId.ToString(CultureInfo.InvariantCulture);
        History = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == id && (a.EntityType == CreditLedger.EntityType || a.EntityType == "CreditTerms"))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(200).ToListAsync(ct);
        Actions = (Account ?? new CreditAccount(CompanyId, Standing.Currency, Standing.Policy, Standing.GraceDays)).ActionsFor(User.ToActor());
    }

    public async Task<IActionResult> OnPostOverrideAsync(string? limit, string? terms, string? reason, CancellationToken ct)
    {
        await actions.SetOverrideAsync(User.ToActor(), CompanyId, ParseLimit(limit), terms, reason ?? "", ct);
        return Done("Override saved; it applies from the next order.");
    }

    public async Task<IActionResult> OnPostRemoveOverrideAsync(string? reason, CancellationToken ct)
    {
        await actions.RemoveOverrideAsync(User.ToActor(), CompanyId, reason ?? "", ct);
        return Done("Override removed; the ERP's limit and terms apply again.");
    }

    public async Task<IActionResult> OnPostPolicyAsync(CreditPolicy policy, string? graceDays, string? reason, CancellationToken ct)
    {
        if (!int.TryParse(graceDays, NumberStyles.None, CultureInfo.InvariantCulture, out var grace))
        {
            throw new DomainException($"Grace days are a whole number of days, not \"{graceDays}\".", "GraceDays");
        }

        await actions.SetPolicyAsync(User.ToActor(), CompanyId, policy, grace, reason, ct);
        return Done("Policy saved.");
    }

    public async Task<IActionResult> OnPostFireAsync(CreditAccountTrigger trigger, string? reason, CancellationToken ct)
    {
        await actions.FireAsync(User.ToActor(), CompanyId, trigger, reason, ct);
        return Done($"Account: {CreditAccountWorkflow.Label(trigger)} done.");
    }

    /// <summary>Accepts 12500, 12,500.00 or 12.500,00; anything else is a clear error, never a zero.</summary>
    internal static decimal? ParseLimit(string? limit)
    {
        if (string.IsNullOrWhiteSpace(limit))
        {
            return null;
        }

        var text = limit.Trim();
        foreach (var culture in new[] { CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("de-DE") })
        {
            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands | NumberStyles.AllowLeadingSign, culture, out var value))
            {
                return value;
            }
        }

        throw new DomainException($"\"{limit}\" is not an amount; write the limit as a number, e.g. 25000.", "Limit");
    }

    private RedirectToPageResult Done(string message)
    {
        TempData["Flash"] = message;
        return RedirectToPage(new { CompanyId });
    }
}
