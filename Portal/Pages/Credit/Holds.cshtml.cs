using B2BPortal.Domain.Credit;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>For accountants: orders waiting in credit hold, oldest first, each with its company's exposure; release or reject with a reason.</summary>
public sealed class HoldsModel(CreditHolds holds) : PageModel, IFormPage
{
    public const int QueueSize = 200;

    public IReadOnlyList<HeldOrder> Queue { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task LoadAsync(CancellationToken ct) => Queue = await holds.QueueAsync(QueueSize, ct);

    public async Task<IActionResult> OnPostDecideAsync(string number, HoldDecision decision, string? reason, CancellationToken ct)
    {
        var order = await holds.DecideAsync(User.ToActor(), number, decision, reason, ct);
        TempData["Flash"] = decision == HoldDecision.Release
            ? $"Order {order.Number} released: it goes on to the ERP."
            : $"Order {order.Number} rejected and cancelled; the ERP never received it.";
        return RedirectToPage();
    }
}
