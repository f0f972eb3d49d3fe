using System.Globalization;
using B2BPortal.Domain.Settlements;
using B2BPortal.Integration.Spreadsheets;

namespace B2BPortal.Integration.Settlements;

/// <summary>The reconciliation report of a statement as CSV or XLSX, written through <see cref="SheetWriter"/> (payer names and remittance text are the bank's, so formulas are neutralised there).</summary>
public static class SettlementFiles
{
    public static async Task WriteReconciliationAsync(Reconciliation report, bool xlsx, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var sheet = xlsx ? SheetWriter.Xlsx(output, "Reconciliation") : SheetWriter.Csv(output);
        sheet.Text($"Reconciliation of statement {report.StatementName}, account {report.Account} ({report.Currency}), {Day(report.From)} to {Day(report.To)}");
        await sheet.EndRowAsync(ct);
        await Figure(sheet, $"Opening balance ({report.OpeningCode ?? "none"})", report.Opening, ct);
        await Figure(sheet, "Credits", report.Credits, ct);
        await Figure(sheet, "  matched to invoices", report.Matched, ct);
        await Figure(sheet, "  unmatched (exceptions queue)", report.Unmatched, ct);
        await Figure(sheet, "  taken back by the bank", report.Reversed, ct);
        await Figure(sheet, "Debits", report.Debits, ct);
        await Figure(sheet, "  reversals of payments", report.ReversalDebits, ct);
        await Figure(sheet, "  other debits", report.OtherDebits, ct);
        await Figure(sheet, "Fees and write-offs within tolerance", report.Fees, ct);
        await Figure(sheet, "Bank charges reported", report.BankCharges, ct);
        await Figure(sheet, "Closing balance computed (opening + credits - debits)", report.ComputedClosing, ct);
        await Figure(sheet, "Closing balance stated by the bank", report.StatedClosing, ct);
        await Figure(sheet, "Difference (stated - computed)", report.Difference, ct);
        await sheet.EndRowAsync(ct);
        foreach (var column in new[] { "Entry", "Booked", "Payer / payee", "Direction", "Amount", "Applied to invoices", "Fee / write-off", "Outcome", "Detail" })
        {
            sheet.Text(column);
        }

        await sheet.EndRowAsync(ct);
        foreach (var line in report.Lines)
        {
            sheet.Text(string.Create(CultureInfo.InvariantCulture, $"{line.EntryNumber}.{line.TransactionNumber}"));
            sheet.Text(Day(line.Booked));
            sheet.Text(line.Party);
            sheet.Text(line.IsReversal ? line.Direction + " reversal" : line.Direction.ToString());
            sheet.Number(line.Direction == EntryDirection.Debit ? -line.Amount : line.Amount);
            sheet.Number(line.Applied);
            sheet.Number(line.Adjustment);
            sheet.Text(line.Outcome.ToString());
            sheet.Text(line.Detail);
            await sheet.EndRowAsync(ct);
        }

        await sheet.CompleteAsync(ct);
    }

    private static async Task Figure(SheetWriter sheet, string label, decimal? value, CancellationToken ct)
    {
        sheet.Text(label);
        if (value is { } v)
        {
            sheet.Number(v);
        }
        else
        {
            sheet.Text("n/a");
        }

        await sheet.EndRowAsync(ct);
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
