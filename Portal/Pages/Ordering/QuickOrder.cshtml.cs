using System.Globalization;
using System.Text;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Ordering;
using B2BPortal.Integration.Spreadsheets;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Pages.Ordering;

/// <summary>
/// Quick order: type or paste SKU + quantity rows, or upload a CSV/XLSX of up to 10,000 lines. Every row is checked
/// and shown with its outcome first; only "Add to cart" puts the good rows in the cart (re-checked on the way).
/// </summary>
[RequestSizeLimit(8 * 1024 * 1024)]
[UploadLimit("Order files", OrderLineFileReader.MaxFileBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = 8 * 1024 * 1024, ValueLengthLimit = 4 * 1024 * 1024)]
public sealed class QuickOrderModel(OrderLineImport import, CartService carts, PortalDbContext db, IOptions<SpreadsheetOptions> spreadsheets) : PageModel
{
    [BindProperty]
    public string? Lines { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public bool RoundToValid { get; set; }

    /// <summary>The rows that passed, as "SKU\tquantity" lines: what "Add to cart" sends back.</summary>
    [BindProperty]
    public string? Accepted { get; set; }

    public ImportResult? Result { get; private set; }

    public string? Source { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Lines))
        {
            ModelState.AddModelError(nameof(Lines), "Enter or paste at least one line: SKU and quantity.");
            return Page();
        }

        Source = "typed or pasted lines";
        await CheckAsync(OrderLineFileReader.ReadPasted(Lines), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a .csv or .xlsx file.");
            return Page();
        }

        await using var stream = Upload.OpenReadStream();
        var rows = OrderLineFileReader.ReadFile(Upload.FileName, stream, Upload.Length, spreadsheets.Value);
        Source = Path.GetFileName(Upload.FileName);
        await CheckAsync(rows, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var rows = OrderLineFileReader.ReadPasted(Accepted ?? "");
        var actor = User.ToActor();
        var result = await import.ValidateAsync(actor.CompanyId!.Value, rows, RoundToValid, ct);
        var added = await carts.AddManyAsync(actor, result.ToAdd.Select(l => new CartAddition(l.ProductId!.Value, l.Quantity!.Value)).ToList(), ct);
        var dropped = result.Lines.Count - result.Count(ImportOutcome.Added) + added.Skipped.Count;
        TempData["Flash"] = $"{added.Added:N0} lines added to your cart." + (dropped > 0 ? $" {dropped} changed since the check and were left out." : "");
        return RedirectToPage("/Ordering/Cart");
    }

    /// <summary>SKU type-ahead: up to 10 products of the buyer's catalog whose SKU starts with the term.</summary>
    public async Task<IActionResult> OnGetSuggestAsync(string? term, CancellationToken ct)
    {
        var prefix = Sku.Normalize(term);
        if (prefix.Length < 2)
        {
            return new JsonResult(Array.Empty<object>());
        }

        var companyId = User.CompanyId()!.Value;
        var items = await db.Products.AsNoTracking().VisibleTo(db, companyId)
            .Where(p => p.Sku.StartsWith(prefix))
            .OrderBy(p => p.Sku)
            .Take(10)
            .Select(p => new { sku = p.Sku, name = p.Name, unit = p.UnitOfMeasure, packSize = p.PackSize })
            .ToListAsync(ct);
        return new JsonResult(items);
    }

    private async Task CheckAsync(IReadOnlyList<RawOrderLine> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            ModelState.AddModelError(string.Empty, "No lines found. Each line is a SKU and a quantity.");
            return;
        }

        Result = await import.ValidateAsync(User.CompanyId()!.Value, rows, RoundToValid, ct);
        var sb = new StringBuilder();
        foreach (var l in Result.ToAdd)
        {
            sb.Append(l.Sku).Append('\t').Append(l.Quantity!.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        Accepted = sb.ToString();
        ModelState.Remove(nameof(Accepted));
    }
}
