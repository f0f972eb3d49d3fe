using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Pricing;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Pricing;

/// <summary>
/// Upload tiers into a price list from CSV or XLSX. The file's type and size are checked before it is read; every row
/// is checked before anything is written; the report names row, column and reason.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
[RequestSizeLimit(2 * PriceListFiles.MaxFileBytes)]
[UploadLimit("Price-list files", PriceListFiles.MaxFileBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * PriceListFiles.MaxFileBytes)]
public sealed class ImportModel(PortalDbContext db, PriceListImporter importer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public ImportMode Mode { get; set; } = ImportMode.AllOrNothing;

    public PriceList List { get; private set; } = null!;

    public ImportReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var list = await db.Set<PriceList>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == Id, ct);
        if (list is null)
        {
            return NotFound();
        }

        List = list;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var list = await db.Set<PriceList>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == Id, ct);
        if (list is null)
        {
            return NotFound();
        }

        List = list;
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a .csv or .xlsx file to import.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await using var content = Upload.OpenReadStream();
        Report = await importer.ImportAsync(list.Id, Upload.FileName, content, Upload.Length, Mode, User.ToActor(), ct);
        if (!Report.Applied)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
