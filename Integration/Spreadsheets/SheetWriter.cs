using System.Globalization;
using System.Text;
using CsvHelper;
using OfficeOpenXml;

namespace B2BPortal.Integration.Spreadsheets;

/// <summary>
/// The one way the portal writes a CSV or an XLSX: row by row, each cell either text or a number. Text goes through
/// <see cref="FormulaGuard"/> here, so no export can forget it (a test fails if code outside this folder writes CSV or
/// XLSX itself). Numbers stay numbers: a negative amount is written as -3, never as '-3.
/// </summary>
public abstract class SheetWriter : IAsyncDisposable
{
    public static SheetWriter Csv(Stream output) => new CsvSheetWriter(output);

    public static SheetWriter Xlsx(Stream output, string sheetName) => new XlsxSheetWriter(output, sheetName);

    public abstract void Text(string? value);

    public abstract void Number(decimal value);

    public abstract Task EndRowAsync(CancellationToken ct);

    /// <summary>Writes what is still buffered to the output; call once after the last row.</summary>
    public abstract Task CompleteAsync(CancellationToken ct);

    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract ValueTask DisposeCoreAsync();

    protected static string Plain(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private sealed class CsvSheetWriter : SheetWriter
    {
        private readonly StreamWriter _writer;
        private readonly CsvWriter _csv;

        public CsvSheetWriter(Stream output)
        {
            _writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
            _csv = new CsvWriter(_writer, CultureInfo.InvariantCulture);
        }

        public override void Text(string? value) => _csv.WriteField(FormulaGuard.Neutralise(value ?? string.Empty));

        public override void Number(decimal value) => _csv.WriteField(Plain(value));

        public override Task EndRowAsync(CancellationToken ct) => _csv.NextRecordAsync();

        public override async Task CompleteAsync(CancellationToken ct)
        {
            await _csv.FlushAsync();
            await _writer.FlushAsync(ct);
        }

        protected override async ValueTask DisposeCoreAsync()
        {
            await _csv.DisposeAsync();
            await _writer.DisposeAsync();
        }
    }

    /// <summary>Text cells are string cells (never a formula); one that starts like a formula also gets Excel's quote prefix, so editing it keeps it text.</summary>
    private sealed class XlsxSheetWriter(Stream output, string sheetName) : SheetWriter
    {
        private readonly ExcelPackage _package = NewPackage();
        private ExcelWorksheet? _sheet;
        private int _row = 1;
        private int _column;

        private ExcelWorksheet Sheet => _sheet ??= _package.Workbook.Worksheets.Add(string.IsNullOrWhiteSpace(sheetName) ? "Sheet1" : sheetName);

        public override void Text(string? value)
        {
            var cell = Sheet.Cells[_row, ++_column];
            cell.Value = value;
            if (FormulaGuard.StartsLikeFormula(value))
            {
                cell.Style.QuotePrefix = true;
            }
        }

        public override void Number(decimal value) => Sheet.Cells[_row, ++_column].Value = value;

        public override Task EndRowAsync(CancellationToken ct)
        {
            _row++;
            _column = 0;
            return Task.CompletedTask;
        }

        public override async Task CompleteAsync(CancellationToken ct)
        {
            _ = Sheet;
            await _package.SaveAsAsync(output, ct);
        }

        private static ExcelPackage NewPackage()
        {
            SpreadsheetLicence.EnsureSet();
            return new ExcelPackage();
        }

        protected override ValueTask DisposeCoreAsync()
        {
            _package.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
