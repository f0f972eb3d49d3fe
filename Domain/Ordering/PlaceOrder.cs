using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Domain.Ordering;

/// <param name="ReviewedCartVersion">The cart version the buyer reviewed at checkout; a cart changed since is refused, never placed unseen.</param>
/// <param name="ReviewedTotal">The total the buyer saw; if re-pricing changes it, the order is refused and the change shown.</param>
/// <param name="IdempotencyKey">The API caller's key, scoped to the caller. Pages leave it null: the cart id and reviewed version are the key.</param>
public sealed record PlaceOrderCommand(
    int? ShipToAddressId,
    string? PurchaseOrderNumber,
    DateOnly? RequestedDeliveryDate,
    string? Notes,
    int? ReviewedCartVersion,
    decimal? ReviewedTotal,
    string? IdempotencyKey);

public sealed record PlaceOrderResult(int OrderId, string OrderNumber, OrderState State, bool AlreadyPlaced, string? Message);

/// <summary>
/// An Idempotency-Key replayed with a request other than the one that placed its order (other fields or another cart):
/// neither answered with that order nor placed. Not a business rule: the API answers 422.
/// </summary>
public sealed class IdempotencyKeyReusedException(string orderNumber)
    : Exception($"This Idempotency-Key was already used for a different request (order {orderNumber}); use a new key for a new order.")
{
    public string OrderNumber { get; } = orderNumber;
}

/// <summary>
/// Checkout's use case: loads the buyer's cart, re-prices it through the pricing ports, checks quantity rules,
/// runs the company's approval rules and the credit check (<see cref="OrderPlacement"/>, shared with quote conversion), then places (or submits for approval) in ONE
/// SaveChanges with its history, audit and outbox message, and empties the cart.
/// Exactly one order per cart version or Idempotency-Key: a unique (company, key) index and the cart's concurrency
/// token make the loser of a race find the winner's order and return it. An API key is the caller's own (another user's
/// same key is another order), and answers only the request it placed: same fields, same cart lines (or, once that
/// order emptied the cart, an empty cart); anything else is refused with <see cref="IdempotencyKeyReusedException"/>.
/// </summary>
public sealed class PlaceOrder(
    PortalDbContext db,
    CartReviewer reviewer,
    OrderPlacement placement,
    OrderMails mails,
    CreditNotifications creditNotices,
    TimeProvider clock,
    ILogger<PlaceOrder> logger)
{
    private const int MaxAttempts = 5;

    public Task<PlaceOrderResult> ExecuteAsync(Actor buyer, PlaceOrderCommand command, CancellationToken ct) =>
        ExecuteAsync(buyer, buyer, null, command, ct);

    /// <summary>
    /// Places a staff member's on-behalf cart (<see cref="OrderingOnBehalf"/>) as the buyer's order, through the same steps as
    /// the buyer's own checkout: the buyer's approval rules and limits, the credit check, history (naming the staff member),
    /// audit and outbox; the buyer is told by mail.
    /// </summary>
    public Task<PlaceOrderResult> ExecuteOnBehalfAsync(OnBehalfSession session, PlaceOrderCommand command, CancellationToken ct) =>
        session.CartActor.CompanyId == session.Buyer.CompanyId && session.CartActor.UserId == session.Staff.UserId
            ? ExecuteAsync(session.CartActor, session.Buyer, session.Staff, command, ct)
            : throw new DomainException("The cart and the buyer belong to different companies.");

    /// <param name="cartOwner">Whose cart is placed: the buyer, or the staff member ordering on their behalf.</param>
    /// <param name="buyer">Whose order it becomes.</param>
    /// <param name="onBehalfBy">The staff member placing it for the buyer, if not the buyer.</param>
    private async Task<PlaceOrderResult> ExecuteAsync(Actor cartOwner, Actor buyer, Actor? onBehalfBy, PlaceOrderCommand command, CancellationToken ct)
    {
        var companyId = CartService.CompanyOf(cartOwner);
        if (command.IdempotencyKey is { } k && (k.Length is 0 or > 100))
        {
            throw new DomainException("An Idempotency-Key has 1 to 100 characters.", "IdempotencyKey");
        }

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var cart = await db.Carts().Include(c => c.Lines).SingleOrDefaultAsync(c => c.UserId == cartOwner.UserId, ct);
            var key = command.IdempotencyKey is { } apiKey
                ? $"api:{buyer.UserId}:{apiKey}"
                : $"cart:{cart?.Id ?? 0}:v{command.ReviewedCartVersion ?? cart?.Version ?? 0}";
            var cartLines = cart?.Lines.Select(l => (l.ProductId, l.Quantity)).ToList() ?? [];

            if (await FindAsync(companyId, key, command, cartLines, ct) is { } existing)
            {
                return existing;
            }

            var loadedVersion = cart?.Version;
            var fingerprint = command.IdempotencyKey is null ? null : Fingerprint(command, cartLines);
            var (order, _) = await PrepareAsync(buyer, onBehalfBy, companyId, cart, key, fingerprint, command, ct);
            try
            {
                await SaveAsync(cart!.Id, ct);
            }
            catch (DbUpdateException ex)
            {
                // Lost a race: the same cart version or key was placed by the other click/tab/retry, or another
                // order took the same number. The first case returns the winner; the second tries again.
                db.ChangeTracker.Clear();
                if (await FindAsync(companyId, key, command, cartLines, ct) is { } winner)
                {
                    return winner;
                }

                var stillSameCart = await db.Carts().AsNoTracking().Where(c => c.UserId == cartOwner.UserId).Select(c => (int?)c.Version).SingleOrDefaultAsync(ct);
                if (stillSameCart != loadedVersion)
                {
                    throw new DomainException("Your cart was changed in another window while you placed the order; review it and place again.", ex);
                }

                if (attempt >= MaxAttempts)
                {
                    throw;
                }

                logger.LogInformation("Order placement for company {CompanyId} retried after a conflict (attempt {Attempt})", companyId, attempt);
                continue;
            }

            await mails.AfterPlacementAsync(order, ct);
            await creditNotices.AfterOrderAsync(order, ct);
            var message = order.State switch
            {
                OrderState.PendingApproval => $"Order {order.Number} needs approval in your company: {order.ApprovalReason}",
                OrderState.CreditHold => $"Order {order.Number} is placed and waits for a credit check by our accounts team.",
                _ => $"Order {order.Number} is placed.",
            };
            return new PlaceOrderResult(order.Id, order.Number, order.State, false, message);
        }
    }

    private async Task<(Order Order, Customers.CustomerCompany Company)> PrepareAsync(
        Actor buyer, Actor? onBehalfBy, int companyId, Cart? cart, string key, string? fingerprint, PlaceOrderCommand command, CancellationToken ct)
    {
        if (cart is null || cart.Lines.Count == 0)
        {
            throw new DomainException("Your cart is empty.");
        }

        if (command.ReviewedCartVersion is { } reviewed && reviewed != cart.Version)
        {
            throw new DomainException("Your cart changed (in another window or by an upload) since you reviewed it. Check the checkout page again and place the order.");
        }

        var (company, address) = await placement.CompanyAndAddressAsync(companyId, command, ct);
        var review = await reviewer.ReviewAsync(cart, ct);
        if (!review.CanPlace)
        {
            var problems = review.Lines.Where(l => !l.IsOrderable).Take(10).Select(l => $"{l.Sku}: {l.Problem}").ToList();
            var more = review.Lines.Count(l => !l.IsOrderable) - problems.Count;
            throw new DomainException(review.Problem
                ?? "Some lines cannot be ordered as they are: " + string.Join("; ", problems) + (more > 0 ? $"; and {more} more" : "") + ".");
        }

        var total = review.Total!.Value;
        if (command.ReviewedTotal is { } seen && decimal.Round(seen, 2) != decimal.Round(total.Amount, 2))
        {
            throw new DomainException($"Prices changed since you reviewed the order: the total was {Money.Of(seen, total.Currency)}, it is now {total.RoundToCents()}. Review the changed lines and place again.");
        }

        var now = clock.GetUtcNow();
        var reviewedIds = review.Lines.ToDictionary(l => l.ProductId);
        var erpItems = await db.Products.AsNoTracking().Where(p => reviewedIds.Keys.Contains(p.Id))
            .Select(p => new { p.Id, p.ErpItemNumber }).ToDictionaryAsync(p => p.Id, p => p.ErpItemNumber, ct);
        var lines = review.Lines.Select(l => new NewOrderLine(l.ProductId, l.Sku, erpItems[l.ProductId], l.Name, l.UnitOfMeasure, l.Quantity, l.UnitPrice!.Value, l.PriceSource ?? "")).ToList();

        var order = await placement.PlaceAsync(buyer, company, address, lines, command, key, fingerprint, now, ct, onBehalfBy);
        cart.MarkOrdered(now);
        return (order, company);
    }

    /// <summary>
    /// One transaction: the cart's lines deleted set-based (1,000 single-row deletes would double the time of a big
    /// order), then the order, history, audit, outbox and the cart's version bump. The version's concurrency check
    /// rolls the delete back if the cart changed meanwhile, so no line is ever deleted without being ordered.
    /// </summary>
    private async Task SaveAsync(int cartId, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Set<CartLine>().Where(l => l.CartId == cartId).ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await transaction.CommitAsync(ct);
        });
        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>The order already placed under this key, if the request is the one it answered (see the class remarks).</summary>
    private async Task<PlaceOrderResult?> FindAsync(int companyId, string key, PlaceOrderCommand command, List<(int ProductId, decimal Quantity)> cartLines, CancellationToken ct)
    {
        var existing = await db.Orders().AsNoTracking().Where(o => o.CompanyId == companyId && o.IdempotencyKey == key)
            .Select(o => new { o.Id, o.Number, o.State, o.RequestFingerprint }).SingleOrDefaultAsync(ct);
        if (existing is null)
        {
            return null;
        }

        if (existing.RequestFingerprint is { } placed && placed != Fingerprint(command, cartLines))
        {
            var orderedLines = cartLines.Count > 0 ? null : await db.Set<OrderLine>().AsNoTracking().Where(l => l.OrderId == existing.Id)
                .Select(l => new { l.ProductId, l.Quantity }).ToListAsync(ct);
            if (orderedLines is null || placed != Fingerprint(command, orderedLines.Select(l => (l.ProductId, l.Quantity))))
            {
                throw new IdempotencyKeyReusedException(existing.Number);
            }
        }

        return new PlaceOrderResult(existing.Id, existing.Number, existing.State, true, $"Order {existing.Number} was already placed from this cart; here it is.");
    }

    /// <summary>SHA-256 of the request in a canonical form: its fields and the cart lines it places, by product.</summary>
    private static string Fingerprint(PlaceOrderCommand command, IEnumerable<(int ProductId, decimal Quantity)> lines)
    {
        var canonical = JsonSerializer.Serialize(new
        {
            command.ShipToAddressId,
            command.PurchaseOrderNumber,
            command.RequestedDeliveryDate,
            command.Notes,
            ReviewedTotal = Canonical(command.ReviewedTotal),
            Lines = lines.OrderBy(l => l.ProductId).Select(l => $"{l.ProductId}x{Canonical(l.Quantity)}"),
        });
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>12, 12.0 and 12.0000 (as a database may give it back) are one value.</summary>
    private static string? Canonical(decimal? value) => value?.ToString("0.############################", CultureInfo.InvariantCulture);
}
