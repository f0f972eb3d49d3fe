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
/// The rows of a check are kept for two hours (<see cref="QuickOrderCheck"/>, in the database so any Portal node
/// answers the next click), so the result offers "use all suggested quantities" and "download the rejected lines"
/// without the file being sent again. wwwroot/js/upload-progress.js sends a file with a progress bar and is then sent
/// to the kept check (<c>?import=</c>); without JavaScript the upload posts as a plain form and the result comes back.
/// </summary>
[RequestSizeLimit(8 * 1024 * 1024)]
[UploadLimit("Order files", OrderLineFileReader.MaxFileBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = 8 * 1024 * 1024, ValueLengthLimit = 4 * 1024 * 1024)]
public sealed class QuickOrderModel(OrderLineImport import, CartService carts, PortalDbContext db, IOptions<SpreadsheetOptions> spreadsheets, TimeProvider clock) : PageModel
{
    public const string PastedSource = "typed or pasted lines";

    /// <summary>The kept check whose result is shown (and which "use all suggested" and the download act on).</summary>
    [BindProperty(SupportsGet = true, Name = "import")]
    public Guid? ImportId { get; set; }

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

    /// <summary>The form; with <c>?import=</c>, the result of that kept check, checked again against today's catalog.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        if (ImportId is not { } id)
        {
            return;
        }

        var kept = await db.FindCheckAsync(User.ToActor(), id, clock.GetUtcNow(), ct);
        if (kept is null)
        {
            NotKept();
            return;
        }

        var rows = kept.ReadRows();
        Source = kept.Source;
        RoundToValid = kept.UseSuggested;
        if (kept.Pasted)
        {
            Lines = string.Join('\n', rows.Select(r => $"{r.Sku}\t{r.Quantity}"));
        }

        await ShowAsync(rows, ct);
    }

    /// <summary>"Use all suggested quantities": the kept rows checked again with every rule-breaking quantity taken at its suggestion.</summary>
    public async Task<IActionResult> OnPostUseSuggestedAsync(CancellationToken ct)
    {
        var kept = ImportId is { } id ? await db.FindCheckAsync(User.ToActor(), id, clock.GetUtcNow(), ct) : null;
        if (kept is null)
        {
            NotKept();
            return Page();
        }

        kept.UseSuggestedQuantities();
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { import = kept.Id });
    }

    /// <summary>
    /// The lines that stayed out, as a CSV the upload reads back (SKU, Quantity, then the suggestion and the reason, which
    /// the upload ignores): fix them in a spreadsheet and upload the file again. Written through SheetWriter, so a cell
    /// that starts like a formula is neutralised.
    /// </summary>
    public async Task<IActionResult> OnGetRejectedAsync(CancellationToken ct)
    {
        var kept = ImportId is { } id ? await db.FindCheckAsync(User.ToActor(), id, clock.GetUtcNow(), ct) : null;
        if (kept is null)
        {
            return NotFound();
        }

        var rows = kept.ReadRows();
        var raw = rows.ToDictionary(r => r.Row);
        var result = await import.ValidateAsync(kept.CompanyId, rows, kept.UseSuggested, ct);
        var lines = result.Rejected.OrderBy(l => l.Row).Select(l => (IReadOnlyList<object?>)
        [
            raw.TryGetValue(l.Row, out var r) ? r.Sku : l.Sku,
            l.Quantity is { } q ? q : raw.GetValueOrDefault(l.Row)?.Quantity,
            l.Outcome == ImportOutcome.QuantityRuleViolated && l.Suggestion is > 0 ? l.Suggestion.Value : null,
            l.Message,
        ]);
        return await SheetDownload.FileAsync("csv", "quick-order-rejected-lines", "Rejected", ["SKU", "Quantity", "Suggested quantity", "Problem"], lines, ct);
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Lines))
        {
            ModelState.AddModelError(nameof(Lines), "Enter or paste at least one line: SKU and quantity.");
            return Page();
        }

        var rows = OrderLineFileReader.ReadPasted(Lines);
        if (await KeepAsync(PastedSource, pasted: true, rows, ct))
        {
            await ShowAsync(rows, ct);
        }

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
        if (!await KeepAsync(Path.GetFileName(Upload.FileName), pasted: false, rows, ct))
        {
            return Page();
        }

        // The progress script navigates to the kept check itself: checking the rows here as well would be done twice.
        if (string.Equals(Request.Headers.XRequestedWith, "XMLHttpRequest", StringComparison.Ordinal))
        {
            return new JsonResult(new { location = Url.Page("/Ordering/QuickOrder", new { import = ImportId }) });
        }

        await ShowAsync(rows, ct);
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

    /// <summary>Keeps the rows for the result's actions; false (with the message) when there are none.</summary>
    private async Task<bool> KeepAsync(string source, bool pasted, IReadOnlyList<RawOrderLine> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            ModelState.AddModelError(string.Empty, "No lines found. Each line is a SKU and a quantity.");
            return false;
        }

        var kept = QuickOrderCheck.Keep(User.ToActor(), source, pasted, rows, RoundToValid, clock.GetUtcNow());
        await db.KeepAsync(kept, ct);
        ImportId = kept.Id;
        Source = kept.Source;
        return true;
    }

    private void NotKept()
    {
        ImportId = null;
        Response.StatusCode = StatusCodes.Status404NotFound;
        ModelState.AddModelError(string.Empty, $"That check is no longer kept (checks are kept for {QuickOrderCheck.Lifetime.TotalHours:0} hours): check the lines or upload the file again.");
    }

    private async Task ShowAsync(IReadOnlyList<RawOrderLine> rows, CancellationToken ct)
    {
        Result = await import.ValidateAsync(User.CompanyId()!.Value, rows, RoundToValid, ct);
        var sb = new StringBuilder();
        foreach (var l in Result.ToAdd)
        {
            sb.Append(l.Sku).Append('\t').Append(l.Quantity!.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        Accepted = sb.ToString();
        ModelState.Remove(nameof(Accepted));
        ModelState.Remove(nameof(RoundToValid));
    }
}
