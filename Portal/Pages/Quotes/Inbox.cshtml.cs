using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Quotes;

/// <summary>
/// A sales rep's quotes: those of the customers they serve (and unassigned ones), what waits on them first, then the
/// oldest; by state, age and value. An administrator sees every rep's, with what waits for internal approval first.
/// Above the list, the pipeline for a period (<see cref="QuotePipeline"/>, computed in the database): the rep's own
/// quotes, or every rep's for an administrator; the last 30 days unless another period is asked.
/// </summary>
public sealed class InboxModel(PortalDbContext db, QuotePipeline pipeline, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public QuotePipelineFigures? Pipeline { get; private set; }

    [BindProperty(SupportsGet = true)]
    public QuoteState? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Open { get; set; } = true;

    public IReadOnlyList<QuoteRow> Quotes { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public bool IsApprover { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        IsApprover = QuoteWorkflow.IsApprover(actor);
        Now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        To ??= today;
        From ??= To.Value.AddDays(-29);
        try
        {
            Pipeline = await pipeline.ForAsync(actor.IsInRole(Roles.Administrator) ? null : actor.UserId, From.Value, To.Value, ct);
        }
        catch (DomainException period)
        {
            // A period that ends before it starts, or too long: said above the figures; the list below still shows.
            ModelState.AddModelError(string.Empty, period.Message);
        }
        var quotes = db.Quotes().AsQueryable();
        if (!actor.IsInRole(Roles.Administrator))
        {
            var me = actor.UserId;
            quotes = quotes.Where(q => q.OwnerRepUserId == me || (q.OwnerRepUserId == null && db.Companies.Any(c => c.Id == q.CompanyId && (c.SalesRepUserId == me || c.SalesRepUserId == null))));
        }

        if (State is { } s)
        {
            quotes = quotes.Where(q => q.State == s);
        }
        else if (Open)
        {
            var open = QuoteWorkflow.Open.ToList();
            quotes = quotes.Where(q => open.Contains(q.State));
        }

        var mine = IsApprover ? QuoteHolder.Approver : QuoteHolder.SalesRep;
        Quotes = (await QuoteRows.LoadAsync(db, quotes, ct))
            .OrderByDescending(q => q.Holder == mine)
            .ThenByDescending(q => q.Holder == QuoteHolder.SalesRep)
            .ThenBy(q => q.UpdatedAt)
            .ToList();
    }
}
