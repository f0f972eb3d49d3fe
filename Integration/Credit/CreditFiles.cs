using System.Globalization;
using B2BPortal.Domain.Credit;
using B2BPortal.Integration.Spreadsheets;

namespace B2BPortal.Integration.Credit;

/// <summary>The receivables files: the AR ageing (CSV or XLSX) and a customer's statement (XLSX), written through <see cref="SheetWriter"/>.</summary>
public static class CreditFiles
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>One row per company and currency, then a total row per currency; amounts are numbers, the as-of day heads the file.</summary>
    public static async Task WriteAgeingAsync(AgeingReport report, bool xlsx, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var sheet = xlsx ? SheetWriter.Xlsx(output, "AR ageing") : SheetWriter.Csv(output);
        sheet.Text("AR ageing as of " + Day(report.Request.AsOf));
        await sheet.EndRowAsync(ct);
        foreach (var column in new[] { "Customer no.", "Company", "Sales rep", "Currency", "Invoices" }.Concat(AgeingColumns.Buckets.Select(b => b.Label)).Append("Total"))
        {
            sheet.Text(column);
        }

        await sheet.EndRowAsync(ct);
        foreach (var row in report.Rows)
        {
            sheet.Text(row.CompanyNumber);
            sheet.Text(row.CompanyName);
            sheet.Text(row.SalesRepName);
            sheet.Text(row.Currency);
            sheet.Number(row.Invoices);
            await AmountsAsync(sheet, row.Buckets, ct);
        }

        foreach (var (currency, totals) in report.TotalsByCurrency)
        {
            sheet.Text("");
            sheet.Text("Total " + currency);
            sheet.Text("");
            sheet.Text(currency);
            sheet.Number(report.Rows.Where(r => r.Currency == currency).Sum(r => r.Invoices));
            await AmountsAsync(sheet, totals, ct);
        }

        await sheet.CompleteAsync(ct);
    }

    /// <summary>Per currency: the opening balance, every invoice and payment with the running balance, the closing balance.</summary>
    public static async Task WriteStatementAsync(CustomerStatement statement, string companyName, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(statement);
        await using var sheet = SheetWriter.Xlsx(output, "Statement");
        sheet.Text($"Statement of account: {companyName}, {Day(statement.From)} to {Day(statement.To)}");
        await sheet.EndRowAsync(ct);
        foreach (var account in statement.Accounts)
        {
            await sheet.EndRowAsync(ct);
            foreach (var column in new[] { "Date", "Document", "Reference", "Due date", "Debit", "Credit", "Balance", "Currency" })
            {
                sheet.Text(column);
            }

            await sheet.EndRowAsync(ct);
            await BalanceAsync(sheet, statement.From, "Opening balance", account.Opening, account.Currency, ct);
            foreach (var e in account.Entries)
            {
                sheet.Text(Day(e.Date));
                sheet.Text(e.Kind.ToString());
                sheet.Text(e.Reference);
                sheet.Text(e.DueDate is { } due ? Day(due) : "");
                sheet.Number(e.Debit);
                sheet.Number(e.Credit);
                sheet.Number(e.Balance);
                sheet.Text(account.Currency);
                await sheet.EndRowAsync(ct);
            }

            await BalanceAsync(sheet, statement.To, "Closing balance", account.Closing, account.Currency, ct);
        }

        await sheet.CompleteAsync(ct);
    }

    private static async Task AmountsAsync(SheetWriter sheet, AgeingBuckets buckets, CancellationToken ct)
    {
        foreach (var value in AgeingColumns.Values(buckets))
        {
            sheet.Number(value);
        }

        sheet.Number(buckets.Total);
        await sheet.EndRowAsync(ct);
    }

    private static async Task BalanceAsync(SheetWriter sheet, DateOnly day, string label, decimal amount, string currency, CancellationToken ct)
    {
        sheet.Text(Day(day));
        sheet.Text(label);
        sheet.Text("");
        sheet.Text("");
        sheet.Text("");
        sheet.Text("");
        sheet.Number(amount);
        sheet.Text(currency);
        await sheet.EndRowAsync(ct);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
