using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Notifications;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace B2BPortal.Domain.Credit;

public sealed record CreditNoticeRun(int DueSoon, int Overdue, int Usage)
{
    public override string ToString() => $"{DueSoon} due-soon and {Overdue} overdue invoice notice(s), {Usage} credit-use notice(s)";
}

/// <summary>
/// Credit mails, each sent once (<see cref="CreditNotice"/>): credit use crossing 80 % and 100 % of the limit (to the
/// company's buyer admins; at 100 % also to accountants), an order put on credit hold (to the buyer who placed it, the
/// company's buyer admins and the accountants), an invoice due within Credit:InvoiceDueReminderDays and an invoice
/// overdue (to the buyer admins). Sent after the order's commit; a mail that fails is logged and not recorded, so the
/// next run tries again.
/// </summary>
public sealed class CreditNotifications(PortalDbContext db, IMailer mailer, TimeProvider clock, IOptions<CreditOptions> options, ILogger<CreditNotifications> logger)
{
    private const int BatchSize = 1_000;

    public async Task AfterOrderAsync(Order order, CancellationToken ct)
    {
        if (order.State == OrderState.CreditHold)
        {
            var reason = order.History.Count > 0 ? order.History[^1].Reason : null;
            var company = await CompanyNameAsync(order.CompanyId, ct);
            var accountants = await AccountantsAsync(ct);
            var recipients = (await BuyerAdminsAsync(order.CompanyId, ct))
                .Concat(await db.Users.AsNoTracking().Where(u => u.Id == order.PlacedByUserId).Select(u => u.Email!).ToListAsync(ct))
                .Concat(accountants);
            await NotifyAsync(order.CompanyId, CreditNoticeKind.OrderHeld, order.Number, recipients,
                $"Order {order.Number} of {company} is on credit hold",
                $"Order {order.Number} ({order.Total}) placed by {order.PlacedByName} waits in credit hold until our accounts team releases it.\n{reason}",
                to => accountants.Contains(to, StringComparer.OrdinalIgnoreCase) ? "/Credit/Holds" : $"/Ordering/OrderDetail/{order.Number}", ct);
        }

        await CheckUsageAsync(order.CompanyId, ct);
    }

    /// <summary>Sends the 80 % / 100 % notice once per crossing and re-arms it when use falls below again.</summary>
    public async Task<int> CheckUsageAsync(int companyId, CancellationToken ct)
    {
        var standing = await db.StandingAsync(companyId, options.Value, clock.Today(), ct);
        if (standing.Limit is not { Amount: > 0 } limit)
        {
            return 0;
        }

        var used = standing.Exposure.Total.Amount / limit.Amount;
        var sent = 0;
        foreach (var (kind, threshold) in new[] { (CreditNoticeKind.Usage80, 0.8m), (CreditNoticeKind.Usage100, 1m) })
        {
            var notice = await db.Set<CreditNotice>().SingleOrDefaultAsync(n => n.CompanyId == companyId && n.Kind == kind && n.Key == "", ct);
            if (used < threshold)
            {
                if (notice is not null)
                {
                    db.Remove(notice);
                    await db.SaveChangesAsync(ct);
                }

                continue;
            }

            if (notice is not null)
            {
                continue;
            }

            var percent = string.Create(CultureInfo.InvariantCulture, $"{threshold * 100:0} %");
            var company = await CompanyNameAsync(companyId, ct);
            var recipients = await BuyerAdminsAsync(companyId, ct);
            var accountants = kind == CreditNoticeKind.Usage100 ? await AccountantsAsync(ct) : [];
            recipients.AddRange(accountants);

            sent += await NotifyAsync(companyId, kind, "", recipients, $"{company} has used {percent} of its credit limit",
                $"{company} has used {used:P0} of its credit limit of {limit}: {standing.Exposure.Explain()}. Available: {standing.Available}.",
                to => accountants.Contains(to, StringComparer.OrdinalIgnoreCase) ? $"/Credit/Account/{companyId}" : "/Credit/Statement", ct) ? 1 : 0;
        }

        return sent;
    }

    /// <summary>The daily part: invoices due within the reminder days and invoices overdue, each told once; credit use re-checked (payments lower it).</summary>
    public async Task<CreditNoticeRun> DailyAsync(CancellationToken ct)
    {
        var today = clock.Today();
        var horizon = today.AddDays(options.Value.InvoiceDueReminderDays);
        var dueSoon = await InvoicesAsync(CreditNoticeKind.InvoiceDueSoon, i => i.DueDate >= today && i.DueDate <= horizon, ct);
        var overdue = await InvoicesAsync(CreditNoticeKind.InvoiceOverdue, i => i.DueDate < today, ct);
        var sent = (DueSoon: 0, Overdue: 0);
        foreach (var (invoices, kind) in new[] { (dueSoon, CreditNoticeKind.InvoiceDueSoon), (overdue, CreditNoticeKind.InvoiceOverdue) })
        {
            foreach (var i in invoices)
            {
                var subject = kind == CreditNoticeKind.InvoiceDueSoon
                    ? $"Invoice {i.Number} is due on {i.DueDate:yyyy-MM-dd}"
                    : $"Invoice {i.Number} is overdue";
                var body = $"Invoice {i.Number} of {i.InvoiceDate:yyyy-MM-dd}: {i.Remaining} {(kind == CreditNoticeKind.InvoiceDueSoon ? "falls due on" : "was due on")} {i.DueDate:yyyy-MM-dd}. Please arrange payment.";
                if (await NotifyAsync(i.CompanyId, kind, i.Number, await BuyerAdminsAsync(i.CompanyId, ct), subject, body, _ => "/Credit/Invoices", ct))
                {
                    sent = kind == CreditNoticeKind.InvoiceDueSoon ? (sent.DueSoon + 1, sent.Overdue) : (sent.DueSoon, sent.Overdue + 1);
                }
            }
        }

        var usage = 0;
        var limited = await db.CreditTerms.AsNoTracking().Where(t => t.CreditLimit.Amount > 0).Select(t => t.CompanyId)
            .Union(db.CreditAccounts().Where(a => a.LimitOverride != null).Select(a => a.CompanyId)).ToListAsync(ct);
        foreach (var companyId in limited)
        {
            usage += await CheckUsageAsync(companyId, ct);
        }

        var run = new CreditNoticeRun(sent.DueSoon, sent.Overdue, usage);
        logger.LogInformation("Credit notices: {Run}", run);
        return run;
    }

    private Task<List<Invoice>> InvoicesAsync(CreditNoticeKind kind, System.Linq.Expressions.Expression<Func<Invoice, bool>> when, CancellationToken ct) =>
        db.Invoices.AsNoTracking().Where(i => i.Status == InvoiceStatus.Open && i.Remaining.Amount > 0).Where(when)
            .Where(i => !db.Set<CreditNotice>().Any(n => n.CompanyId == i.CompanyId && n.Kind == kind && n.Key == i.Number))
            .OrderBy(i => i.DueDate).Take(BatchSize).ToListAsync(ct);

    /// <param name="linkFor">Where each recipient acts on it: the buyer's own page, or the accountant's.</param>
    private async Task<bool> NotifyAsync(int companyId, CreditNoticeKind kind, string key, IEnumerable<string> recipients, string subject, string body, Func<string, string> linkFor, CancellationToken ct)
    {
        try
        {
            foreach (var to in recipients.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                await mailer.SendAsync(new OutgoingMail(to, subject, body, Topic: NotificationTopic.Invoices, Link: linkFor(to)), ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Credit notice '{Subject}' was not sent; the next run tries again", subject);
            return false;
        }

        db.Add(new CreditNotice(companyId, kind, key, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node recorded the same notice at the same moment; it is recorded, which is all that matters.
            db.ChangeTracker.Clear();
        }

        return true;
    }

    private Task<string> CompanyNameAsync(int companyId, CancellationToken ct) =>
        db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleAsync(ct);

    private Task<List<string>> BuyerAdminsAsync(int companyId, CancellationToken ct) => InRoleAsync(Roles.BuyerAdmin, companyId, ct);

    private Task<List<string>> AccountantsAsync(CancellationToken ct) => InRoleAsync(Roles.Accountant, null, ct);

    private async Task<List<string>> InRoleAsync(string role, int? companyId, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleOrDefaultAsync(ct);
        return await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == companyId && u.IsActive && u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId))
            .Select(u => u.Email!).ToListAsync(ct);
    }
}
