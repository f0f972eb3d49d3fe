using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Account;

/// <summary>
/// The signed-in person's own settings: the time zone their dates and times show in (any signed-in user, their own
/// profile only). The browser's zone is filled in at first sign-in by timezone.js (<see cref="OnPostDetectedAsync"/>),
/// which never overrides a zone already set.
/// </summary>
public sealed class ProfileModel(PortalDbContext db, TimeProvider clock) : PageModel, IFormPage
{
    [BindProperty]
    public string? TimeZone { get; set; }

    public IReadOnlyList<string> Zones { get; private set; } = [];

    public string Email { get; private set; } = string.Empty;

    public string Now { get; private set; } = string.Empty;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        TimeZone ??= await db.Users.Where(u => u.Id == User.UserId()).Select(u => u.TimeZone).SingleAsync(ct);
    }

    public async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.TimeZone }).SingleAsync(ct);
        Email = user.Email ?? string.Empty;
        Zones = KnownZones.Value;
        var zone = user.TimeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(user.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var now = clock.GetUtcNow();
        Now = $"{UserTime.Format(now, zone)} {UserTime.ZoneName(zone, now)}";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == User.UserId(), ct);
        user.SetTimeZone(TimeZone ?? string.Empty);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"Dates and times now show in {user.TimeZone}.";
        return RedirectToPage();
    }

    /// <summary>The browser's zone at first sign-in: set only while none is, so it never undoes the person's own choice.</summary>
    public async Task<IActionResult> OnPostDetectedAsync(CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == User.UserId(), ct);
        if (user.TimeZone is null && TimeZone is { Length: > 0 } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            user.SetTimeZone(zone);
            await db.SaveChangesAsync(ct);
        }

        return new JsonResult(new { timeZone = user.TimeZone });
    }

    private static readonly Lazy<IReadOnlyList<string>> KnownZones = new(() => TimeZoneInfo.GetSystemTimeZones()
        .Where(z => z.HasIanaId).Select(z => z.Id).Append("UTC").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
}
