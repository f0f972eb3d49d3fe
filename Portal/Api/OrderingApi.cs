using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace B2BPortal.Portal.Api;

/// <summary>
/// Carts and orders for customers' procurement systems, under /api/v1. Buyer-side callers only (BuyerSide policy);
/// every read and write is the caller's own cart and company. Writes are meant for API tokens; a browser calling with
/// its cookie must send the anti-forgery token, so a foreign site cannot make a signed-in buyer place an order.
/// </summary>
internal static class OrderingApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapOrderingApi(this IEndpointRouteBuilder app)
    {
        // Every endpoint may answer 400 with the field it could not read (BadRequestProblems) or the rule it breaks.
        var v1 = app.MapGroup("/api/v1").RequireAuthorization(Policies.BuyerSide).ProducesValidationProblem();

        var carts = v1.MapGroup("/carts/current").WithTags("Cart");
        carts.MapGet("", GetCart).RequireApiScope(ApiScopes.OrdersRead).WithName("GetCart")
            .WithSummary("The caller's cart, re-priced now")
            .WithDescription("Each line with today's unit price, the price when it was added, availability (InStock/Partial/Backorder) and any problem with its suggested quantity. `version` changes with every change of the cart.");
        carts.MapPost("/lines", AddLine).RequireApiScope(ApiScopes.OrdersWrite).WithName("AddCartLine").AddEndpointFilter(TokenOrAntiforgery)
            .WithSummary("Add a quantity of a SKU to the cart (merged with an existing line)")
            .WithDescription("Refused with 400 if the SKU is not in the caller's catalog or the resulting quantity breaks the quantity rule; the message names the valid quantities.");
        carts.MapPut("/lines/{sku}", SetLine).RequireApiScope(ApiScopes.OrdersWrite).WithName("SetCartLine").AddEndpointFilter(TokenOrAntiforgery)
            .WithSummary("Set a line's quantity; 0 removes it");
        carts.MapDelete("/lines/{sku}", RemoveLine).RequireApiScope(ApiScopes.OrdersWrite).WithName("RemoveCartLine").AddEndpointFilter(TokenOrAntiforgery)
            .WithSummary("Remove a line");
        carts.MapDelete("", ClearCart).RequireApiScope(ApiScopes.OrdersWrite).WithName("ClearCart").AddEndpointFilter(TokenOrAntiforgery)
            .WithSummary("Empty the cart");

        var orders = v1.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("", PlaceOrder).RequireApiScope(ApiScopes.OrdersWrite).WithName("PlaceOrder").AddEndpointFilter(TokenOrAntiforgery)
            .WithSummary("Place the caller's cart as an order")
            .WithDescription("Requires a JSON body (`{}` places with the defaults) and the `Idempotency-Key` header (1–100 characters, unique per order you mean to place; a key is yours alone, another user's same key is another order). A retry with the same key and the same request returns the same order (200) instead of placing another (201); the same request means the same body and the same cart lines (or the empty cart that order left). The same key with a different request is refused with 422 and places nothing. The cart is re-priced and re-checked; pass `expectedTotal` to have the call refused (400) if prices changed since you read the cart. The order may land in PendingApproval (company approval rules) or CreditHold.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orders.MapGet("", ListOrders).RequireApiScope(ApiScopes.OrdersRead).WithName("ListOrders")
            .WithSummary("The caller's company's orders, newest first, with filters");
        orders.MapGet("/{number}", GetOrder).RequireApiScope(ApiScopes.OrdersRead).WithName("GetOrder")
            .WithSummary("One order's status, lines, status history, shipments and invoices");
        return app;
    }

    public sealed record CartLineDto(string Sku, string Name, string UnitOfMeasure, decimal Quantity, decimal? UnitPrice, decimal? LineTotal, decimal? PriceWhenAdded, bool PriceChanged, string Availability, decimal Available, string? Problem, decimal? SuggestedQuantity);

    public sealed record CartDto(int Version, IReadOnlyList<CartLineDto> Lines, decimal? Total, string? Currency, bool CanPlace, string? Problem);

    public sealed record AddLineRequest(string Sku, decimal Quantity);

    public sealed record SetLineRequest(decimal Quantity);

    public sealed record PlaceOrderRequest(int? ShipToAddressId, string? PurchaseOrderNumber, DateOnly? RequestedDeliveryDate, string? Notes, decimal? ExpectedTotal);

    /// <param name="Status">The fulfilment track (and closing): Placed … Confirmed, PartiallyShipped, Shipped, Delivered, Closed.</param>
    /// <param name="Invoicing">The invoicing track beside it: NotInvoiced, PartlyInvoiced, Invoiced.</param>
    /// <param name="PlacedBy">The buyer whose order it is.</param>
    /// <param name="PlacedOnBehalfBy">The sales rep or administrator who placed it on that buyer's behalf; null when the buyer placed it.</param>
    public sealed record OrderSummaryDto(string Number, string Status, decimal Total, string Currency, string? PurchaseOrderNumber, DateTimeOffset CreatedAt, int Lines, string PlacedBy,
        string Invoicing, string? PlacedOnBehalfBy);

    public sealed record OrderListDto(IReadOnlyList<OrderSummaryDto> Items, int Page, int PageSize, bool HasNext);

    public sealed record OrderLineDto(int LineNumber, string Sku, string Name, decimal Quantity, string UnitOfMeasure, decimal UnitPrice, decimal LineTotal);

    public sealed record HistoryDto(DateTimeOffset At, string From, string To, string Action, string By, string? Reason);

    /// <param name="TrackingNumber">Empty when the shipment has none (it is not tracked).</param>
    /// <param name="Reference">The ERP's shipment (delivery note) number, for shipments the ERP posted.</param>
    public sealed record ShipmentDto(string Carrier, string TrackingNumber, string? TrackingUrl, string State, DateTimeOffset UpdatedAt, string? Reference);

    /// <param name="Status">As the ERP says: Open, Paid, Canceled, Corrective.</param>
    /// <param name="CountsAsInvoiced">Whether it bills the order: open and paid invoices do, cancelled and corrected ones not.</param>
    public sealed record InvoiceDto(string InvoiceNumber, DateOnly InvoiceDate, DateOnly DueDate, decimal TotalExcludingTax, decimal Total, decimal Remaining, string Currency,
        string Status, bool CountsAsInvoiced);

    /// <param name="Status">The fulfilment track (and closing); <paramref name="Invoicing"/> is the invoicing track beside it.</param>
    /// <param name="InvoicedAmount">What the invoices that count bill, excluding tax like <paramref name="Total"/>.</param>
    /// <param name="Progress">Both tracks in plain words, e.g. "Invoiced, not yet shipped".</param>
    /// <param name="PlacedBy">The buyer whose order it is.</param>
    /// <param name="PlacedOnBehalfBy">The sales rep or administrator who placed it on that buyer's behalf; null when the buyer placed it.</param>
    public sealed record OrderDto(
        string Number, string Status, string Invoicing, decimal InvoicedAmount, string Progress, string? ErpOrderNumber, decimal Total, string Currency, string? PurchaseOrderNumber, DateOnly? RequestedDeliveryDate,
        string? Notes, string PlacedBy, DateTimeOffset CreatedAt, string? ApprovalReason, IReadOnlyList<OrderLineDto> Lines, IReadOnlyList<HistoryDto> History,
        IReadOnlyList<ShipmentDto> Shipments, IReadOnlyList<InvoiceDto> Invoices, IReadOnlyList<string> AllowedActions, string? PlacedOnBehalfBy);

    internal static async ValueTask<object?> TokenOrAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.AuthenticationType != ApiTokenAuthenticationHandler.SchemeName
            && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Anti-forgery token missing or invalid",
                detail: "Integrations call the API with an API token (Authorization: Bearer b2bp_…). A browser session must send its anti-forgery token.");
        }

        return await next(context);
    }

    private static async Task<Ok<CartDto>> GetCart(HttpContext http, CartService carts, CartReviewer reviewer, CancellationToken ct)
    {
        var cart = await carts.FindAsync(http.User.ToActor(), ct);
        return TypedResults.Ok(ToDto(cart is null ? CartReview.Empty : await reviewer.ReviewAsync(cart, ct)));
    }

    private static async Task<Ok<CartDto>> AddLine(HttpContext http, AddLineRequest request, CartService carts, CartReviewer reviewer, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        await carts.AddAsync(actor, request.Sku ?? "", request.Quantity, ct);
        return await GetCart(http, carts, reviewer, ct);
    }

    private static async Task<Results<Ok<CartDto>, NotFound<ProblemDetails>>> SetLine(HttpContext http, string sku, SetLineRequest request, CartService carts, CartReviewer reviewer, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        var line = await LineAsync(carts, reviewer, actor, sku, ct);
        if (line is null)
        {
            return NotInCart(sku);
        }

        await carts.SetQuantityAsync(actor, line.ProductId, request.Quantity, ct);
        return await GetCart(http, carts, reviewer, ct);
    }

    private static async Task<Results<Ok<CartDto>, NotFound<ProblemDetails>>> RemoveLine(HttpContext http, string sku, CartService carts, CartReviewer reviewer, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        var line = await LineAsync(carts, reviewer, actor, sku, ct);
        if (line is null)
        {
            return NotInCart(sku);
        }

        await carts.RemoveAsync(actor, line.ProductId, ct);
        return await GetCart(http, carts, reviewer, ct);
    }

    private static async Task<Ok<CartDto>> ClearCart(HttpContext http, CartService carts, CartReviewer reviewer, CancellationToken ct)
    {
        await carts.ClearAsync(http.User.ToActor(), ct);
        return await GetCart(http, carts, reviewer, ct);
    }

    private static async Task<Results<Created<OrderDto>, Ok<OrderDto>, ProblemHttpResult>> PlaceOrder(
        HttpContext http, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, PlaceOrderRequest request, PlaceOrder place, PortalDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 100)
        {
            return TypedResults.Problem(statusCode: 400, title: "Idempotency-Key required",
                detail: "Send an Idempotency-Key header (1–100 characters), the same on every retry of this order, so a retry never places a second order.");
        }

        var actor = http.User.ToActor();
        PlaceOrderResult result;
        try
        {
            result = await place.ExecuteAsync(actor, new PlaceOrderCommand(request.ShipToAddressId, request.PurchaseOrderNumber, request.RequestedDeliveryDate,
                request.Notes, null, request.ExpectedTotal, idempotencyKey.Trim()), ct);
        }
        catch (IdempotencyKeyReusedException reused)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key already used for a different request", detail: reused.Message);
        }

        var order = await db.OrderForAsync(actor, result.OrderNumber, ct);
        var dto = await ToDtoAsync(db, order!, actor, ct);
        return result.AlreadyPlaced ? TypedResults.Ok(dto) : TypedResults.Created($"/api/v1/orders/{result.OrderNumber}", dto);
    }

    private static async Task<Results<Ok<OrderListDto>, ValidationProblem>> ListOrders(
        HttpContext http, PortalDbContext db, OrderState? status, DateOnly? from, DateOnly? to, string? po, string? sku, int? page, int? pageSize, CancellationToken ct)
    {
        var filter = new OrderFilter(status, from, to, po, sku, null, null, page ?? 1, pageSize ?? 25);
        var errors = filter.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
        }

        var result = await db.SearchOrdersAsync(http.User.ToActor(), filter, ct);
        return TypedResults.Ok(new OrderListDto(
            result.Items.Select(o => new OrderSummaryDto(o.Number, o.State.ToString(), o.Total.Amount, o.Total.Currency, o.PurchaseOrderNumber, o.CreatedAt, o.LineCount, o.PlacedBy,
                o.Invoicing.ToString(), o.PlacedOnBehalfBy)).ToList(),
            result.Page, result.PageSize, result.HasNext));
    }

    private static async Task<Results<Ok<OrderDto>, NotFound<ProblemDetails>>> GetOrder(HttpContext http, string number, PortalDbContext db, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        var order = await db.OrderForAsync(actor, number, ct);
        return order is null
            ? TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Order not found", Detail = $"No order {number} in your company." })
            : TypedResults.Ok(await ToDtoAsync(db, order, actor, ct));
    }

    private static async Task<ReviewedLine?> LineAsync(CartService carts, CartReviewer reviewer, Actor actor, string sku, CancellationToken ct)
    {
        var cart = await carts.FindAsync(actor, ct);
        if (cart is null)
        {
            return null;
        }

        var normalized = Sku.Normalize(sku);
        return (await reviewer.ReviewAsync(cart, ct)).Lines.FirstOrDefault(l => l.Sku == normalized);
    }

    private static NotFound<ProblemDetails> NotInCart(string sku) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not in the cart", Detail = $"{Sku.Normalize(sku)} is not in your cart." });

    private static CartDto ToDto(CartReview review) => new(
        review.Version,
        review.Lines.Select(l => new CartLineDto(l.Sku, l.Name, l.UnitOfMeasure, l.Quantity, l.UnitPrice?.Amount, l.LineTotal?.Amount, l.PriceSeen?.Amount, l.PriceChanged,
            l.Availability.ToString(), l.Available, l.Problem, l.Suggestion)).ToList(),
        review.Total?.Amount, review.Total?.Currency, review.CanPlace, review.Problem);

    private static async Task<OrderDto> ToDtoAsync(PortalDbContext db, Order order, Actor viewer, CancellationToken ct) =>
        ToDto(order, await db.ShipmentsOfAsync(order.Number, ct), await db.InvoicesOfAsync(order.Number, ct), viewer);

    private static OrderDto ToDto(Order o, IReadOnlyList<Domain.Shipping.Shipment> shipments, IReadOnlyList<Domain.Invoicing.Invoice> invoices, Actor viewer) => new(
        o.Number, o.State.ToString(), o.Invoicing.ToString(), o.InvoicedAmount, OrderWorkflow.Progress(o.State, o.Invoicing), o.ErpOrderNumber, o.Total.Amount, o.Total.Currency, o.PurchaseOrderNumber, o.RequestedDeliveryDate, o.Notes, o.PlacedByName,
        o.CreatedAt, o.ApprovalReason,
        o.Lines.OrderBy(l => l.LineNumber).Select(l => new OrderLineDto(l.LineNumber, l.Sku, l.Name, l.Quantity, l.UnitOfMeasure, l.UnitPrice, l.LineTotal.Amount)).ToList(),
        o.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new HistoryDto(h.At, h.From.ToString(), h.To.ToString(), h.Trigger.ToString(), h.ActorName, h.Reason)).ToList(),
        shipments.Select(s => new ShipmentDto(s.Carrier, s.TrackingNumber ?? string.Empty, s.TrackingUrl, s.State.ToString(), s.LastNewsAt, s.ErpShipmentNumber)).ToList(),
        invoices.Select(i => new InvoiceDto(i.Number, i.InvoiceDate, i.DueDate, i.TotalExcludingTax.Amount, i.Total.Amount, i.Remaining.Amount, i.Total.Currency,
            i.Status.ToString(), i.CountsAsInvoiced)).ToList(),
        o.ActionsFor(viewer).Select(t => t.ToString()).ToList(), o.PlacedOnBehalfByName);
}
