using System.Globalization;
using System.Text;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Notifications;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// Mails about orders: to the buyer on placement (saying who placed it, when staff placed it on the buyer's behalf) and on every state change, to the company's BuyerAdmins when an
/// order waits for their approval. Sent after the commit: a mail server that is down never undoes an order, it is
/// logged instead (the order page shows the same facts).
/// </summary>
public sealed class OrderMails(PortalDbContext db, IMailer mailer, ILogger<OrderMails> logger)
{
    public async Task AfterPlacementAsync(Order order, CancellationToken ct)
    {
        var onBehalf = order.PlacedOnBehalfByName is { } staff
            ? $"{staff} placed this order for you, {order.PlacedByName}, on the portal. It is yours: you find it in your order history, and you may cancel it there while it has not gone to our warehouse.\n\n"
            : "";
        await ToBuyerAsync(order, (order.State == OrderState.PendingApproval
            ? $"Order {order.Number} is waiting for approval"
            : $"Order {order.Number} placed") + (order.PlacedOnBehalfByName is { } by ? $" for you by {by}" : ""), onBehalf + Summary(order), ct);
        if (order.State == OrderState.PendingApproval)
        {
            await ToApproversAsync(order, ct);
        }
    }

    public async Task AfterTransitionAsync(Order order, OrderState before, CancellationToken ct)
    {
        if (order.State == before || order.History.Count == 0)
        {
            return;
        }

        var last = order.History[^1];
        var body = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Order {order.Number} is now: {OrderWorkflow.Label(order.State)}.")
            .AppendLine(CultureInfo.InvariantCulture, $"By {last.ActorName} at {last.At:yyyy-MM-dd HH:mm} UTC.")
            .AppendLine(last.Reason is null ? "" : $"Reason / comment: {last.Reason}")
            .AppendLine()
            .Append(Summary(order))
            .ToString();
        await ToBuyerAsync(order, $"Order {order.Number}: {OrderWorkflow.Label(order.State)}", body, ct);
    }

    private async Task ToApproversAsync(Order order, CancellationToken ct)
    {
        var adminRoleId = await db.Roles.Where(r => r.Name == Roles.BuyerAdmin).Select(r => r.Id).SingleOrDefaultAsync(ct);
        var approvers = await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == order.CompanyId && u.IsActive && u.Id != order.PlacedByUserId && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRoleId))
            .Select(u => u.Email!)
            .ToListAsync(ct);
        foreach (var email in approvers)
        {
            await SendAsync(new OutgoingMail(email, $"Approval needed: order {order.Number} by {order.PlacedByText}",
                $"{order.PlacedByText} placed order {order.Number} for {order.Total}.\n{order.ApprovalReason}\n\nApprove or reject it on the portal's Approvals page.\n\n{Summary(order)}",
                Topic: NotificationTopic.Approvals, Link: "/Ordering/Approvals"), ct);
        }
    }

    private async Task ToBuyerAsync(Order order, string subject, string body, CancellationToken ct)
    {
        var email = await db.Users.AsNoTracking().Where(u => u.Id == order.PlacedByUserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        if (email is not null)
        {
            await SendAsync(new OutgoingMail(email, subject, body, Topic: NotificationTopic.Orders, Link: $"/Ordering/OrderDetail/{order.Number}"), ct);
        }
    }

    private async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        try
        {
            await mailer.SendAsync(mail, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Order mail '{Subject}' to {To} was not sent", mail.Subject, mail.To);
        }
    }

    private static string Summary(Order order)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Order {order.Number} · {OrderWorkflow.Label(order.State)} · {order.Total}");
        if (order.PurchaseOrderNumber is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"Your PO: {order.PurchaseOrderNumber}");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"Ship to: {order.ShipTo.Line1}, {order.ShipTo.PostalCode} {order.ShipTo.City}, {order.ShipTo.CountryCode}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{order.Lines.Count} lines");
        foreach (var l in order.Lines.OrderBy(l => l.LineNumber).Take(20))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {l.Sku}  {l.Quantity:0.###} {l.UnitOfMeasure}  {l.Name}  {l.LineTotal}");
        }

        if (order.Lines.Count > 20)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  … and {order.Lines.Count - 20} more lines (see the order on the portal)");
        }

        return sb.ToString();
    }
}
