using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Integration.Credit;
using B2BPortal.Integration.Settlements;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Settlements;

/// <summary>The reconciliation of one statement: opening, matched, unmatched, fees, closing computed against the bank's, with CSV/XLSX export.</summary>
public sealed class ReportModel(PortalDbContext db) : PageModel
{
    public const int MaxRows = 2000;

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public Reconciliation Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var report = await db.ReconcileAsync(Id, ct);
        if (report is null)
        {
            return NotFound();
        }

        Report = report;
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        if (!xlsx && !string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("format", "Export formats: xlsx or csv.");
            return BadRequest(new ValidationProblemDetails(ModelState));
        }

        var report = await db.ReconcileAsync(Id, ct);
        if (report is null)
        {
            return NotFound();
        }

        var file = new MemoryStream();
        await SettlementFiles.WriteReconciliationAsync(report, xlsx, file, ct);
        file.Position = 0;
        var name = $"reconciliation-{string.Concat(report.StatementName.Where(char.IsAsciiLetterOrDigit))}.{(xlsx ? "xlsx" : "csv")}";
        return File(file, xlsx ? CreditFiles.XlsxContentType : CreditFiles.CsvContentType, name);
    }
}
