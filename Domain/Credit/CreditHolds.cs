using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Domain.Credit;

/// <summary>One held order in the accountants' queue, with its company's exposure without it.</summary>
public sealed record HeldOrder(
    string OrderNumber,
    int CompanyId,
    string CompanyName,
    string PlacedByName,
    Money Total,
    DateTimeOffset HeldSince,
    string? Reason,
    CreditStanding Standing)
{
    /// <summary>The company's exposure before this order (held orders count in exposure, this one included).</summary>
    public Money ExposureWithoutOrder => Standing.Exposure.Total - Total;

    /// <summary>What would be left of the limit if this order were released; null without a limit.</summary>
    public Money? AvailableAfterRelease => Standing.Limit is { } l ? l - Standing.Exposure.Total : null;
}

public enum HoldDecision
{
    Release,
    Reject,
}

/// <summary>
/// The accountants' holds queue and their decisions. Release fires ReleaseCredit (the order goes on to the ERP);
/// reject cancels it before the ERP ever sees it. A reason is required either way. Of two accountants deciding the
/// same hold one wins (the order's version); the other is told who decided it and how.
/// </summary>
public sealed class CreditHolds(PortalDbContext db, OrderActions actions, TimeProvider clock, IOptions<CreditOptions> options)
{
    public async Task<IReadOnlyList<HeldOrder>> QueueAsync(int take, CancellationToken ct)
    {
        var rows = await db.Orders().AsNoTracking()
            .Where(o => o.State == OrderState.CreditHold)
            .Select(o => new
            {
                o.Number,
                o.CompanyId,
                CompanyName = db.Companies.Where(c => c.Id == o.CompanyId).Select(c => c.Name).Single(),
                o.PlacedByName,
                o.Total,
                Hold = o.History.Where(h => h.To == OrderState.CreditHold).OrderByDescending(h => h.At).Select(h => new { h.At, h.Reason }).FirstOrDefault(),
                o.CreatedAt,
            })
            .ToListAsync(ct);

        var today = clock.Today();
        var standings = new Dictionary<int, CreditStanding>();
        var queue = new List<HeldOrder>();
        foreach (var r in rows.OrderBy(r => r.Hold?.At ?? r.CreatedAt).Take(take))
        {
            if (!standings.TryGetValue(r.CompanyId, out var standing))
            {
                standing = await db.StandingAsync(r.CompanyId, options.Value, today, ct);
                standings[r.CompanyId] = standing;
            }

            queue.Add(new HeldOrder(r.Number, r.CompanyId, r.CompanyName, r.PlacedByName, r.Total, r.Hold?.At ?? r.CreatedAt, r.Hold?.Reason, standing));
        }

        return queue;
    }

    public async Task<Order> DecideAsync(Actor accountant, string orderNumber, HoldDecision decision, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException(decision == HoldDecision.Release ? "Give a reason for releasing the order." : "Give a reason for rejecting the order.", "Reason");
        }

        await EnsureStillHeldAsync(orderNumber, ct);
        try
        {
            return await actions.ExecuteAsync(accountant, orderNumber,
                decision == HoldDecision.Release ? OrderTrigger.ReleaseCredit : OrderTrigger.Cancel, reason, ct, onlyFrom: OrderState.CreditHold);
        }
        catch (DomainException)
        {
            // Another accountant may have decided between our read and our save: say so rather than "changed by someone".
            db.ChangeTracker.Clear();
            await EnsureStillHeldAsync(orderNumber, ct);
            throw;
        }
    }

    private async Task EnsureStillHeldAsync(string orderNumber, CancellationToken ct)
    {
        var order = await db.Orders().AsNoTracking().Where(o => o.Number == orderNumber)
            .Select(o => new
            {
                o.State,
                Last = o.History.OrderByDescending(h => h.At).ThenByDescending(h => h.Id).Select(h => new { h.ActorName, h.At, h.Reason }).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct) ?? throw new OrderNotFoundException(orderNumber);
        if (order.State != OrderState.CreditHold)
        {
            var by = order.Last is { } l ? $" by {l.ActorName} at {l.At:yyyy-MM-dd HH:mm} UTC{(l.Reason is null ? "" : $" ({l.Reason})")}" : "";
            throw new DomainException($"Order {orderNumber} was already decided: it is {OrderWorkflow.Label(order.State).ToLowerInvariant()}{by}.");
        }
    }
}
