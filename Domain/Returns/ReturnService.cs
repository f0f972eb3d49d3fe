using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Returns;

/// <summary>An order line as the return form shows it: what was delivered, what earlier returns already take back, what is left.</summary>
public sealed record ReturnableLine(int LineNumber, string Sku, string Name, string UnitOfMeasure, decimal Delivered, decimal AlreadyReturned, Money UnitPrice)
{
    public decimal Returnable => Math.Max(0m, Delivered - AlreadyReturned);
}

/// <summary>A delivered order and its lines, for the return form.</summary>
public sealed record ReturnableOrder(string OrderNumber, OrderState State, IReadOnlyList<ReturnableLine> Lines)
{
    public bool CanReturn => ReturnRequest.IsDelivered(State) && Lines.Any(l => l.Returnable > 0);
}

/// <summary>
/// Returns' use cases for pages: the form's figures, the request, and the people-driven transitions. Each loads what the
/// actor may see, lets the aggregate check state and role, and saves the change with its audit entries in one SaveChanges.
/// A return changed by someone else in between is refused with "reload", never overwritten. After the commit the buyer is
/// mailed (<see cref="ReturnMails"/>).
/// </summary>
public sealed class ReturnService(PortalDbContext db, ReturnMails mails, TimeProvider clock)
{
    /// <summary>The order's lines with what is left to return, or null when the actor's company has no such order.</summary>
    public async Task<ReturnableOrder?> ReturnableAsync(Actor buyer, string orderNumber, CancellationToken ct)
    {
        var order = await BuyersOrderAsync(buyer, orderNumber, ct);
        if (order is null)
        {
            return null;
        }

        var returned = await db.ReturnedQuantitiesAsync(order.Id, ct);
        return new ReturnableOrder(order.Number, order.State, order.Lines.OrderBy(l => l.LineNumber)
            .Select(l => new ReturnableLine(l.LineNumber, l.Sku, l.Name, l.UnitOfMeasure, l.Quantity, returned.GetValueOrDefault(l.LineNumber), Money.Of(l.UnitPrice, order.Total.Currency)))
            .ToList());
    }

    /// <summary>
    /// A buyer's return of an order's goods. The order's next sequence number is unique, so of two requests for the same
    /// goods at the same moment one lands and the other is checked again against what the first took back.
    /// </summary>
    public async Task<string> RequestAsync(Actor buyer, string orderNumber, IReadOnlyList<NewReturnLine> lines, IReadOnlyList<ReturnPhoto> photos, string? comment,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = await BuyersOrderAsync(buyer, orderNumber, ct) ?? throw new OrderNotFoundException(orderNumber);
            // The sequence first, then the quantities: a return that commits between the two reads is counted in the
            // quantities, and one that commits after both takes our sequence, so our insert fails and we check again.
            // (The other way round, a return committing in between was missed by the check but not by the sequence.)
            var sequence = await db.Returns().Where(r => r.OrderId == order.Id).Select(r => (int?)r.Sequence).MaxAsync(ct) ?? 0;
            var returned = await db.ReturnedQuantitiesAsync(order.Id, ct);
            var request = ReturnRequest.Request(order, sequence + 1, returned, lines, photos, comment, buyer, clock.GetUtcNow());
            db.Returns().Add(request);
            ReturnLedger.Record(db, request);
            try
            {
                await db.SaveChangesAsync(ct);
                return request.Number;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another return of this order landed first with the same sequence: check the quantities again against it.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The return with its lines and history (not the photos' bytes), if the actor may see it.</summary>
    public Task<ReturnRequest?> LoadAsync(Actor actor, string number, bool tracking, CancellationToken ct)
    {
        var query = db.ReturnsFor(actor).Include(r => r.Lines).Include(r => r.History).AsSplitQuery();
        if (!tracking)
        {
            query = query.AsNoTracking();
        }

        var normalized = (number ?? string.Empty).Trim().ToUpperInvariant();
        return query.SingleOrDefaultAsync(r => r.Number == normalized, ct);
    }

    /// <summary>The sales rep the return's company is assigned to: they (and administrators) decide on its returns.</summary>
    public Task<string?> CompanyRepAsync(int companyId, CancellationToken ct) =>
        db.Companies.AsNoTracking().Where(c => c.Id == companyId).Select(c => c.SalesRepUserId).SingleOrDefaultAsync(ct);

    /// <summary>
    /// One person-driven transition on the version of the return the actor looked at. <paramref name="text"/> is the
    /// reason (approve, reject, cancel), the receiving note, or the credit memo's number (credit).
    /// </summary>
    public async Task<ReturnRequest> ActAsync(Actor actor, string number, int seenVersion, ReturnTrigger trigger, string? text, CancellationToken ct)
    {
        var request = await LoadAsync(actor, number, tracking: true, ct) ?? throw new ReturnNotFoundException(number);
        if (request.Version != seenVersion)
        {
            throw new DomainException($"Return {request.Number} was changed by someone else meanwhile; reload it and look again.");
        }

        var rep = await CompanyRepAsync(request.CompanyId, ct);
        var now = clock.GetUtcNow();
        switch (trigger)
        {
            case ReturnTrigger.Approve:
                request.Approve(actor, rep, text, now);
                break;
            case ReturnTrigger.Reject:
                request.Reject(actor, rep, text, now);
                break;
            case ReturnTrigger.Cancel:
                request.Cancel(actor, text, now);
                break;
            case ReturnTrigger.Receive:
                request.MarkReceived(actor, rep, text, now);
                break;
            case ReturnTrigger.Credit:
                request.MarkCredited(actor, text ?? string.Empty, now);
                break;
            default:
                throw new DomainException($"Unknown action {trigger}.");
        }

        var erpCustomerNumber = trigger == ReturnTrigger.Receive
            ? await db.Companies.AsNoTracking().Where(c => c.Id == request.CompanyId).Select(c => c.ErpCustomerNumber).SingleAsync(ct)
            : null;
        ReturnLedger.Record(db, request, erpCustomerNumber);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException($"Return {request.Number} was changed by someone else meanwhile; reload it and look again.");
        }

        await mails.AfterTransitionAsync(request, ct);
        return request;
    }

    private async Task<Order?> BuyersOrderAsync(Actor buyer, string orderNumber, CancellationToken ct)
    {
        if (buyer.CompanyId is not { } companyId)
        {
            throw new DomainException("Only a buyer of a customer company requests returns.");
        }

        var normalized = (orderNumber ?? string.Empty).Trim().ToUpperInvariant();
        return await db.Orders().AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Number == normalized && o.CompanyId == companyId, ct);
    }
}
