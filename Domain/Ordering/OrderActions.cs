using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// The people-driven transitions (approve, reject, cancel, credit hold/release, confirm delivery, close), shared by pages and API.
/// Loads the order the actor may see, fires the trigger (the aggregate checks state and role), writes history,
/// audit and — when the order has just become Placed — the outbox message, in one SaveChanges; then mails.
/// </summary>
public sealed class OrderActions(PortalDbContext db, ICreditCheck credit, OrderMails mails, CreditNotifications creditNotices, TimeProvider clock)
{
    /// <param name="onlyFrom">
    /// When given, the action applies only to an order still in that state, checked on the very row that is then saved
    /// (its version guards the save): a decision taken on a held order must not land on an order someone has just released.
    /// </param>
    public async Task<Order> ExecuteAsync(Actor actor, string orderNumber, OrderTrigger trigger, string? reason, CancellationToken ct, OrderState? onlyFrom = null)
    {
        var order = await LoadAsync(actor, orderNumber, ct) ?? throw new OrderNotFoundException(orderNumber);
        var before = order.State;
        if (onlyFrom is { } expected && before != expected)
        {
            db.ChangeTracker.Clear();
            throw new DomainException($"Order {orderNumber} is no longer {OrderWorkflow.Label(expected).ToLowerInvariant()}: it is {OrderWorkflow.Label(before).ToLowerInvariant()}; reload it.");
        }

        var now = clock.GetUtcNow();
        switch (trigger)
        {
            case OrderTrigger.Approve:
                order.Approve(actor, now, reason);
                await ApplyCreditCheckAsync(credit, order, now, ct);
                break;
            case OrderTrigger.Reject:
                order.Reject(actor, now, reason ?? "");
                break;
            case OrderTrigger.Cancel:
                order.Cancel(actor, now, reason);
                break;
            case OrderTrigger.HoldForCredit:
                order.HoldForCredit(actor, now, reason ?? "");
                break;
            case OrderTrigger.ReleaseCredit:
                order.ReleaseCredit(actor, now, reason);
                break;
            case OrderTrigger.Close:
                order.Close(actor, now, reason);
                break;
            case OrderTrigger.ConfirmDelivery:
                order.ConfirmDelivery(actor, now, reason);
                break;
            default:
                throw new DomainException($"\"{OrderWorkflow.Label(trigger)}\" is done by the system, not by hand.");
        }

        var company = await db.Companies.SingleAsync(c => c.Id == order.CompanyId, ct);
        OrderLedger.Record(db, order, company, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            db.ChangeTracker.Clear();
            throw new DomainException($"Order {orderNumber} was changed by someone else at the same moment; reload it and check whether your action is still needed.", ex);
        }

        await mails.AfterTransitionAsync(order, before, ct);
        if (trigger == OrderTrigger.Approve)
        {
            // An approval places the order: the credit mails (held order to the buyer and accountants, credit use
            // crossing 80 % / 100 %) go out as they do when an order is placed without approval.
            await creditNotices.AfterOrderAsync(order, ct);
        }

        return order;
    }

    /// <summary>The order with all it shows, if the actor may see it: staff see every order, buyers only their company's.</summary>
    public Task<Order?> LoadAsync(Actor actor, string orderNumber, CancellationToken ct)
    {
        var orders = db.Orders().Include(o => o.Lines).Include(o => o.History).AsSplitQuery();
        if (!actor.IsStaff)
        {
            var companyId = actor.CompanyId ?? -1;
            orders = orders.Where(o => o.CompanyId == companyId);
        }

        return orders.SingleOrDefaultAsync(o => o.Number == orderNumber, ct);
    }

    /// <summary>Runs the credit check on an order that has just become Placed: pass leaves it, hold parks it, refuse throws.</summary>
    public static async Task ApplyCreditCheckAsync(ICreditCheck credit, Order order, DateTimeOffset now, CancellationToken ct)
    {
        var result = await credit.CheckAsync(new CreditCheckRequest(order.CompanyId, order.Total, order.Number), ct);
        switch (result.Decision)
        {
            case CreditDecision.Refuse:
                throw new DomainException(result.Reason ?? "The order cannot be placed: the account's credit does not allow it.");
            case CreditDecision.Hold:
                order.HoldForCredit(Actor.System("credit check"), now, result.Reason ?? "Credit check");
                break;
            default:
                break;
        }
    }
}

/// <summary>No such order for this actor: pages and API answer 404, the same for "not yours" and "does not exist".</summary>
public sealed class OrderNotFoundException(string orderNumber) : Exception($"Order {orderNumber} not found.");
