using System.Globalization;
using System.Text;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Domain.Returns;

/// <summary>
/// Tells the buyer who asked for a return what became of it: approved (send the goods back), rejected (and why), credited
/// (the credit memo's number and amount). Sent after the commit: a mail server that is down never undoes a return's
/// change, it is logged instead (the return page shows the same facts).
/// </summary>
public sealed class ReturnMails(PortalDbContext db, IMailer mailer, ILogger<ReturnMails> logger)
{
    public async Task AfterTransitionAsync(ReturnRequest request, CancellationToken ct)
    {
        var last = request.History.OrderBy(h => h.At).ThenBy(h => h.Id).LastOrDefault();
        (string Subject, string Text)? notice = request.State switch
        {
            ReturnState.Approved => ($"Your return {request.Number} is approved",
                $"{last?.ActorName ?? "We"} approved your return of goods from order {request.OrderNumber}. Please send them back; we credit you once they arrive."),
            ReturnState.Rejected => ($"Your return {request.Number} was not accepted",
                $"{last?.ActorName ?? "We"} rejected your return of goods from order {request.OrderNumber}."),
            ReturnState.Credited => ($"Your return {request.Number} is credited",
                $"We received the goods of return {request.Number} and issued credit memo {request.CreditMemoNumber}. It reduces the balance on your statement."),
            _ => null,
        };
        if (notice is not { } n)
        {
            return;
        }

        var email = await db.Users.AsNoTracking()
            .Where(u => u.Id == request.RequestedByUserId && u.IsActive && u.Email != null)
            .Select(u => u.Email!)
            .SingleOrDefaultAsync(ct);
        if (email is null)
        {
            return;
        }

        var body = new StringBuilder().AppendLine(n.Text);
        if (request.State != ReturnState.Credited && request.DecisionReason is { } reason)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"Comment: {reason}");
        }

        body.AppendLine();
        foreach (var line in request.Lines.OrderBy(l => l.OrderLineNumber))
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"{line.Sku} {line.Name}: {line.Quantity:0.####} {line.UnitOfMeasure}");
        }

        body.Append(CultureInfo.InvariantCulture, $"Return {request.Number} · {request.State} · {request.Total}");
        try
        {
            await mailer.SendAsync(new OutgoingMail(email, n.Subject, body.ToString()), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Return mail '{Subject}' to {To} was not sent", n.Subject, email);
        }
    }
}
