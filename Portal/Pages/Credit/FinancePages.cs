using System.Globalization;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Credit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>
/// What the buyer's finance page and the accountant's view of one company's invoices share: invoices open, overdue
/// (with days overdue) and paid, the latest payments received, and the available credit with its breakdown. The two
/// pages differ only in whose company it is: the signed-in buyer's (<see cref="InvoicesModel"/>) or the one in the
/// address (<see cref="CustomerInvoicesModel"/>, accountants). Every read is filtered by that company id.
/// </summary>
public abstract class InvoicesPageModel(PortalDbContext db, TimeProvider clock, IOptions<CreditOptions> options) : PageModel
{
    public const int PageSize = 25;
    public const int RecentPayments = 20;

    [BindProperty(SupportsGet = true, Name = "show")]
    public InvoiceFilter Show { get; set; } = InvoiceFilter.Open;

    [BindProperty(SupportsGet = true, Name = "pageNumber")]
    public int PageNumber { get; set; } = 1;

    public InvoicePage Invoices { get; private set; } = null!;

    public IReadOnlyList<PaymentItem> Payments { get; private set; } = [];

    public CreditStanding Standing { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    protected PortalDbContext Db => db;

    /// <summary>The company whose invoices these are; null when it does not exist (404).</summary>
    protected abstract Task<int?> CompanyAsync(CancellationToken ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await CompanyAsync(ct) is not { } companyId)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            // Model binding already named the unreadable parameter (show, pageNumber); the defaults apply.
            (Show, PageNumber) = (InvoiceFilter.Open, 1);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (PageNumber < 1)
        {
            ModelState.AddModelError("pageNumber", "Page numbers start at 1.");
            PageNumber = 1;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        Today = clock.Today();
        Invoices = await db.InvoicesAsync(companyId, Show, Today, PageNumber, PageSize, ct);
        Payments = await db.RecentPaymentsAsync(companyId, RecentPayments, ct);
        Standing = await db.StandingAsync(companyId, options.Value, Today, ct);
        return Page();
    }
}

/// <summary>
/// What the buyer's statement and the accountant's statement of one company share: the period (default the last
/// <see cref="DefaultDays"/> days), opening balance, invoices, payments and closing balance per currency, printable
/// (the print stylesheet in site.css) and downloadable as XLSX.
/// </summary>
public abstract class StatementPageModel(PortalDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>Without a period: the last 90 days up to today.</summary>
    public const int DefaultDays = 90;

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? FromText { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? ToText { get; set; }

    public string CompanyName { get; private set; } = string.Empty;

    public CustomerStatement? Statement { get; private set; }

    protected PortalDbContext Db => db;

    /// <summary>The company whose statement this is; null when it does not exist (404).</summary>
    protected abstract Task<int?> CompanyAsync(CancellationToken ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await CompanyAsync(ct) is not { } companyId)
        {
            return NotFound();
        }

        var period = Read();
        CompanyName = await CompanyNameAsync(companyId, ct);
        if (period is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Statement = await db.StatementAsync(companyId, period.Value, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        if (await CompanyAsync(ct) is not { } companyId)
        {
            return NotFound();
        }

        var period = Read();
        if (period is null)
        {
            return BadRequest(new ValidationProblemDetails(ModelState));
        }

        var statement = await db.StatementAsync(companyId, period.Value, ct);
        var file = new MemoryStream();
        await CreditFiles.WriteStatementAsync(statement, await CompanyNameAsync(companyId, ct), file, ct);
        file.Position = 0;
        return File(file, CreditFiles.XlsxContentType, FileName(statement));
    }

    /// <summary>The download's name; the accountant's names the customer number, so statements of several customers do not collide.</summary>
    protected virtual string FileName(CustomerStatement statement) =>
        string.Create(CultureInfo.InvariantCulture, $"statement-{statement.From:yyyy-MM-dd}-{statement.To:yyyy-MM-dd}.xlsx");

    private Task<string> CompanyNameAsync(int companyId, CancellationToken ct) =>
        db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleAsync(ct);

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
