using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Pricing;

/// <summary>Create a price list or change its name, priority and validity (code, currency and level are fixed once created).</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class EditModel(PortalDbContext db, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Required, StringLength(PriceList.CodeMaxLength)]
        public string Code { get; set; } = string.Empty;

        [Required, StringLength(PriceList.NameMaxLength)]
        public string Name { get; set; } = string.Empty;

        [Required, StringLength(3, MinimumLength = 3)]
        public string Currency { get; set; } = "EUR";

        public PriceListLevel Level { get; set; } = PriceListLevel.Base;

        [Range(0, 1000)]
        public int Priority { get; set; }

        public DateOnly? ValidFrom { get; set; }

        public DateOnly? ValidTo { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            var list = await db.Set<PriceList>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct);
            if (list is null)
            {
                return NotFound();
            }

            Input = new InputModel { Code = list.Code, Name = list.Name, Currency = list.Currency, Level = list.Level, Priority = list.Priority, ValidFrom = list.ValidFrom, ValidTo = list.ValidTo };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var actor = User.ToActor();
        PriceList list;
        if (Id is { } id)
        {
            list = await db.Set<PriceList>().SingleOrDefaultAsync(l => l.Id == id, ct) ?? throw new DomainException("That price list no longer exists.");
            var before = list.Describe();
            list.Update(Input.Name, Input.Priority, Input.ValidFrom, Input.ValidTo);
            await CheckAssignmentsStillUnambiguousAsync(list, ct);
            PricingAudit.Record(db, clock, actor, "PriceList", list.Code, "Changed", before, list.Describe());
        }
        else
        {
            var code = Input.Code.Trim().ToUpperInvariant();
            if (await db.Set<PriceList>().AnyAsync(l => l.Code == code, ct))
            {
                throw new DomainException($"A price list {code} exists already.", "Input.Code");
            }

            list = new PriceList(Input.Code, Input.Name, Input.Currency, Input.Level, Input.Priority, Input.ValidFrom, Input.ValidTo);
            db.Set<PriceList>().Add(list);
            PricingAudit.Record(db, clock, actor, "PriceList", list.Code, "Created", null, list.Describe());
        }

        await db.SaveChangesAsync(ct);
        return RedirectToPage("/Pricing/Details", new { id = list.Id });
    }

    /// <summary>Changing a list's priority or validity must not make two of a customer's lists of one level tie.</summary>
    private async Task CheckAssignmentsStillUnambiguousAsync(PriceList list, CancellationToken ct)
    {
        var mine = await db.Set<PriceListAssignment>().AsNoTracking().Where(a => a.PriceListId == list.Id).ToListAsync(ct);
        foreach (var a in mine)
        {
            var others = await (from o in db.Set<PriceListAssignment>().AsNoTracking()
                                join l in db.Set<PriceList>().AsNoTracking() on o.PriceListId equals l.Id
                                where o.Id != a.Id && l.Id != list.Id && l.Level == list.Level && o.CompanyId == a.CompanyId && o.GroupId == a.GroupId
                                select new { o, l }).ToListAsync(ct);
            _ = PriceListAssignment.Create(list, a.CompanyId, a.GroupId, a.ValidFrom, a.ValidTo, others.Select(x => (x.o, x.l)));
        }

    }
}
