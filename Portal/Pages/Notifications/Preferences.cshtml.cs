using B2BPortal.Domain.Notifications;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Notifications;

/// <summary>
/// How each topic that concerns the person's roles reaches them: by e-mail, in the notification centre, both or
/// neither. Account messages (invitations, password resets, locked account, tokens) always come both ways. Saved
/// changes are audited.
/// </summary>
public sealed class PreferencesModel(NotificationCentre centre) : PageModel
{
    public IReadOnlyList<TopicSetting> Settings { get; private set; } = [];

    /// <summary>The topics ticked for e-mail and for the centre (unticked boxes are not posted).</summary>
    [BindProperty]
    public List<NotificationTopic> Email { get; set; } = [];

    [BindProperty]
    public List<NotificationTopic> InPortal { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Settings = await centre.PreferencesAsync(User.UserId(), User.ToActor().Roles, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var topics = NotificationTopics.For(actor.Roles).Where(t => t.CanSwitchOff);
        var choices = topics.ToDictionary(t => t.Topic, t => (Email.Contains(t.Topic), InPortal.Contains(t.Topic)));
        await centre.SaveAsync(actor, choices, ct);
        var silent = choices.Where(c => !c.Value.Item1 && !c.Value.Item2).Select(c => NotificationTopics.Of(c.Key).Label).ToList();
        TempData["Flash"] = silent.Count == 0
            ? "Saved."
            : $"Saved. You will not hear about: {string.Join(", ", silent)} — neither by e-mail nor here.";
        return RedirectToPage();
    }
}
