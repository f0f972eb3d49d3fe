using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Pricing;

/// <summary>Quantity rules per SKU (minimum, increment, maximum) and per-customer overrides. Without a rule the pack size applies.</summary>
public sealed class QuantityRulesModel(PortalDbContext db, IAuthorizationService authorization, TimeProvider clock) : PageModel, IFormPage
{
    public const int PageSize = 50;

    public sealed record RuleRow(int Id, string Sku, string? Customer, decimal Minimum, decimal Increment, decimal? Maximum);

    public sealed record Option(int Id, string Label);

    public sealed class RuleInput
    {
        public string Sku { get; set; } = string.Empty;

        public int? CompanyId { get; set; }

        public decimal Minimum { get; set; } = 1;

        public decimal Increment { get; set; } = 1;

        public decimal? Maximum { get; set; }
    }

    [BindProperty(SupportsGet = true, Name = "sku")]
    public string? SkuFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "pageNumber")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public RuleInput Rule { get; set; } = new();

    public IReadOnlyList<RuleRow> Rules { get; private set; } = [];

    public int RuleCount { get; private set; }

    public IReadOnlyList<Option> Companies { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostSetAsync(CancellationToken ct)
    {
        if (!await IsAdministratorAsync())
        {
            return Forbid();
        }

        var sku = Sku.Create(Rule.Sku);
        var productId = await db.Products.Where(p => p.Sku == sku.Value).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct)
            ?? throw new DomainException($"Unknown SKU '{sku}'.", "Rule.Sku");
        if (Rule.CompanyId is { } c && !await db.Companies.AnyAsync(x => x.Id == c, ct))
        {
            throw new DomainException("No such customer.", "Rule.CompanyId");
        }

        var existing = await db.Set<QuantityRuleEntry>().SingleOrDefaultAsync(r => r.ProductId == productId && r.CompanyId == Rule.CompanyId, ct);
        var before = existing is null ? null : Describe(existing.ToRule());
        if (existing is null)
        {
            db.Set<QuantityRuleEntry>().Add(new QuantityRuleEntry(productId, Rule.CompanyId, Rule.Minimum, Rule.Increment, Rule.Maximum));
        }
        else
        {
            existing.Change(Rule.Minimum, Rule.Increment, Rule.Maximum);
        }

        PricingAudit.Record(db, clock, User.ToActor(), "QuantityRule", sku.Value + (Rule.CompanyId is { } id ? "/" + id.ToString(CultureInfo.InvariantCulture) : string.Empty),
            existing is null ? "Created" : "Changed", before, Describe(new QuantityRule(Rule.Minimum, Rule.Increment, Rule.Maximum)), Rule.CompanyId);
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { sku = sku.Value });
    }

    public async Task<IActionResult> OnPostRemoveAsync(int ruleId, CancellationToken ct)
    {
        if (!await IsAdministratorAsync())
        {
            return Forbid();
        }

        var rule = await db.Set<QuantityRuleEntry>().SingleOrDefaultAsync(r => r.Id == ruleId, ct) ?? throw new DomainException("That rule no longer exists.");
        var sku = await db.Products.Where(p => p.Id == rule.ProductId).Select(p => p.Sku).SingleAsync(ct);
        db.Remove(rule);
        PricingAudit.Record(db, clock, User.ToActor(), "QuantityRule", sku + (rule.CompanyId is { } id ? "/" + id.ToString(CultureInfo.InvariantCulture) : string.Empty),
            "Removed", Describe(rule.ToRule()), null, rule.CompanyId);
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { sku = SkuFilter });
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        CanEdit = await IsAdministratorAsync();
        PageNumber = Math.Max(1, PageNumber);
        var rules = from r in db.Set<QuantityRuleEntry>().AsNoTracking()
                    join p in db.Products.AsNoTracking() on r.ProductId equals p.Id
                    select new { r, p.Sku, Customer = db.Companies.Where(c => c.Id == r.CompanyId).Select(c => c.ErpCustomerNumber).FirstOrDefault() };
        if (!string.IsNullOrWhiteSpace(SkuFilter))
        {
            var prefix = Sku.Normalize(SkuFilter);
            rules = rules.Where(x => x.Sku.StartsWith(prefix));
        }

        RuleCount = await rules.CountAsync(ct);
        Rules = await rules.OrderBy(x => x.Sku).ThenBy(x => x.r.CompanyId).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(x => new RuleRow(x.r.Id, x.Sku, x.Customer, x.r.Minimum, x.r.Increment, x.r.Maximum)).ToListAsync(ct);
        if (CanEdit)
        {
            Companies = await db.Companies.AsNoTracking().OrderBy(c => c.ErpCustomerNumber).Select(c => new Option(c.Id, c.ErpCustomerNumber + " " + c.Name)).ToListAsync(ct);
        }
    }

    private static string Describe(QuantityRule r) => string.Create(CultureInfo.InvariantCulture, $"min {r.Minimum:0.####}, step {r.Increment:0.####}, max {(r.Maximum is { } m ? m.ToString("0.####", CultureInfo.InvariantCulture) : "none")}");

    private async Task<bool> IsAdministratorAsync() => (await authorization.AuthorizeAsync(User, Policies.Administrator)).Succeeded;
}
