using System.Globalization;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Credit;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>
/// A buyer's statement of account for a period (Buyer and BuyerAdmin, their own company only): opening balance,
/// invoices, payments and closing balance per currency; printable (print stylesheet) and downloadable as XLSX.
/// </summary>
public sealed class StatementModel(PortalDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>Without a period: the last 90 days up to today.</summary>
    public const int DefaultDays = 90;

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? FromText { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? ToText { get; set; }

    public string CompanyName { get; private set; } = string.Empty;

    public CustomerStatement? Statement { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var period = Read();
        CompanyName = await CompanyNameAsync(ct);
        if (period is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Statement = await db.StatementAsync(User.CompanyId()!.Value, period.Value, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        var period = Read();
        if (period is null)
        {
            return BadRequest(new ValidationProblemDetails(ModelState));
        }

        var statement = await db.StatementAsync(User.CompanyId()!.Value, period.Value, ct);
        var file = new MemoryStream();
        await CreditFiles.WriteStatementAsync(statement, await CompanyNameAsync(ct), file, ct);
        file.Position = 0;
        return File(file, CreditFiles.XlsxContentType, string.Create(CultureInfo.InvariantCulture, $"statement-{statement.From:yyyy-MM-dd}-{statement.To:yyyy-MM-dd}.xlsx"));
    }

    private Task<string> CompanyNameAsync(CancellationToken ct)
    {
        var companyId = User.CompanyId()!.Value;
        return db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleAsync(ct);
    }

    private StatementPeriod? Read()
    {
        var today = clock.Today();
        FromText ??= today.AddDays(1 - DefaultDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ToText ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var errors = new Dictionary<string, string>();
        var period = StatementPeriod.TryParse(FromText, ToText, errors);
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field, message);
        }

        return period;
    }
}
