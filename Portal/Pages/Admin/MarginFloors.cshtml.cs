using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Pages.Admin;

/// <summary>
/// Margin floors, set by an administrator: per sales rep or per product group (catalog category). A quote line priced below
/// its floor needs internal approval before it is sent. Every change is audited.
/// </summary>
public sealed class MarginFloorsModel(PortalDbContext db, TimeProvider clock, IOptions<QuoteOptions> options) : PageModel, IFormPage
{
    public sealed record FloorRow(int Id, string Applies, decimal MinMarginPercent);

    public sealed record Choice(string Value, string Label);

    public IReadOnlyList<FloorRow> Floors { get; private set; } = [];

    public IReadOnlyList<Choice> Reps { get; private set; } = [];

    public IReadOnlyList<Choice> Groups { get; private set; } = [];

    public decimal Default => options.Value.DefaultMarginFloorPercent;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task LoadAsync(CancellationToken ct)
    {
        var repRoleId = await db.Roles.Where(r => r.Name == Roles.SalesRep).Select(r => r.Id).SingleOrDefaultAsync(ct);
        Reps = await db.Users.AsNoTracking().Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == repRoleId))
            .OrderBy(u => u.DisplayName).Select(u => new Choice(u.Id, u.DisplayName)).ToListAsync(ct);
        Groups = await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new Choice(c.Id.ToString(), c.Name)).ToListAsync(ct);
        var reps = Reps.ToDictionary(r => r.Value, r => r.Label);
        var groups = Groups.ToDictionary(g => g.Value, g => g.Label);
        Floors = (await db.MarginFloors().AsNoTracking().ToListAsync(ct))
            .Select(f => new FloorRow(f.Id, f.SalesRepUserId is { } r ? $"Sales rep {reps.GetValueOrDefault(r, r)}" : $"Product group {groups.GetValueOrDefault(f.CategoryId!.Value.ToString(), "#" + f.CategoryId)}", f.MinMarginPercent))
            .OrderBy(f => f.Applies, StringComparer.Ordinal).ToList();
    }

    public async Task<IActionResult> OnPostSetAsync(string? salesRepUserId, int? categoryId, decimal minMarginPercent, CancellationToken ct)
    {
        salesRepUserId = string.IsNullOrWhiteSpace(salesRepUserId) ? null : salesRepUserId;
        if (!ModelState.IsValid)
        {
            throw new DomainException("Enter the minimum margin as a number of percent, e.g. 12.5.", "minMarginPercent");
        }

        if (salesRepUserId is null && categoryId is null)
        {
            throw new DomainException("Choose a sales rep or a product group.");
        }

        var existing = await db.MarginFloors().SingleOrDefaultAsync(f => salesRepUserId != null ? f.SalesRepUserId == salesRepUserId : f.CategoryId == categoryId, ct);
        var before = existing?.MinMarginPercent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (existing is null)
        {
            existing = new MarginFloor(salesRepUserId, salesRepUserId is null ? categoryId : null, minMarginPercent);
            db.MarginFloors().Add(existing);
        }
        else
        {
            existing.Set(minMarginPercent);
        }

        Audit("MarginFloor.Set", salesRepUserId ?? $"category:{categoryId}", before, minMarginPercent.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Margin floor saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct)
    {
        var floor = await db.MarginFloors().SingleOrDefaultAsync(f => f.Id == id, ct);
        if (floor is null)
        {
            return NotFound();
        }

        db.MarginFloors().Remove(floor);
        Audit("MarginFloor.Remove", floor.SalesRepUserId ?? $"category:{floor.CategoryId}", floor.MinMarginPercent.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Margin floor removed; the default applies.";
        return RedirectToPage();
    }

    private void Audit(string action, string entityId, string? before, string? after)
    {
        var actor = User.ToActor();
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), actor.UserId, actor.DisplayName, null, "MarginFloor", entityId, action, before, after));
    }
}
