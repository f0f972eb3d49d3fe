using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using B2BPortal.Portal.Infrastructure;
using B2BPortal.Portal.Pages.Quotes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace B2BPortal.Portal.Api;

/// <summary>
/// Quotes for customers' procurement systems, under /api/v1/quotes: request a quote by SKU, list the company's quotes, read
/// one with its versions, accept the current version (which places the order through checkout's placement, exactly once).
/// Buyer-side callers only; a quote of another company answers 404 like one that does not exist. The same use cases as the
/// pages (QuoteService, ConvertQuote): the same rules, the same messages. Cost and margin never appear here.
/// </summary>
internal static class QuotesApi
{
    public static IEndpointRouteBuilder MapQuotesApi(this IEndpointRouteBuilder app)
    {
        // Every quote call needs the token scope "quotes" (a token without it gets 403 naming it).
        var quotes = app.MapGroup("/api/v1/quotes").RequireAuthorization(Policies.BuyerSide).RequireApiScope(ApiScopes.Quotes).ProducesValidationProblem().WithTags("Quotes");
        quotes.MapPost("", RequestQuote).WithName("RequestQuote").AddEndpointFilter(OrderingApi.TokenOrAntiforgery)
            .WithSummary("Ask the sales rep for a quote")
            .WithDescription($"Lines by SKU with quantities and, optionally, the unit price you aim at (`targetPrice`), plus a note (at most {Quote.NotesMaxLength} characters). At most {Quote.MaxLines} lines. Every SKU must be in your catalog and priced for your company; otherwise 400 names the SKU and nothing is requested. The quote starts Submitted, with your sales rep.");
        quotes.MapGet("", ListQuotes).WithName("ListQuotes")
            .WithSummary("Your company's quotes, most recently changed first (at most 500)");
        quotes.MapGet("/{number}", GetQuote).WithName("GetQuote")
            .WithSummary("One quote with every version, its lines and terms, and its history")
            .WithDescription("`currentVersion` is the version you may accept once the quote is Sent (`validUntil` is the last second the offer holds, UTC). 404 for a quote of another company.");
        quotes.MapPost("/{number}/accept", AcceptQuote).WithName("AcceptQuote").AddEndpointFilter(OrderingApi.TokenOrAntiforgery)
            .WithSummary("Accept the current version: it becomes an order at the quoted prices")
            .WithDescription("Send the `version` you accept, and, if that version `allowsPartialAcceptance`, the `lines` (line numbers) you order; without `lines` the whole quote is ordered. The order goes through the same placement as checkout (your company's approval rules, the credit check, the ERP outbox) and may land in PendingApproval or CreditHold. Idempotent: accepting a quote again returns its one order (200) instead of placing another (201). A version that is no longer current, a quote past its valid-until or in another state is refused with 409 and says what to do instead; nothing is placed.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public sealed record RequestLineDto(string Sku, decimal Quantity, decimal? TargetPrice);

    public sealed record RequestQuoteRequest(IReadOnlyList<RequestLineDto>? Lines, string? Notes);

    /// <param name="Lines">The line numbers to order, when the version allows partial acceptance; omitted: all lines.</param>
    public sealed record AcceptQuoteRequest(int Version, int? ShipToAddressId, string? PurchaseOrderNumber, DateOnly? RequestedDeliveryDate, string? Notes, IReadOnlyList<int>? Lines = null);

    /// <param name="Status">Submitted, InReview, PendingInternalApproval, Approved, Rejected (with the sales team), Sent (yours to accept), RevisionRequested, Accepted, Ordered, Declined, Expired, Cancelled.</param>
    /// <param name="Value">The current version's total at its net prices.</param>
    public sealed record QuoteSummaryDto(string Number, string Status, int CurrentVersion, decimal Value, string Currency, string RequestedBy, string? SalesRep,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ValidUntil, string? OrderNumber);

    public sealed record QuoteListDto(IReadOnlyList<QuoteSummaryDto> Items);

    public sealed record QuoteBreakDto(decimal MinQuantity, decimal UnitPrice);

    /// <param name="ListPrice">Your price-list price when the line was quoted.</param>
    /// <param name="NetUnitPrice">The quoted unit price at this quantity, after the line's and the header's discount.</param>
    /// <param name="ProposedBySalesRep">A line the rep added that you did not ask for.</param>
    public sealed record QuoteLineDto(int LineNumber, string Sku, string Name, string UnitOfMeasure, decimal Quantity, decimal ListPrice, decimal? TargetPrice,
        decimal? OfferedPrice, decimal? DiscountPercent, decimal NetUnitPrice, decimal LineTotal, IReadOnlyList<QuoteBreakDto> Breaks, bool ProposedBySalesRep, bool? Accepted);

    /// <param name="AllowsPartialAcceptance">Whether some of the lines may be accepted (name them in the accept request's Lines).</param>
    public sealed record QuoteVersionDto(int Version, bool Sent, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, decimal HeaderDiscountPercent, decimal Total, bool AllowsPartialAcceptance, IReadOnlyList<QuoteLineDto> Lines);

    public sealed record QuoteHistoryDto(DateTimeOffset At, string From, string To, string Action, string By, string? Reason);

    /// <param name="AllowedActions">What you may do now, e.g. Accept, RequestRevision, Decline, Cancel.</param>
    public sealed record QuoteDto(string Number, string Status, int CurrentVersion, string Currency, string RequestedBy, string? SalesRep, string? Notes,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ValidUntil, string? OrderNumber, IReadOnlyList<QuoteVersionDto> Versions,
        IReadOnlyList<QuoteHistoryDto> History, IReadOnlyList<string> AllowedActions);

    /// <param name="AlreadyOrdered">True when the quote had been accepted before: this is its one order.</param>
    public sealed record AcceptedQuoteDto(string QuoteNumber, string OrderNumber, string OrderStatus, bool AlreadyOrdered, string Message);

    private static async Task<Results<Created<QuoteDto>, ProblemHttpResult>> RequestQuote(HttpContext http, RequestQuoteRequest request, OrderableProducts products,
        QuoteService quotes, PortalDbContext db, CancellationToken ct)
    {
        var lines = request.Lines ?? [];
        if (lines.Count == 0)
        {
            return TypedResults.Problem(statusCode: 400, title: "No lines", detail: "Send at least one line: { \"sku\": \"…\", \"quantity\": 10 }.");
        }

        if (lines.Count > Quote.MaxLines)
        {
            return TypedResults.Problem(statusCode: 400, title: "Too many lines", detail: $"A quote has at most {Quote.MaxLines} lines; you sent {lines.Count}.");
        }

        var actor = http.User.ToActor();
        var skus = lines.Select(l => Sku.Normalize(l.Sku ?? "")).ToList();
        var ids = await products.IdsBySkuAsync(skus.Distinct().ToList(), ct);
        var visible = await products.FindAsync(actor.CompanyId!.Value, ids.Values.ToList(), ct);
        var requested = new List<RequestedLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            // One answer for "no such SKU" and "another company's": the caller learns nothing of other catalogs.
            if (!ids.TryGetValue(skus[i], out var id) || !visible.ContainsKey(id))
            {
                return TypedResults.Problem(statusCode: 400, title: "Unknown SKU", detail: $"Line {i + 1}: no product {Echo.Of(skus[i])} in your catalog. Nothing was requested.");
            }

            if (lines[i].TargetPrice is < 0)
            {
                return TypedResults.Problem(statusCode: 400, title: "Negative target price", detail: $"Line {i + 1} ({skus[i]}): a target price cannot be negative. Nothing was requested.");
            }

            requested.Add(new RequestedLine(id, lines[i].Quantity, lines[i].TargetPrice));
        }

        var number = await quotes.RequestAsync(actor, requested, request.Notes, ct);
        var quote = await db.QuoteForAsync(actor, number, tracking: false, ct);
        return TypedResults.Created($"/api/v1/quotes/{number}", ToDto(quote!, actor));
    }

    private static async Task<Ok<QuoteListDto>> ListQuotes(HttpContext http, PortalDbContext db, CancellationToken ct)
    {
        var companyId = http.User.CompanyId() ?? -1;
        var rows = await QuoteRows.LoadAsync(db, db.Quotes().Where(q => q.CompanyId == companyId), ct);
        return TypedResults.Ok(new QuoteListDto(rows.Select(r => new QuoteSummaryDto(r.Number, r.State.ToString(), r.Version, r.Value.Amount, r.Value.Currency,
            r.RequestedBy, r.OwnerRep, r.CreatedAt, r.UpdatedAt, r.ValidUntil, r.OrderNumber)).ToList()));
    }

    private static async Task<Results<Ok<QuoteDto>, NotFound<ProblemDetails>>> GetQuote(HttpContext http, string number, PortalDbContext db, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        var quote = await db.QuoteForAsync(actor, number, tracking: false, ct);
        return quote is null ? NotFound(number) : TypedResults.Ok(ToDto(quote, actor));
    }

    private static async Task<Results<Created<AcceptedQuoteDto>, Ok<AcceptedQuoteDto>, NotFound<ProblemDetails>, ProblemHttpResult>> AcceptQuote(
        HttpContext http, string number, AcceptQuoteRequest request, ConvertQuote convert, CancellationToken ct)
    {
        ConvertQuoteResult result;
        try
        {
            result = await convert.AcceptAsync(http.User.ToActor(), number, request.Version, request.Lines,
                new PlaceOrderCommand(request.ShipToAddressId, request.PurchaseOrderNumber, request.RequestedDeliveryDate, request.Notes, null, null, null), ct);
        }
        catch (QuoteNotFoundException)
        {
            return NotFound(number);
        }
        catch (DomainException rule)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The quote cannot be accepted as asked", detail: rule.Message);
        }

        var dto = new AcceptedQuoteDto(result.QuoteNumber, result.OrderNumber, result.OrderState.ToString(), result.AlreadyOrdered, result.Message);
        return result.AlreadyOrdered ? TypedResults.Ok(dto) : TypedResults.Created($"/api/v1/orders/{result.OrderNumber}", dto);
    }

    private static NotFound<ProblemDetails> NotFound(string number) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Quote not found", Detail = $"No quote {Echo.Of(number)} in your company." });

    private static QuoteDto ToDto(Quote q, Actor viewer) => new(
        q.Number, q.State.ToString(), q.CurrentVersionNumber, q.Currency, q.RequestedByName, q.OwnerRepName, q.BuyerNotes, q.CreatedAt, q.UpdatedAt, q.ValidUntil, q.OrderNumber,
        q.Versions.OrderBy(v => v.Number).Select(v => new QuoteVersionDto(v.Number, v.IsSent, v.CreatedAt, v.SentAt, v.HeaderDiscountPercent, v.Total, v.AllowsPartialAcceptance,
            v.Lines.OrderBy(l => l.LineNumber).Select(l => new QuoteLineDto(l.LineNumber, l.Sku, l.Name, l.UnitOfMeasure, l.Quantity, l.ListPrice, l.TargetPrice,
                l.OfferedPrice, l.DiscountPercent, l.NetUnitPrice(v.HeaderDiscountPercent), l.LineTotal(v.HeaderDiscountPercent),
                l.Breaks.OrderBy(b => b.MinQuantity).Select(b => new QuoteBreakDto(b.MinQuantity, b.UnitPrice)).ToList(), l.ProposedByRep, l.Accepted)).ToList())).ToList(),
        q.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new QuoteHistoryDto(h.At, h.From.ToString(), h.To.ToString(), h.Trigger.ToString(), h.ActorName, h.Reason)).ToList(),
        q.ActionsFor(viewer).Select(t => t.ToString()).ToList());
}
