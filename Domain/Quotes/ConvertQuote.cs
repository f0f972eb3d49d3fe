using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Quotes;

public sealed record ConvertQuoteResult(string QuoteNumber, string OrderNumber, OrderState OrderState, bool AlreadyOrdered, string Message);

/// <summary>
/// The buyer accepts a sent quote and it becomes an order through checkout's own placement steps (<see cref="OrderPlacement"/>:
/// ship-to, approval rules, credit check, history, audit, outbox), at the quoted prices, which win over the price lists for
/// as long as the quote is valid. Exactly once: the order's key is the quote's number (unique per company) and the quote's
/// concurrency token moves with it, so of two accepts at once the loser finds the winner's order and returns it.
/// Quantity rules and catalog visibility are checked as at checkout; a line that breaks them is named, nothing is placed.
/// </summary>
public sealed class ConvertQuote(PortalDbContext db, OrderPlacement placement, OrderableProducts products, OrderMails mails, QuoteMails quoteMails, Credit.CreditNotifications creditNotices, TimeProvider clock)
{
    private const int MaxAttempts = 5;

    public Task<ConvertQuoteResult> AcceptAsync(Actor buyer, string number, int versionNumber, PlaceOrderCommand command, CancellationToken ct) =>
        AcceptAsync(buyer, number, versionNumber, null, command, ct);

    /// <summary>
    /// Accepts <paramref name="lineNumbers"/> of the version (null: all of them; some only where the rep allowed partial
    /// acceptance) and orders them. A second accept, whole or partial, finds the first one's order.
    /// </summary>
    public async Task<ConvertQuoteResult> AcceptAsync(Actor buyer, string number, int versionNumber, IReadOnlyCollection<int>? lineNumbers, PlaceOrderCommand command, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var quote = await db.QuoteForAsync(buyer, number, tracking: true, ct) ?? throw new QuoteNotFoundException(number);
            if (quote.OrderNumber is not null)
            {
                return await ExistingAsync(quote, ct);
            }

            var now = clock.GetUtcNow();
            quote.Accept(buyer, versionNumber, now, lineNumbers);
            var (company, address) = await placement.CompanyAndAddressAsync(quote.CompanyId, command, ct);
            var lines = await OrderLinesAsync(quote, ct);
            var order = await placement.PlaceAsync(buyer, company, address, lines, command, Key(quote.Number), null, now, ct);
            quote.MarkOrdered(order.Number, order.Total.Amount, now);
            QuoteLedger.Record(db, quote);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Lost a race: the other accept made the order (found on the next pass), or took the same order number (tried again).
                continue;
            }

            await mails.AfterPlacementAsync(order, ct);
            await quoteMails.AfterTransitionAsync(quote, QuoteState.Sent, ct);
            await creditNotices.AfterOrderAsync(order, ct);
            var what = quote.Current.Lines.Any(l => l.Accepted == false)
                ? $"Quote {quote.Number} accepted for {quote.Current.Lines.Count(l => l.Accepted == true)} of its {quote.Current.Lines.Count} lines"
                : $"Quote {quote.Number} accepted";
            var message = order.State switch
            {
                OrderState.PendingApproval => $"{what}: order {order.Number} needs approval in your company: {order.ApprovalReason}",
                OrderState.CreditHold => $"{what}: order {order.Number} is placed and waits for a credit check by our accounts team.",
                _ => $"{what}: order {order.Number} is placed at the quoted prices.",
            };
            return new ConvertQuoteResult(quote.Number, order.Number, order.State, false, message);
        }
    }

    /// <summary>The order's idempotency key: one order per quote, ever.</summary>
    public static string Key(string quoteNumber) => $"quote:{quoteNumber}";

    /// <summary>What the "why this price" of an order line says for a quoted price.</summary>
    public static string PriceSource(Quote quote) => $"Quote {quote.Number} v{quote.CurrentVersionNumber} (valid until {quote.ValidUntil:yyyy-MM-dd})";

    private async Task<ConvertQuoteResult> ExistingAsync(Quote quote, CancellationToken ct)
    {
        var order = await db.Orders().AsNoTracking().Where(o => o.CompanyId == quote.CompanyId && o.Number == quote.OrderNumber)
            .Select(o => new { o.Number, o.State }).SingleAsync(ct);
        return new ConvertQuoteResult(quote.Number, order.Number, order.State, true, $"Quote {quote.Number} was already accepted: it is order {order.Number}.");
    }

    private async Task<List<NewOrderLine>> OrderLinesAsync(Quote quote, CancellationToken ct)
    {
        var version = quote.Current;
        var found = await products.FindAsync(quote.CompanyId, version.Lines.Select(l => l.ProductId).ToList(), ct);
        var problems = new List<string>();
        var lines = new List<NewOrderLine>();
        var source = PriceSource(quote);
        foreach (var l in version.Lines.Where(l => l.Accepted != false).OrderBy(l => l.LineNumber))
        {
            if (!found.TryGetValue(l.ProductId, out var p))
            {
                problems.Add($"{l.Sku}: no longer in your catalog");
                continue;
            }

            var check = p.Rule.Check(l.Quantity);
            if (!check.IsValid)
            {
                problems.Add($"{l.Sku}: {check.Message}");
                continue;
            }

            lines.Add(new NewOrderLine(p.Id, p.Sku, p.ErpItemNumber, p.Name, p.UnitOfMeasure, l.Quantity,
                Money.Of(l.NetUnitPrice(version.HeaderDiscountPercent), quote.Currency), source));
        }

        return problems.Count == 0 ? lines
            : throw new DomainException($"Quote {quote.Number} cannot be ordered as it is: {string.Join("; ", problems.Take(10))}. Ask your sales rep for a revision.");
    }
}
