using System.Globalization;
using System.Text;
using B2BPortal.Integration.Spreadsheets;
using CsvHelper;
using CsvHelper.Configuration;

namespace B2BPortal.Integration.Pricing;

public enum PriceFileFormat
{
    Csv,
    Xlsx,
}

/// <summary>One data row of a price file as written, before any checking. <see cref="Row"/> is the row number a spreadsheet shows (header = 1).</summary>
public sealed record PriceFileRow(int Row, string? Sku, string? MinQuantity, string? UnitPrice, string? Currency, string? UnitOfMeasure);

/// <summary>A problem with the file as a whole: wrong type, too large, a missing column. Nothing is imported.</summary>
public sealed class PriceFileException : Exception
{
    public PriceFileException() : this("The file cannot be read.") { }

    public PriceFileException(string message) : base(message) { }

    public PriceFileException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Reads and writes price files: CSV (CsvHelper, comma or semicolon, UTF-8) and XLSX (first worksheet, through the checks of <see cref="XlsxSheet"/>).
/// Columns, by header name in any order: Sku, MinQuantity, UnitPrice, Currency, UnitOfMeasure — Sku and UnitPrice
/// are required; MinQuantity defaults to 1; Currency, when given, must be the list's. Export writes the same columns,
/// so an exported file imports back unchanged.
/// </summary>
public static class PriceListFiles
{
    public const long MaxFileBytes = 20 * 1024 * 1024;

    public static readonly IReadOnlyList<string> Columns = ["Sku", "MinQuantity", "UnitPrice", "Currency", "UnitOfMeasure"];

    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>Decides the format from the name and checks the content agrees; refuses anything else and anything over the limit.</summary>
    public static PriceFileFormat Detect(string fileName, ReadOnlySpan<byte> head, long length)
    {
        if (length <= 0)
        {
            throw new PriceFileException("The file is empty.");
        }

        if (length > MaxFileBytes)
        {
            throw new PriceFileException(string.Create(CultureInfo.InvariantCulture,
                $"The file is {length / 1024.0 / 1024.0:0.0} MB; the limit is {MaxFileBytes / 1024 / 1024} MB. Split it into several imports."));
        }

        var extension = Path.GetExtension(fileName ?? string.Empty).ToUpperInvariant();
        var isZip = head.StartsWith(ZipSignature);
        switch (extension)
        {
            case ".XLSX" when isZip:
                return PriceFileFormat.Xlsx;
            case ".XLSX":
                throw new PriceFileException($"'{fileName}' is named .xlsx but is not an Excel workbook.");
            case ".CSV" when isZip || head.Contains((byte)0):
                throw new PriceFileException($"'{fileName}' is named .csv but holds binary data, not text.");
            case ".CSV":
                return PriceFileFormat.Csv;
            default:
                throw new PriceFileException($"'{fileName}' is not a CSV or XLSX file. Upload a .csv or .xlsx price file.");
        }
    }

    public static IEnumerable<PriceFileRow> Read(PriceFileFormat format, Stream content, SpreadsheetOptions limits) =>
        format == PriceFileFormat.Xlsx ? ReadXlsx(content, limits) : ReadCsv(content);

    public static IEnumerable<PriceFileRow> ReadCsv(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
            BadDataFound = null,
            PrepareHeaderForMatch = a => a.Header.Trim().ToUpperInvariant(),
        };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader())
        {
            throw new PriceFileException("The file has no header row. The first row names the columns: " + string.Join(", ", Columns) + ".");
        }

        var headers = (csv.HeaderRecord ?? []).Select(h => h.Trim().ToUpperInvariant()).ToList();
        var index = Columns.ToDictionary(c => c, c => headers.IndexOf(c.ToUpperInvariant()));
        CheckRequired(index);
        while (csv.Read())
        {
            string? Field(string column) => index[column] is >= 0 and var i && i < csv.Parser.Count ? Blank(FormulaGuard.Restore(csv.GetField(i))) : null;
            var row = new PriceFileRow(csv.Parser.Row, Field("Sku"), Field("MinQuantity"), Field("UnitPrice"), Field("Currency"), Field("UnitOfMeasure"));
            if (row is { Sku: null, MinQuantity: null, UnitPrice: null, Currency: null, UnitOfMeasure: null })
            {
                continue;
            }

            yield return row;
        }
    }

    public static IEnumerable<PriceFileRow> ReadXlsx(Stream content, SpreadsheetOptions limits)
    {
        XlsxSheet sheet;
        try
        {
            sheet = XlsxSheet.OpenFirst(content, limits);
        }
        catch (SpreadsheetFileException e)
        {
            throw new PriceFileException(e.Message, e);
        }

        using (sheet)
        {
            var index = Columns.ToDictionary(c => c, _ => -1);
            for (var col = 1; col <= sheet.LastColumn; col++)
            {
                var header = sheet.Text(1, col)?.Trim();
                var match = Columns.FirstOrDefault(c => string.Equals(c, header, StringComparison.OrdinalIgnoreCase));
                if (match is not null && index[match] < 0)
                {
                    index[match] = col;
                }
            }

            CheckRequired(index);
            for (var r = 2; r <= sheet.LastRow; r++)
            {
                string? Field(string column) => index[column] > 0 ? Blank(sheet.Text(r, index[column])) : null;
                var row = new PriceFileRow(r, Field("Sku"), Field("MinQuantity"), Field("UnitPrice"), Field("Currency"), Field("UnitOfMeasure"));
                if (row is { Sku: null, MinQuantity: null, UnitPrice: null, Currency: null, UnitOfMeasure: null })
                {
                    continue;
                }

                yield return row;
            }
        }
    }

    public sealed record ExportRow(string Sku, decimal MinQuantity, decimal UnitPrice, string Currency, string? UnitOfMeasure);

    public static async Task WriteCsvAsync(IAsyncEnumerable<ExportRow> rows, Stream output, CancellationToken ct)
    {
        await using var sheet = SheetWriter.Csv(output);
        await WriteAsync(rows, sheet, ct);
    }

    public static async Task WriteXlsxAsync(IAsyncEnumerable<ExportRow> rows, string sheetName, Stream output, CancellationToken ct)
    {
        await using var sheet = SheetWriter.Xlsx(output, string.IsNullOrWhiteSpace(sheetName) ? "Prices" : sheetName);
        await WriteAsync(rows, sheet, ct);
    }

    /// <summary>The same columns the import reads, so an exported file imports back unchanged; text cells are neutralised by <see cref="SheetWriter"/>.</summary>
    private static async Task WriteAsync(IAsyncEnumerable<ExportRow> rows, SheetWriter sheet, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var column in Columns)
        {
            sheet.Text(column);
        }

        await sheet.EndRowAsync(ct);
        await foreach (var row in rows.WithCancellation(ct))
        {
            sheet.Text(row.Sku);
            sheet.Number(row.MinQuantity);
            sheet.Number(row.UnitPrice);
            sheet.Text(row.Currency);
            sheet.Text(row.UnitOfMeasure);
            await sheet.EndRowAsync(ct);
        }

        await sheet.CompleteAsync(ct);
    }

    private static void CheckRequired(Dictionary<string, int> index)
    {
        var missing = new[] { "Sku", "UnitPrice" }.Where(c => index[c] < 0).ToList();
        if (missing.Count > 0)
        {
            throw new PriceFileException($"Column {string.Join(" and ", missing)} is missing. The header row names the columns: {string.Join(", ", Columns)} (Sku and UnitPrice are required).");
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
