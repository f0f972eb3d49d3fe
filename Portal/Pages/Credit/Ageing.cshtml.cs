using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Credit;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>
/// Accounts receivable ageing for accountants and administrators (every company) and sales reps (the companies they
/// own): open amounts per company and currency in buckets of days past due, as of any day; sortable, filterable by
/// sales rep and currency; exported as XLSX or CSV with the same filters.
/// </summary>
public sealed class AgeingModel(PortalDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "asOf")]
    public string? AsOfText { get; set; }

    [BindProperty(SupportsGet = true, Name = "rep")]
    public string? SalesRep { get; set; }

    [BindProperty(SupportsGet = true, Name = "currency")]
    public string? Currency { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public AgeingSort Sort { get; set; } = AgeingSort.Company;

    [BindProperty(SupportsGet = true, Name = "desc")]
    public bool Descending { get; set; }

    public DateOnly AsOf { get; private set; }

    public AgeingReport Report { get; private set; } = null!;

    public IReadOnlyList<(string Id, string Name)> SalesReps { get; private set; } = [];

    public IReadOnlyList<string> Currencies { get; private set; } = [];

    /// <summary>A sales rep (without an accountant's or administrator's role) sees his own customers only.</summary>
    public bool OwnCustomersOnly => !User.IsInRole(Roles.Accountant) && !User.IsInRole(Roles.Administrator);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var request = Read();
        Report = await db.AgeingAsync(request ?? new AgeingRequest(AsOf, SalesRepFilter, null, Sort, Descending), ct);
        SalesReps = OwnCustomersOnly ? [] : await db.SalesRepsAsync(ct);
        Currencies = await db.AgeingCurrenciesAsync(Report, ct);
        if (request is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        if (!xlsx && !string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("format", "Export formats: xlsx or csv.");
        }

        var request = Read();
        if (request is null || !ModelState.IsValid)
        {
            return BadRequest(new ValidationProblemDetails(ModelState));
        }

        var report = await db.AgeingAsync(request, ct);
        var file = new MemoryStream();
        await CreditFiles.WriteAgeingAsync(report, xlsx, file, ct);
        file.Position = 0;
        var name = $"ar-ageing-{AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{(xlsx ? "xlsx" : "csv")}";
        return File(file, xlsx ? CreditFiles.XlsxContentType : CreditFiles.CsvContentType, name);
    }

    /// <summary>The query string of this report with one value changed (sort links, export links).</summary>
    public Dictionary<string, string> Route(string? key = null, string? value = null)
    {
        var route = new Dictionary<string, string> { ["asOf"] = AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        if (!OwnCustomersOnly && !string.IsNullOrEmpty(SalesRep))
        {
            route["rep"] = SalesRep;
        }

        if (!string.IsNullOrEmpty(Currency))
        {
            route["currency"] = Currency;
        }

        route["sort"] = Sort.ToString();
        route["desc"] = Descending ? "true" : "false";
        if (key is not null)
        {
            route[key] = value ?? "";
        }

        return route;
    }

    private string? SalesRepFilter => OwnCustomersOnly ? User.UserId() : string.IsNullOrWhiteSpace(SalesRep) ? null : SalesRep;

    /// <summary>Checks the query; null (and the errors in ModelState) when something is unreadable. AsOf is today then.</summary>
    private AgeingRequest? Read()
    {
        AsOf = clock.Today();
        if (!string.IsNullOrWhiteSpace(AsOfText))
        {
            if (DateOnly.TryParseExact(AsOfText.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                AsOf = day;
            }
            else
            {
                ModelState.AddModelError("asOf", $"'{AsOfText.Trim()}' is not a day: write the as-of day as yyyy-MM-dd, e.g. 2026-01-31.");
            }
        }

        string? currency = null;
        if (!string.IsNullOrWhiteSpace(Currency))
        {
            if (CurrencyCode.IsKnown(Currency))
            {
                currency = CurrencyCode.Normalize(Currency);
            }
            else
            {
                ModelState.AddModelError("currency", $"'{Currency.Trim()}' is not a currency code the portal knows, e.g. EUR.");
            }
        }

        return ModelState.IsValid ? new AgeingRequest(AsOf, SalesRepFilter, currency, Sort, Descending) : null;
    }
}
