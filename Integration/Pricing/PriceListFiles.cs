using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using OfficeOpenXml;

namespace B2BPortal.Integration.Pricing;

public enum PriceFileFormat
{
    Csv,
    Xlsx,
}

/// <summary>One data row of a price file as written, before any checking. <see cref="Row"/> is the row number a spreadsheet shows (header = 1).</summary>
public sealed record PriceFileRow(int Row, string? Sku, string? MinQuantity, string? UnitPrice, string? Currency, string? UnitOfMeasure);

/// <summary>A problem with the file as a whole: wrong type, too large, a missing column. Nothing is imported.</summary>
public sealed class PriceFileException(string message) : Exception(message)
{
    public PriceFileException() : this("The file cannot be read.") { }

    public PriceFileException(string message, Exception inner) : this(message) => _ = inner;
}

/// <summary>
/// Reads and writes price files: CSV (CsvHelper, comma or semicolon, UTF-8) and XLSX (EPPlus 4.5, first worksheet).
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

    public static IEnumerable<PriceFileRow> Read(PriceFileFormat format, Stream content) =>
        format == PriceFileFormat.Xlsx ? ReadXlsx(content) : ReadCsv(content);

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
            string? Field(string column) => index[column] is >= 0 and var i && i < csv.Parser.Count ? Blank(csv.GetField(i)) : null;
            var row = new PriceFileRow(csv.Parser.Row, Field("Sku"), Field("MinQuantity"), Field("UnitPrice"), Field("Currency"), Field("UnitOfMeasure"));
            if (row is { Sku: null, MinQuantity: null, UnitPrice: null, Currency: null, UnitOfMeasure: null })
            {
                continue;
            }

            yield return row;
        }
    }

    public static IEnumerable<PriceFileRow> ReadXlsx(Stream content)
    {
        ExcelPackage package;
        try
        {
            package = new ExcelPackage(content);
            _ = package.Workbook.Worksheets.Count;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException or ArgumentException)
        {
            throw new PriceFileException("The workbook cannot be opened: it is damaged or not an .xlsx file (" + e.Message + ").", e);
        }

        using (package)
        {
            var sheet = package.Workbook.Worksheets.FirstOrDefault()
                ?? throw new PriceFileException("The workbook has no worksheet.");
            if (sheet.Dimension is null)
            {
                throw new PriceFileException($"The worksheet '{sheet.Name}' is empty.");
            }

            var lastRow = sheet.Dimension.End.Row;
            var lastColumn = sheet.Dimension.End.Column;
            var index = Columns.ToDictionary(c => c, _ => -1);
            for (var col = 1; col <= lastColumn; col++)
            {
                var header = Text(sheet.Cells[1, col].Value)?.Trim();
                var match = Columns.FirstOrDefault(c => string.Equals(c, header, StringComparison.OrdinalIgnoreCase));
                if (match is not null && index[match] < 0)
                {
                    index[match] = col;
                }
            }

            CheckRequired(index);
            for (var r = 2; r <= lastRow; r++)
            {
                string? Field(string column) => index[column] > 0 ? Blank(Text(sheet.Cells[r, index[column]].Value)) : null;
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
        ArgumentNullException.ThrowIfNull(rows);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        await foreach (var row in rows.WithCancellation(ct))
        {
            csv.WriteField(row.Sku);
            csv.WriteField(row.MinQuantity.ToString("0.####", CultureInfo.InvariantCulture));
            csv.WriteField(row.UnitPrice.ToString("0.####", CultureInfo.InvariantCulture));
            csv.WriteField(row.Currency);
            csv.WriteField(row.UnitOfMeasure ?? string.Empty);
            await csv.NextRecordAsync();
        }
    }

    /// <summary>Writes the first worksheet with plain values: no styles, colours or AutoFit (EPPlus 4.5 needs System.Drawing for those, which fails on Linux).</summary>
    public static async Task WriteXlsxAsync(IAsyncEnumerable<ExportRow> rows, string sheetName, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add(string.IsNullOrWhiteSpace(sheetName) ? "Prices" : sheetName);
        for (var c = 0; c < Columns.Count; c++)
        {
            sheet.Cells[1, c + 1].Value = Columns[c];
        }

        var r = 1;
        await foreach (var row in rows.WithCancellation(ct))
        {
            r++;
            sheet.Cells[r, 1].Value = row.Sku;
            sheet.Cells[r, 2].Value = row.MinQuantity;
            sheet.Cells[r, 3].Value = row.UnitPrice;
            sheet.Cells[r, 4].Value = row.Currency;
            sheet.Cells[r, 5].Value = row.UnitOfMeasure;
        }

        await using var buffer = new MemoryStream();
        package.SaveAs(buffer);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, ct);
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

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
