using B2BPortal.Integration.Spreadsheets;
using Microsoft.AspNetCore.Mvc;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// A page's table as a download, XLSX or CSV, always through <see cref="SheetWriter"/> (which neutralises formulas in
/// text cells). Cells are text (string), numbers (decimal) or empty (null); the first row is the header. Buyer exports
/// are bounded by what the page itself may show (an order, a cart, a list, one filtered order history), so the file is
/// built in memory.
/// </summary>
public static class SheetDownload
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>"xlsx" or "csv" (any case); anything else is refused with 400 by the caller.</summary>
    public static bool IsKnownFormat(string? format) =>
        string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) || string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);

    public static async Task<FileContentResult> FileAsync(string format, string fileName, string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, CancellationToken ct)
    {
        var xlsx = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);
        using var output = new MemoryStream();
        await using (var sheet = xlsx ? SheetWriter.Xlsx(output, sheetName) : SheetWriter.Csv(output))
        {
            foreach (var title in header)
            {
                sheet.Text(title);
            }

            await sheet.EndRowAsync(ct);
            foreach (var row in rows)
            {
                foreach (var cell in row)
                {
                    switch (cell)
                    {
                        case decimal number:
                            sheet.Number(number);
                            break;
                        case int whole:
                            sheet.Number(whole);
                            break;
                        default:
                            sheet.Text(cell?.ToString());
                            break;
                    }
                }

                await sheet.EndRowAsync(ct);
            }

            await sheet.CompleteAsync(ct);
        }

        return new FileContentResult(output.ToArray(), xlsx ? XlsxContentType : CsvContentType)
        {
            FileDownloadName = $"{fileName}.{(xlsx ? "xlsx" : "csv")}",
        };
    }
}
