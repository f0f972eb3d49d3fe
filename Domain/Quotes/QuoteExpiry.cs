using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Notifications;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace B2BPortal.Domain.Quotes;

public sealed record QuoteExpiryResult(int Expired, int Reminded)
{
    public override string ToString() => $"{Expired} quote(s) expired, {Reminded} buyer(s) reminded";
}

/// <summary>
/// The quotes job: a sent quote whose valid-until has passed becomes Expired (and can no longer be ordered); a buyer whose
/// offer runs out within <see cref="QuoteOptions.ReminderDaysBefore"/> days is reminded once. Each quote is saved on its
/// own: a buyer accepting at the same moment wins, and the job leaves that quote alone. An expired quote is mailed to both
/// sides (<see cref="QuoteMails"/>).
/// </summary>
public sealed class QuoteExpiry(PortalDbContext db, IMailer mailer, QuoteMails mails, TimeProvider clock, IOptions<QuoteOptions> options, ILogger<QuoteExpiry> logger)
{
    public async Task<QuoteExpiryResult> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var remindFrom = now.AddDays(options.Value.ReminderDaysBefore);
        var remind = options.Value.ReminderDaysBefore > 0;
        var due = await db.Quotes().AsNoTracking()
            .Where(q => q.State == QuoteState.Sent && q.ValidUntil != null && (q.ValidUntil < now || (remind && q.ReminderSentAt == null && q.ValidUntil <= remindFrom)))
            .Select(q => q.Id)
            .ToListAsync(ct);
        int expired = 0, reminded = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var quote = await db.Quotes().Include(q => q.History).SingleAsync(q => q.Id == id, ct);
            OutgoingMail? mail = null;
            var expiring = quote.IsExpiredAt(now);
            if (expiring)
            {
                quote.Expire(now);
            }
            else
            {
                quote.MarkReminded(now);
                mail = await ReminderAsync(quote, ct);
            }

            QuoteLedger.Record(db, quote);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogInformation("Quote {Quote} changed while the expiry job looked at it; left to the next run", quote.Number);
                continue;
            }

            if (expiring)
            {
                expired++;
                await mails.AfterTransitionAsync(quote, QuoteState.Sent, ct);
                continue;
            }

            reminded++;
            if (mail is null)
            {
                continue;
            }

            try
            {
                await mailer.SendAsync(mail, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The reminder for quote {Quote} could not be mailed", quote.Number);
            }
        }

        return new QuoteExpiryResult(expired, reminded);
    }

    private async Task<OutgoingMail?> ReminderAsync(Quote quote, CancellationToken ct)
    {
        var email = await db.Users.AsNoTracking().Where(u => u.Id == quote.RequestedByUserId && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync(ct);
        return email is null ? null : new OutgoingMail(email, $"Quote {quote.Number} runs out on {quote.ValidUntil:yyyy-MM-dd}",
            string.Create(CultureInfo.InvariantCulture,
                $"Our offer {quote.Number} is valid until {quote.ValidUntil:yyyy-MM-dd HH:mm} UTC. Accept it on the portal before then to order at the quoted prices; after that it expires and cannot be ordered."),
            Topic: NotificationTopic.Quotes, Link: $"/Quotes/Detail/{quote.Number}");
    }
}
