using System.Globalization;
using System.Text;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Notifications;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Domain.Quotes;

/// <summary>
/// A mail to the other side on every transition of a quote: submitted, a revision requested, accepted (ordered), declined or
/// cancelled by the buyer → the owning sales rep; sent or cancelled by staff → the buyer who asked; internal approval
/// needed → the approvers (administrators); approved or rejected → the owning rep; expired → both. Sent after the commit:
/// a mail server that is down never undoes a quote's change, it is logged instead (the quote page shows the same facts).
/// A quote without an owning rep mails the sales reps and administrators who work quotes, so a request is never unseen.
/// </summary>
public sealed class QuoteMails(PortalDbContext db, IMailer mailer, ILogger<QuoteMails> logger)
{
    private enum Side
    {
        Buyer,
        Rep,
        Approvers,
    }

    private sealed record Notice(Side[] Sides, string Subject, string Text);

    public async Task AfterTransitionAsync(Quote quote, QuoteState before, CancellationToken ct)
    {
        if (quote.State == before)
        {
            return;
        }

        // The latest entry: saved by now, so ids follow the order of the entries made at the same instant.
        var last = quote.History.OrderBy(h => h.At).ThenBy(h => h.Id).LastOrDefault();
        var by = last?.ActorName ?? "the portal";
        var lastByStaff = last is not null && await db.Users.AsNoTracking().AnyAsync(u => u.Id == last.ActorId && u.CompanyId == null, ct);
        var current = quote.Versions.FirstOrDefault(v => v.Number == quote.CurrentVersionNumber);
        var acceptedBy = quote.History.Where(h => h.Trigger == QuoteTrigger.Accept).OrderBy(h => h.At).ThenBy(h => h.Id).LastOrDefault()?.ActorName ?? by;
        Notice notice = quote.State switch
        {
            QuoteState.Submitted => new([Side.Rep], $"Quote request {quote.Number} from {quote.RequestedByName}", $"{quote.RequestedByName} asks for a quote ({current?.Lines.Count ?? 0} lines). Review it on the portal's quote inbox."),
            QuoteState.Sent => new([Side.Buyer], $"Your quote {quote.Number} is ready", $"{by} sent you version {quote.CurrentVersionNumber} of quote {quote.Number}, valid until {quote.ValidUntil:yyyy-MM-dd HH:mm} UTC. Accept it, ask for a revision or decline it on the portal."),
            QuoteState.RevisionRequested => new([Side.Rep], $"Quote {quote.Number}: {quote.RequestedByName} asks for a revision", $"{by} asks for a revision of version {quote.CurrentVersionNumber}."),
            QuoteState.Accepted or QuoteState.Ordered => new([Side.Rep], $"Quote {quote.Number} accepted", $"{acceptedBy} accepted version {quote.CurrentVersionNumber} of quote {quote.Number}" + (quote.OrderNumber is { } o ? $": it is order {o}." : ".")),
            QuoteState.Declined => new([Side.Rep], $"Quote {quote.Number} declined", $"{by} declined quote {quote.Number}."),
            QuoteState.Expired => new([Side.Buyer, Side.Rep], $"Quote {quote.Number} has expired", $"Quote {quote.Number} was valid until {quote.ValidUntil:yyyy-MM-dd HH:mm} UTC and can no longer be ordered. Ask for a new quote if you still need it."),
            QuoteState.PendingInternalApproval => new([Side.Approvers], $"Approval needed: quote {quote.Number}", $"{by} asks for approval to send quote {quote.Number}.\n{quote.ApprovalReason}\nApprove or reject it on the quote's page."),
            QuoteState.Approved => new([Side.Rep], $"Quote {quote.Number} approved", $"{by} approved quote {quote.Number}: you may send it now."),
            QuoteState.Rejected => new([Side.Rep], $"Quote {quote.Number} not approved", $"{by} rejected quote {quote.Number}. Revise it and ask again, or cancel it."),
            QuoteState.Cancelled => new(lastByStaff ? [Side.Buyer] : [Side.Rep], $"Quote {quote.Number} cancelled", $"{by} cancelled quote {quote.Number}."),
            _ => new([], "", ""),
        };

        var (sides, subject, text) = notice;
        if (sides.Length == 0)
        {
            return;
        }

        var body = new StringBuilder()
            .AppendLine(text)
            .AppendLine(last?.Reason is { } reason ? $"Comment: {reason}" : "")
            .Append(CultureInfo.InvariantCulture, $"Quote {quote.Number} · {QuoteWorkflow.Label(quote.State)} · version {quote.CurrentVersionNumber}")
            .AppendLine(current is null ? "" : " · " + Money.Of(current.Total, quote.Currency))
            .ToString();
        foreach (var email in await RecipientsAsync(quote, sides, last?.ActorId, ct))
        {
            await SendAsync(new OutgoingMail(email, subject, body, Topic: quote.State == QuoteState.PendingInternalApproval ? NotificationTopic.Approvals : NotificationTopic.Quotes,
                Link: $"/Quotes/Detail/{quote.Number}"), ct);
        }
    }

    private async Task<List<string>> RecipientsAsync(Quote quote, Side[] sides, string? actorId, CancellationToken ct)
    {
        var ids = new List<string>();
        var roles = new List<string>();
        foreach (var side in sides)
        {
            switch (side)
            {
                case Side.Buyer:
                    ids.Add(quote.RequestedByUserId);
                    break;
                case Side.Rep when quote.OwnerRepUserId is { } rep:
                    ids.Add(rep);
                    break;
                case Side.Rep:
                    roles.AddRange([Roles.SalesRep, Roles.Administrator]);
                    break;
                case Side.Approvers:
                    roles.Add(Roles.Administrator);
                    break;
            }
        }

        var roleIds = await db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id).ToListAsync(ct);
        return await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.Email != null && u.Id != actorId
                && (ids.Contains(u.Id) || (u.CompanyId == null && db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))))
            .Select(u => u.Email!)
            .Distinct()
            .ToListAsync(ct);
    }

    private async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        try
        {
            await mailer.SendAsync(mail, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Quote mail '{Subject}' to {To} was not sent", mail.Subject, mail.To);
        }
    }
}
