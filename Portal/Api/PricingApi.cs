using System.Globalization;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Api;

/// <summary>
/// /api/v1/pricing: a line's price for the caller's company (buyers) or a chosen customer (staff), and the full
/// "why this price" trace for sales reps and administrators. Buyers can never name another company.
/// </summary>
internal static class PricingApi
{
    public static RouteGroupBuilder MapPricingApi(this RouteGroupBuilder v1)
    {
        var pricing = v1.MapGroup("/pricing").RequireApiScope(ApiScopes.CatalogRead).WithTags("Pricing");
        pricing.MapGet("/prices", GetPrice).RequireAuthorization(Policies.CatalogReader).WithName("GetPrice")
            .WithSummary("The unit price of a SKU at a quantity for the caller's company")
            .WithDescription("Buyers: their own company, today. Staff: pass customer (ERP customer number) and optionally date (yyyy-MM-dd) to preview a customer's price on another day.");
        pricing.MapGet("/explain", Explain).RequireAuthorization(Policies.SalesRep).WithName("ExplainPrice")
            .WithSummary("Why a customer pays what it pays: every price list considered and why it applied or not");
        return pricing;
    }

    public sealed record PriceBreakDto(decimal FromQuantity, decimal UnitPrice, string Currency, string Source);

    public sealed record PriceDto(string Sku, decimal Quantity, DateOnly Date, decimal UnitPrice, string Currency, decimal LineTotal, string Source,
        bool QuantityIsValid, string? QuantityMessage, IReadOnlyList<PriceBreakDto> Tiers);

    public sealed record ConsideredListDto(string Code, string Name, string Level, int Priority, string Currency, string Validity, string Via, string Verdict, string Reason, decimal? TierFrom, decimal? UnitPrice);

    public sealed record ExplanationDto(string Customer, string Currency, string Strategy, string Sku, decimal Quantity, DateOnly Date, decimal? UnitPrice, string? Source, string Rule,
        IReadOnlyList<ConsideredListDto> Lists, IReadOnlyList<PriceBreakDto> Tiers);

    private static async Task<Results<Ok<PriceDto>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> GetPrice(
        HttpContext http, PortalDbContext db, TieredPriceResolver pricing, TimeProvider clock,
        string? sku, decimal? qty, string? customer, DateOnly? date, CancellationToken ct)
    {
        var errors = Validate(sku, qty);
        var isStaff = http.User.IsStaff();
        if (!isStaff && (customer is not null || date is not null))
        {
            return TypedResults.Problem(statusCode: 403, title: "Only staff choose the customer or the date.", detail: "Buyers are priced for their own company, today.");
        }

        if (isStaff && string.IsNullOrWhiteSpace(customer))
        {
            errors["customer"] = ["Staff name the customer (ERP customer number), e.g. customer=C10000."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var companyId = http.User.CompanyId() ?? await CompanyIdAsync(db, customer!, ct);
        if (companyId is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Customer not found", Detail = $"No customer '{customer}'." });
        }

        var product = await db.ProductAsync(companyId, sku!, ct);
        if (product is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Product not found", Detail = $"No product '{Sku.Normalize(sku)}' in the catalog." });
        }

        var on = date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var quantity = qty!.Value;
        var resolved = await pricing.ResolveAsync(companyId.Value, [new PriceRequest(product.Id, quantity)], on, ct);
        if (!resolved.TryGetValue(product.Id, out var price))
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "No price", Detail = $"{product.Sku} has no price for this customer on {on:yyyy-MM-dd}: ask the sales rep." });
        }

        var rule = (await pricing.ForAsync(companyId.Value, [product.Id], ct))[product.Id];
        var check = rule.Check(quantity);
        var breaks = await pricing.BreaksAsync(companyId.Value, product.Id, on, ct);
        return TypedResults.Ok(new PriceDto(product.Sku, quantity, on, price.UnitPrice.Amount, price.UnitPrice.Currency,
            decimal.Round(price.UnitPrice.Amount * quantity, 2, MidpointRounding.AwayFromZero), price.Source, check.IsValid, check.Message,
            breaks.Select(ToDto).ToList()));
    }

    private static async Task<Results<Ok<ExplanationDto>, ValidationProblem, NotFound<ProblemDetails>>> Explain(
        PortalDbContext db, TieredPriceResolver pricing, TimeProvider clock,
        string? sku, decimal? qty, string? customer, DateOnly? date, CancellationToken ct)
    {
        var errors = Validate(sku, qty);
        if (string.IsNullOrWhiteSpace(customer))
        {
            errors["customer"] = ["Name the customer (ERP customer number), e.g. customer=C10000."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var companyId = await CompanyIdAsync(db, customer!, ct);
        var normalized = Sku.Normalize(sku);
        var productId = await db.Products.Where(p => p.Sku == normalized).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        var on = date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var explanation = companyId is null || productId is null ? null : await pricing.ExplainAsync(companyId.Value, productId.Value, qty!.Value, on, ct);
        if (explanation is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found", Detail = $"No customer '{customer}' or no product '{normalized}'." });
        }

        return TypedResults.Ok(new ExplanationDto(explanation.CompanyName, explanation.Currency, explanation.Strategy.ToString(), explanation.Sku, explanation.Quantity, explanation.Date,
            explanation.Price?.UnitPrice.Amount, explanation.Price?.Source, explanation.Rule,
            explanation.Lists.Select(l => new ConsideredListDto(l.Code, l.Name, l.Level.ToString(), l.Priority, l.Currency, l.Validity, l.Via, l.Verdict.ToString(), l.Reason, l.TierMinQuantity, l.UnitPrice)).ToList(),
            explanation.Breaks.Select(ToDto).ToList()));
    }

    public static PriceBreakDto ToDto(PriceBreak b) => new(b.FromQuantity, b.UnitPrice.Amount, b.UnitPrice.Currency, b.Source);

    private static Dictionary<string, string[]> Validate(string? sku, decimal? qty)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(sku))
        {
            errors["sku"] = ["Name the SKU, e.g. sku=FAS-000001."];
        }

        if (qty is null)
        {
            errors["qty"] = ["Name the quantity, e.g. qty=12."];
        }
        else if (qty <= 0)
        {
            errors["qty"] = [string.Create(CultureInfo.InvariantCulture, $"The quantity must be greater than zero (got {qty})." )];
        }
        else if (qty > QuantityLimit.Max)
        {
            errors["qty"] = [QuantityLimit.TooLarge];
        }

        return errors;
    }

    private static Task<int?> CompanyIdAsync(PortalDbContext db, string customerNumber, CancellationToken ct)
    {
        var number = customerNumber.Trim();
        return db.Companies.Where(c => c.ErpCustomerNumber == number).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
    }
}
