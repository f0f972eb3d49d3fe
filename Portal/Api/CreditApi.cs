using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace B2BPortal.Portal.Api;

/// <summary>
/// A customer's own invoices and statement under /api/v1, the reads of the finance pages. Buyer-side callers only
/// (BuyerSide policy); every read is filtered by the caller's company, so another company's invoice is "not found".
/// </summary>
internal static class CreditApi
{
    public static IEndpointRouteBuilder MapCreditApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1").RequireAuthorization(Policies.BuyerSide).RequireApiScope(ApiScopes.Invoices).WithTags("Invoices").ProducesValidationProblem();
        v1.MapGet("/invoices", ListInvoices).WithName("ListInvoices")
            .WithSummary("The caller's company's invoices, paged, filtered by status")
            .WithDescription("`status`: `Open` (a remaining amount), `Overdue` (open and past the due date; oldest due date first, with `daysOverdue`), `Paid` or `All` (default). Newest invoice first otherwise. `page` from 1, `pageSize` 1–100 (default 25). Canceled and corrected invoices are not listed.");
        v1.MapGet("/invoices/{number}", GetInvoice).WithName("GetInvoice")
            .WithSummary("One of the caller's company's invoices, with the payments applied to it")
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/statement", GetStatement).WithName("GetStatement")
            .WithSummary("The caller's company's statement of account for a period")
            .WithDescription($"`from` and `to` are days (yyyy-MM-dd), from ≤ to, at most {StatementPeriod.MaxDays} days. Per currency: the opening balance (invoiced minus paid and credited before `from`), every invoice (by invoice date), payment (by posting date) and posted credit memo (`kind` CreditMemo, by its date: returned goods the ERP credited) of the period with the running balance, and the closing balance. `paid` sums payments and credit memos. Amounts of different currencies are never added.");
        return app;
    }

    /// <param name="DaysOverdue">Days past the due date today; null unless the invoice is open and past it.</param>
    public sealed record CustomerInvoiceDto(string Number, string? OrderNumber, DateOnly InvoiceDate, DateOnly DueDate, decimal Total, decimal Remaining, string Currency, string Status, int? DaysOverdue);

    public sealed record InvoiceListDto(IReadOnlyList<CustomerInvoiceDto> Items, int Page, int PageSize, bool HasNext);

    public sealed record PaymentDto(DateOnly PostingDate, string? DocumentNumber, decimal Amount, string Currency, string? AppliesToInvoiceNumber, string? Description);

    public sealed record InvoiceDetailDto(CustomerInvoiceDto Invoice, IReadOnlyList<PaymentDto> Payments);

    /// <param name="Kind">Invoice (a debit), Payment or CreditMemo (credits; a credit memo is returned goods the ERP credited).</param>
    public sealed record StatementEntryDto(DateOnly Date, string Kind, string Reference, DateOnly? DueDate, decimal Debit, decimal Credit, decimal Balance);

    public sealed record StatementAccountDto(string Currency, decimal OpeningBalance, IReadOnlyList<StatementEntryDto> Entries, decimal Invoiced, decimal Paid, decimal ClosingBalance);

    public sealed record StatementDto(DateOnly From, DateOnly To, IReadOnlyList<StatementAccountDto> Accounts);

    private static async Task<Results<Ok<InvoiceListDto>, ValidationProblem>> ListInvoices(
        HttpContext http, PortalDbContext db, TimeProvider clock, InvoiceFilter? status, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }

        if (pageSize is < 1 or > CustomerFinance.MaxPageSize)
        {
            errors["pageSize"] = [$"A page holds 1 to {CustomerFinance.MaxPageSize} invoices."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await db.InvoicesAsync(http.User.CompanyId()!.Value, status ?? InvoiceFilter.All, clock.Today(), page ?? 1, pageSize ?? 25, ct);
        return TypedResults.Ok(new InvoiceListDto(result.Items.Select(ToDto).ToList(), result.Page, result.PageSize, result.HasNext));
    }

    private static async Task<Results<Ok<InvoiceDetailDto>, NotFound<ProblemDetails>>> GetInvoice(HttpContext http, PortalDbContext db, TimeProvider clock, string number, CancellationToken ct)
    {
        var detail = await db.InvoiceAsync(http.User.CompanyId()!.Value, number, clock.Today(), ct);
        return detail is null
            ? TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Invoice not found", Detail = $"No invoice {number} in your company." })
            : TypedResults.Ok(new InvoiceDetailDto(ToDto(detail.Invoice),
                detail.Payments.Select(p => new PaymentDto(p.PostingDate, p.DocumentNumber, p.Amount.Amount, p.Amount.Currency, p.AppliesToInvoiceNumber, p.Description)).ToList()));
    }

    private static async Task<Results<Ok<StatementDto>, ValidationProblem>> GetStatement(HttpContext http, PortalDbContext db, string? from, string? to, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (StatementPeriod.TryParse(from, to, errors) is not { } period)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
        }

        var s = await db.StatementAsync(http.User.CompanyId()!.Value, period, ct);
        return TypedResults.Ok(new StatementDto(s.From, s.To, s.Accounts.Select(a => new StatementAccountDto(a.Currency, a.Opening,
            a.Entries.Select(e => new StatementEntryDto(e.Date, e.Kind.ToString(), e.Reference, e.DueDate, e.Debit, e.Credit, e.Balance)).ToList(),
            a.Invoiced, a.Paid, a.Closing)).ToList()));
    }

    private static CustomerInvoiceDto ToDto(InvoiceListItem i) =>
        new(i.Number, i.OrderNumber, i.InvoiceDate, i.DueDate, i.Total.Amount, i.Remaining.Amount, i.Total.Currency, i.Status.ToString(), i.DaysOverdue);
}
