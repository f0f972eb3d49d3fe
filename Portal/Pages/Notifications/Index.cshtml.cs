using B2BPortal.Domain.Notifications;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Notifications;

/// <summary>
/// The signed-in person's notification centre: every e-mail the portal sent them and what they chose to see in the
/// portal only, newest first, unread ones marked. Only ever their own (the user id comes from the sign-in, never from
/// the request); marking another person's notification answers 404 like one that does not exist.
/// </summary>
public sealed class IndexModel(NotificationCentre centre, UserTime time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "unread")]
    public bool UnreadOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public NotificationPage Notifications { get; private set; } = new([], 1, false, 0);

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Zone = (await time.ZoneAsync(ct)).Zone;
        Notifications = await centre.PageAsync(User.UserId(), UnreadOnly, PageNumber, ct);
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        if (!await centre.MarkReadAsync(User.UserId(), id, ct))
        {
            return NotFound();
        }

        return RedirectToPage(new { unread = UnreadOnly ? "true" : null, page = PageNumber > 1 ? PageNumber : (int?)null });
    }

    /// <summary>Marks it read and goes where it leads (a portal path only: an absolute link is opened from the page itself).</summary>
    public async Task<IActionResult> OnPostOpenAsync(long id, CancellationToken ct)
    {
        if (!await centre.MarkReadAsync(User.UserId(), id, ct))
        {
            return NotFound();
        }

        var link = await centre.LinkAsync(User.UserId(), id, ct);
        return link is not null && Url.IsLocalUrl(link) ? LocalRedirect(link) : RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var count = await centre.MarkAllReadAsync(User.UserId(), ct);
        TempData["Flash"] = count == 1 ? "1 notification marked read." : $"{count:N0} notifications marked read.";
        return RedirectToPage();
    }

    public string When(DateTimeOffset at) => UserTime.Format(at, Zone);
}
