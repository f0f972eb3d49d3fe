using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Pricing;

/// <summary>Customer groups (for Group lists), their members, and each customer's pricing strategy. Sales reps read; administrators change.</summary>
public sealed class GroupsModel(PortalDbContext db, IAuthorizationService authorization, TimeProvider clock) : PageModel, IFormPage
{
    public sealed record GroupRow(int Id, string Code, string Name, IReadOnlyList<string> Members);

    public sealed record CustomerRow(int Id, string Number, string Name, string Currency, PricingStrategy Strategy, IReadOnlyList<string> Groups);

    public IReadOnlyList<GroupRow> Groups { get; private set; } = [];

    public IReadOnlyList<CustomerRow> Customers { get; private set; } = [];

    public bool CanEdit { get; private set; }

    [BindProperty]
    public string? NewCode { get; set; }

    [BindProperty]
    public string? NewName { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!await IsAdministratorAsync())
        {
            return Forbid();
        }

        var group = new CustomerGroup(NewCode ?? string.Empty, NewName ?? string.Empty);
        if (await db.Set<CustomerGroup>().AnyAsync(g => g.Code == group.Code, ct))
        {
            throw new DomainException($"A group {group.Code} exists already.", nameof(NewCode));
        }

        db.Set<CustomerGroup>().Add(group);
        PricingAudit.Record(db, clock, User.ToActor(), "CustomerGroup", group.Code, "Created", null, group.Name);
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostMemberAsync(int groupId, int companyId, bool remove, CancellationToken ct)
    {
        if (!await IsAdministratorAsync())
        {
            return Forbid();
        }

        var group = await db.Set<CustomerGroup>().Include(g => g.Members).SingleOrDefaultAsync(g => g.Id == groupId, ct)
            ?? throw new DomainException("That group no longer exists.");
        var company = await db.Companies.Where(c => c.Id == companyId).Select(c => c.ErpCustomerNumber).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("Choose a customer.");
        var changed = remove ? group.Remove(companyId) : group.Add(companyId);
        if (changed)
        {
            PricingAudit.Record(db, clock, User.ToActor(), "CustomerGroup", group.Code, remove ? "Member removed" : "Member added",
                remove ? company : null, remove ? null : company, companyId);
            await db.SaveChangesAsync(ct);
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostStrategyAsync(int companyId, PricingStrategy strategy, CancellationToken ct)
    {
        if (!await IsAdministratorAsync())
        {
            return Forbid();
        }

        var company = await db.Companies.Where(c => c.Id == companyId).Select(c => c.ErpCustomerNumber).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("Choose a customer.");
        var settings = await db.Set<CustomerPricing>().SingleOrDefaultAsync(p => p.CompanyId == companyId, ct);
        var before = settings?.Strategy ?? PricingStrategy.Precedence;
        if (settings is null)
        {
            db.Set<CustomerPricing>().Add(new CustomerPricing(companyId, strategy));
        }
        else
        {
            settings.ChangeStrategy(strategy);
        }

        PricingAudit.Record(db, clock, User.ToActor(), "CustomerPricing", company, "Strategy changed", before.ToString(), strategy.ToString(), companyId);
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        CanEdit = await IsAdministratorAsync();
        var members = await (from m in db.Set<CustomerGroupMember>().AsNoTracking()
                             join c in db.Companies.AsNoTracking() on m.CompanyId equals c.Id
                             join g in db.Set<CustomerGroup>().AsNoTracking() on m.GroupId equals g.Id
                             select new { m.GroupId, g.Code, m.CompanyId, c.ErpCustomerNumber }).ToListAsync(ct);
        Groups = (await db.Set<CustomerGroup>().AsNoTracking().OrderBy(g => g.Code).ToListAsync(ct))
            .Select(g => new GroupRow(g.Id, g.Code, g.Name, members.Where(m => m.GroupId == g.Id).Select(m => m.ErpCustomerNumber).Order().ToList()))
            .ToList();
        var strategies = await db.Set<CustomerPricing>().AsNoTracking().ToDictionaryAsync(p => p.CompanyId, p => p.Strategy, ct);
        Customers = (await db.Companies.AsNoTracking().OrderBy(c => c.ErpCustomerNumber).Select(c => new { c.Id, c.ErpCustomerNumber, c.Name, c.Currency }).ToListAsync(ct))
            .Select(c => new CustomerRow(c.Id, c.ErpCustomerNumber, c.Name, c.Currency, strategies.GetValueOrDefault(c.Id),
                members.Where(m => m.CompanyId == c.Id).Select(m => m.Code).ToList()))
            .ToList();
    }

    private async Task<bool> IsAdministratorAsync() => (await authorization.AuthorizeAsync(User, Policies.Administrator)).Succeeded;
}
