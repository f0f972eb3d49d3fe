using System.Globalization;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Audit;
using B2BPortal.Integration.Credit;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Audit;

/// <summary>
/// The audit log: who changed what, when, before → after. Accountants and administrators see every entry; a buyer admin
/// only his own company's (the company filter is applied in the query from his claim, never from the request).
/// Filters by who, action, entity and dates; paged; exported as CSV or XLSX with the same filters.
/// </summary>
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "who")]
    public string? Who { get; set; }

    [BindProperty(SupportsGet = true, Name = "what")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "entity")]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true, Name = "entityId")]
    public string? EntityId { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditPage Result { get; private set; } = new([], 1, false);

    public IReadOnlyList<string> EntityTypes { get; private set; } = [];

    public IReadOnlyList<string> Actions { get; private set; } = [];

    /// <summary>Staff see every company's entries (and the company column); a buyer admin his own company's.</summary>
    public bool AllCompanies => User.IsInRole(Roles.Administrator) || User.IsInRole(Roles.Accountant);

    public bool IsFiltered => !string.IsNullOrWhiteSpace(Who) || !string.IsNullOrWhiteSpace(ActionFilter) || !string.IsNullOrWhiteSpace(EntityType)
        || !string.IsNullOrWhiteSpace(EntityId) || From is not null || To is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        (EntityTypes, Actions) = await db.FilterChoicesAsync(CompanyScope, ct);
        if (Query() is not { } query)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Result = await db.PageAsync(query, PageNumber, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        if (!xlsx && !string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("format", "Export formats: xlsx or csv.");
        }

        if (Query() is not { } query || !ModelState.IsValid)
        {
            return BadRequest(new ValidationProblemDetails(ModelState));
        }

        var file = new MemoryStream();
        await AuditFiles.WriteAsync(db.ExportAsync(query), xlsx, file, ct);
        file.Position = 0;
        return File(file, xlsx ? CreditFiles.XlsxContentType : CreditFiles.CsvContentType, $"audit-log.{(xlsx ? "xlsx" : "csv")}");
    }

    /// <summary>The query string of this view with one value changed (paging and export links). "what" and "p", not "action" and "page": those are route values of their own.</summary>
    public Dictionary<string, string> Route(string? key = null, string? value = null)
    {
        var route = new Dictionary<string, string>();
        void Add(string k, string? v)
        {
            if (!string.IsNullOrWhiteSpace(v))
            {
                route[k] = v;
            }
        }

        Add("who", Who);
        Add("what", ActionFilter);
        Add("entity", EntityType);
        Add("entityId", EntityId);
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (key is not null)
        {
            route[key] = value ?? string.Empty;
        }

        return route;
    }

    private int? CompanyScope => AllCompanies ? null : User.CompanyId();

    private AuditQuery? Query()
    {
        var query = new AuditQuery(CompanyScope, Who, ActionFilter, EntityType, EntityId, From, To);
        foreach (var (field, message) in query.Validate())
        {
            ModelState.AddModelError(field, message);
        }

        return ModelState.IsValid ? query : null;
    }
}
