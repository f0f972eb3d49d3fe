using System.Globalization;
using System.Text;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Integration.Spreadsheets;
using CsvHelper;
using CsvHelper.Configuration;

namespace B2BPortal.Integration.Ordering;

/// <summary>
/// Reads quick-order rows from a pasted text, a CSV or an XLSX file into <see cref="RawOrderLine"/>s, nothing more:
/// whether a row is any good is <see cref="OrderLineImport"/>'s job. Files are checked for size, type (by content,
/// not only by name) and line count before they are read to the end; a file over a limit is refused, naming it.
/// Columns: SKU then quantity, or a header row naming them (SKU/Item/Article, Quantity/Qty); other columns (such as the
/// "Problem" column of the rejected-lines download) are ignored.
/// </summary>
public sealed class OrderLineFileReader
{
    public const long MaxFileBytes = 5 * 1024 * 1024;
    public const int MaxLines = OrderLineImport.MaxLines;

    private static readonly string[] SkuHeaders = ["sku", "item", "item no", "item number", "article", "article number", "product", "artikel", "artikelnummer"];
    private static readonly string[] QuantityHeaders = ["quantity", "qty", "amount", "menge", "anzahl", "count"];

    public static IReadOnlyList<RawOrderLine> ReadFile(string fileName, Stream content, long length, SpreadsheetOptions limits)
    {
        if (length > MaxFileBytes)
        {
            throw new DomainException($"The file is {length / 1024.0 / 1024.0:0.0} MB; the limit is {MaxFileBytes / 1024 / 1024} MB ({MaxLines:N0} lines).", "File");
        }

        if (length == 0)
        {
            throw new DomainException("The file is empty.", "File");
        }

        var extension = Path.GetExtension(fileName ?? string.Empty).ToUpperInvariant();
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var isZip = bytes.Length > 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04;
        return extension switch
        {
            ".XLSX" when isZip => ReadXlsx(new MemoryStream(bytes), limits),
            ".XLSX" => throw new DomainException("The file is called .xlsx but is not an Excel workbook.", "File"),
            ".CSV" or ".TXT" or ".TSV" when !isZip && LooksLikeText(bytes) => ReadDelimited(Decode(bytes)),
            ".CSV" or ".TXT" or ".TSV" => throw new DomainException("The file is not a text (CSV) file; save it as CSV (UTF-8) or as .xlsx.", "File"),
            ".XLS" => throw new DomainException("Old Excel files (.xls) cannot be read; save it as .xlsx or CSV.", "File"),
            _ => throw new DomainException($"'{extension}' files cannot be read; upload a .csv or .xlsx file.", "File"),
        };
    }

    /// <summary>Rows pasted from a spreadsheet (tab separated) or typed as "SKU, quantity" / "SKU;quantity" / "SKU quantity".</summary>
    public static IReadOnlyList<RawOrderLine> ReadPasted(string text)
    {
        var rows = new List<RawOrderLine>();
        var lines = (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(['\t', ';', ','], 2);
            if (parts.Length == 1)
            {
                parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            }

            if (rows.Count == 0 && IsHeader(parts))
            {
                continue;
            }

            rows.Add(new RawOrderLine(i + 1, FormulaGuard.Restore(parts[0].Trim()), parts.Length > 1 ? FormulaGuard.Restore(parts[1].Trim()) : null));
            if (rows.Count > MaxLines)
            {
                throw new DomainException($"More than {MaxLines:N0} lines; the limit is {MaxLines:N0} per order entry. Split them.");
            }
        }

        return rows;
    }

    public static IReadOnlyList<RawOrderLine> ReadDelimited(string text)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t", "|"],
            BadDataFound = null,
            MissingFieldFound = null,
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
        };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, config);
        var rows = new List<RawOrderLine>();
        int skuColumn = 0, quantityColumn = 1;
        var first = true;
        while (csv.Read())
        {
            var fields = csv.Parser.Record ?? [];
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (first)
            {
                first = false;
                if (TryHeader(fields, out skuColumn, out quantityColumn))
                {
                    continue;
                }
            }

            rows.Add(new RawOrderLine(csv.Parser.RawRow, Field(fields, skuColumn), Field(fields, quantityColumn)));
            if (rows.Count > MaxLines)
            {
                throw new DomainException($"The file has more than {MaxLines:N0} lines; the limit is {MaxLines:N0}. Split it into several uploads.", "File");
            }
        }

        return rows;
    }

    public static IReadOnlyList<RawOrderLine> ReadXlsx(Stream stream, SpreadsheetOptions limits)
    {
        try
        {
            using var sheet = XlsxSheet.OpenFirst(stream, limits);
            if (sheet.LastRow - sheet.FirstRow > MaxLines)
            {
                throw new DomainException($"The sheet has {sheet.LastRow:N0} rows; the limit is {MaxLines:N0}. Split it into several uploads.", "File");
            }

            var lastColumn = Math.Min(sheet.LastColumn, 50);
            var rows = new List<RawOrderLine>();
            int skuColumn = 0, quantityColumn = 1;
            var first = true;
            for (var r = sheet.FirstRow; r <= sheet.LastRow; r++)
            {
                var fields = new string?[lastColumn];
                for (var c = 1; c <= lastColumn; c++)
                {
                    fields[c - 1] = sheet.Text(r, c);
                }

                if (fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (first)
                {
                    first = false;
                    if (TryHeader(fields, out skuColumn, out quantityColumn))
                    {
                        continue;
                    }
                }

                rows.Add(new RawOrderLine(r, Field(fields, skuColumn), Field(fields, quantityColumn)));
            }

            return rows;
        }
        catch (SpreadsheetFileException e)
        {
            throw new DomainException(e.Message, "File");
        }
    }

    private static bool TryHeader(string?[] fields, out int skuColumn, out int quantityColumn)
    {
        skuColumn = 0;
        quantityColumn = 1;
        var names = fields.Select(f => (f ?? string.Empty).Trim().ToLowerInvariant()).ToList();
        var sku = names.FindIndex(n => SkuHeaders.Contains(n));
        var qty = names.FindIndex(n => QuantityHeaders.Contains(n));
        if (sku < 0 && qty < 0)
        {
            return false;
        }

        skuColumn = sku < 0 ? 0 : sku;
        quantityColumn = qty < 0 ? (skuColumn == 0 ? 1 : 0) : qty;
        return true;
    }

    private static bool IsHeader(string[] parts) => TryHeader(parts, out _, out _);

    /// <summary>A cell as given, less the quote <see cref="FormulaGuard"/> puts before a formula-like text: the rejected-lines file the portal writes reads back as it was.</summary>
    private static string? Field(string?[] fields, int index) => index < fields.Length ? FormulaGuard.Restore(fields[index]) : null;

    private static bool LooksLikeText(byte[] bytes)
    {
        var sample = bytes.AsSpan(0, Math.Min(bytes.Length, 8192));
        return !sample.Contains((byte)0);
    }

    /// <summary>UTF-8 (with or without BOM); bytes that are not UTF-8 are read as Windows-1252, the usual Excel "CSV" export.</summary>
    private static string Decode(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
