using System.Globalization;
using B2BPortal.Domain.Common;
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
/// One price list: its tiers (paged, filtered by SKU), its assignments, export. Sales reps read; administrators change
/// tiers and assignments here, each change audited in the same SaveChanges.
/// </summary>
public sealed class DetailsModel(PortalDbContext db, PriceListImporter files, IAuthorizationService authorization, TimeProvider clock) : PageModel, IFormPage
{
    public const int PageSize = 50;

    public sealed record TierRow(int EntryId, string Sku, string ProductName, string? Unit, decimal MinQuantity, decimal UnitPrice);

    public sealed record AssignmentRow(int Id, string Target, DateOnly? ValidFrom, DateOnly? ValidTo);

    public sealed record Option(int Id, string Label);

    public sealed class TierInput
    {
        public string Sku { get; set; } = string.Empty;

        public decimal MinQuantity { get; set; } = 1;

        public decimal UnitPrice { get; set; }

        public string? UnitOfMeasure { get; set; }
    }

    public sealed class AssignInput
    {
        public int? CompanyId { get; set; }

        public int? GroupId { get; set; }

        public DateOnly? ValidFrom { get; set; }

        public DateOnly? ValidTo { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "sku")]
    public string? SkuFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageNumber")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public TierInput Tier { get; set; } = new();

    [BindProperty]
    public AssignInput Assign { get; set; } = new();

    public PriceList List { get; private set; } = null!;

    public IReadOnlyList<TierRow> Tiers { get; private set; } = [];

    public int TierCount { get; private set; }

    public IReadOnlyList<AssignmentRow> Assignments { get; private set; } = [];

    public IReadOnlyList<Option> Companies { get; private set; } = [];

    public IReadOnlyList<Option> Groups { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (PageNumber < 1)
        {
            ModelState.AddModelError("pageNumber", "Page numbers start at 1.");
            PageNumber = 1;
        }

        await LoadAsync(ct);
        return List is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string format, CancellationToken ct)
    {
        var list = await db.Set<PriceList>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == Id, ct);
        if (list is null)
        {
            return NotFound();
        }

        var rows = files.ExportRows(list.Id, list.Currency);
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            var buffer = new MemoryStream();
            await PriceListFiles.WriteXlsxAsync(rows, list.Code, buffer, ct);
            buffer.Position = 0;
            return File(buffer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{list.Code}-{stamp}.xlsx");
        }

        if (!string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest("Export formats: csv, xlsx.");
        }

        var csv = new MemoryStream();
        await PriceListFiles.WriteCsvAsync(rows, csv, ct);
        csv.Position = 0;
        return File(csv, "text/csv; charset=utf-8", $"{list.Code}-{stamp}.csv");
    }

    public async Task<IActionResult> OnPostTierAsync(CancellationToken ct)
    {
        if (!await IsAdministratorAsync())
        {
            return Forbid();
        }

        var list = await db.Set<PriceList>().SingleOrDefaultAsync(l => l.Id == Id, ct);
        if (list is null)
        {
            return NotFound();
        }

        var sku = Sku.Create(Tier.Sku);
        var product = await db.Products.Where(p => p.Sku == sku.Value).Select(p => new { p.Id }).SingleOrDefaultAsync(ct)
            ?? throw new DomainException($"Unknown SKU '{sku}': no such product in the catalog.", "Tier.Sku");
        var unit = PriceListEntry.NormalizeUnit(Tier.UnitOfMeasure);

        // Only the tiers of this product are loaded: the list may hold 100,000.
        await db.Entry(list).Collection(l => l.Entries).Query().Where(e => e.ProductId == product.Id).LoadAsync(ct);
        var old = list.SetTier(product.Id, Tier.MinQuantity, Tier.UnitPrice, unit);
        PricingAudit.Record(db, clock, User.ToActor(), "PriceListEntry", PricingAudit.TierId(list.Code, sku.Value, Tier.MinQuantity, unit),
            old is null ? "Tier added" : "Price changed", PricingAudit.Price(old, list.Currency), PricingAudit.Price(Tier.UnitPrice, list.Currency));
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { id = Id, sku = sku.Value });
    }

    public async Task<IActionResult> OnPostRemoveTierAsync(int entryId, CancellationToken ct)
    {
        if (!await IsAdministratorAsync())
        {
            return Forbid();
        }

        var list = await db.Set<PriceList>().SingleOrDefaultAsync(l => l.Id == Id, ct);
        if (list is null)
        {
            return NotFound();
        }

        await db.Entry(list).Collection(l => l.Entries).Query().Where(e => e.Id == entryId).LoadAsync(ct);
        var removed = list.RemoveTier(entryId) ?? throw new DomainException("That tier is no longer in the list.");
        var sku = await db.Products.Where(p => p.Id == removed.ProductId).Select(p => p.Sku).SingleAsync(ct);
        PricingAudit.Record(db, clock, User.ToActor(), "PriceListEntry", PricingAudit.TierId(list.Code, sku, removed.MinQuantity, removed.UnitOfMeasure),
            "Tier removed", PricingAudit.Price(removed.UnitPrice, list.Currency), null);
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { id = Id, sku = SkuFilter });
    }

    public async Task<IActionResult> OnPostAssignAsync(CancellationToken ct)
    {
        if (!await IsAdministratorAsync())
        {
            return Forbid();
        }

        var list = await db.Set<PriceList>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == Id, ct);
        if (list is null)
        {
            return NotFound();
        }

        var companyId = Assign.CompanyId;
        var groupId = Assign.GroupId;
        var sameLevel = await (from a in db.Set<PriceListAssignment>().AsNoTracking()
                               join l in db.Set<PriceList>().AsNoTracking() on a.PriceListId equals l.Id
                               where l.Level == list.Level && a.CompanyId == companyId && a.GroupId == groupId
                               select new { a, l }).ToListAsync(ct);
        var currency = companyId is null ? null : await db.Companies.Where(c => c.Id == companyId).Select(c => c.Currency).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("Choose a customer.", "Assign.CompanyId");
        var assignment = PriceListAssignment.Create(list, companyId, groupId, Assign.ValidFrom, Assign.ValidTo, sameLevel.Select(x => (x.a, x.l)), currency);
        db.Set<PriceListAssignment>().Add(assignment);
        var target = await TargetAsync(companyId, groupId, ct);
        PricingAudit.Record(db, clock, User.ToActor(), "PriceListAssignment", list.Code, "Assigned", null,
            $"{list.Code} → {target} for {Validity.Describe(Assign.ValidFrom, Assign.ValidTo)}", companyId);
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostUnassignAsync(int assignmentId, CancellationToken ct)
    {
        if (!await IsAdministratorAsync())
        {
            return Forbid();
        }

        var assignment = await db.Set<PriceListAssignment>().SingleOrDefaultAsync(a => a.Id == assignmentId && a.PriceListId == Id, ct)
            ?? throw new DomainException("That assignment no longer exists.");
        var code = await db.Set<PriceList>().Where(l => l.Id == Id).Select(l => l.Code).SingleAsync(ct);
        var target = await TargetAsync(assignment.CompanyId, assignment.GroupId, ct);
        db.Remove(assignment);
        PricingAudit.Record(db, clock, User.ToActor(), "PriceListAssignment", code, "Unassigned",
            $"{code} → {target} for {Validity.Describe(assignment.ValidFrom, assignment.ValidTo)}", null, assignment.CompanyId);
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { id = Id });
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        CanEdit = await IsAdministratorAsync();
        List = (await db.Set<PriceList>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == Id, ct))!;
        if (List is null)
        {
            return;
        }

        var tiers = from e in db.Set<PriceListEntry>().AsNoTracking()
                    join p in db.Products.AsNoTracking() on e.ProductId equals p.Id
                    where e.PriceListId == Id
                    select new { e, p.Sku, p.Name };
        if (!string.IsNullOrWhiteSpace(SkuFilter))
        {
            var prefix = Sku.Normalize(SkuFilter);
            tiers = tiers.Where(t => t.Sku.StartsWith(prefix));
        }

        TierCount = await tiers.CountAsync(ct);
        Tiers = await tiers.OrderBy(t => t.Sku).ThenBy(t => t.e.UnitOfMeasure).ThenBy(t => t.e.MinQuantity)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(t => new TierRow(t.e.Id, t.Sku, t.Name, t.e.UnitOfMeasure, t.e.MinQuantity, t.e.UnitPrice))
            .ToListAsync(ct);

        var assignments = await db.Set<PriceListAssignment>().AsNoTracking().Where(a => a.PriceListId == Id).ToListAsync(ct);
        var rows = new List<AssignmentRow>();
        foreach (var a in assignments)
        {
            rows.Add(new AssignmentRow(a.Id, await TargetAsync(a.CompanyId, a.GroupId, ct), a.ValidFrom, a.ValidTo));
        }

        Assignments = rows;
        if (CanEdit)
        {
            Companies = await db.Companies.AsNoTracking().OrderBy(c => c.ErpCustomerNumber)
                .Select(c => new Option(c.Id, c.ErpCustomerNumber + " " + c.Name + " (" + c.Currency + ")")).ToListAsync(ct);
            Groups = await db.Set<CustomerGroup>().AsNoTracking().OrderBy(g => g.Code).Select(g => new Option(g.Id, g.Code + " " + g.Name)).ToListAsync(ct);
        }
    }

    private async Task<string> TargetAsync(int? companyId, int? groupId, CancellationToken ct) => companyId is { } c
        ? "customer " + await db.Companies.Where(x => x.Id == c).Select(x => x.ErpCustomerNumber + " " + x.Name).SingleOrDefaultAsync(ct)
        : "group " + await db.Set<CustomerGroup>().Where(x => x.Id == groupId).Select(x => x.Code).SingleOrDefaultAsync(ct);

    private async Task<bool> IsAdministratorAsync() => (await authorization.AuthorizeAsync(User, Policies.Administrator)).Succeeded;
}
