using System.Globalization;
using OfficeOpenXml;

namespace B2BPortal.Integration.Spreadsheets;

/// <summary>
/// The first worksheet of an uploaded .xlsx, read only after <see cref="XlsxPackageGuard"/> has passed it. Cells come out as
/// invariant text; whatever goes wrong while the package is parsed is one message to the user, never a 500.
/// </summary>
public sealed class XlsxSheet : IDisposable
{
    private readonly ExcelPackage _package;
    private readonly ExcelWorksheet _sheet;

    private XlsxSheet(ExcelPackage package, ExcelWorksheet sheet)
    {
        _package = package;
        _sheet = sheet;
        FirstRow = sheet.Dimension.Start.Row;
        LastRow = sheet.Dimension.End.Row;
        LastColumn = sheet.Dimension.End.Column;
    }

    public string Name => _sheet.Name;

    public int FirstRow { get; }

    public int LastRow { get; }

    public int LastColumn { get; }

    /// <summary>Opens the first worksheet; refuses a package over the limits, an unreadable one, and one whose first sheet is empty.</summary>
    public static XlsxSheet OpenFirst(Stream content, SpreadsheetOptions limits)
    {
        using var verified = XlsxPackageGuard.Verify(content, limits);
        SpreadsheetLicence.EnsureSet();
        ExcelPackage? package = null;
        try
        {
            package = new ExcelPackage(verified);
            var sheet = package.Workbook.Worksheets.FirstOrDefault() ?? throw new SpreadsheetFileException("The workbook has no worksheet.");
            if (sheet.Dimension is null)
            {
                throw new SpreadsheetFileException($"The workbook's first sheet '{Domain.Common.Echo.Of(sheet.Name)}' is empty.");
            }

            var opened = new XlsxSheet(package, sheet);
            package = null;
            return opened;
        }
        catch (Exception e) when (e is not (SpreadsheetFileException or OutOfMemoryException or OperationCanceledException))
        {
            // A damaged part surfaces as whatever the parser happened to be doing (XmlException, InvalidDataException,
            // NullReferenceException, IndexOutOfRangeException, ...): all of them mean the upload cannot be read.
            throw new SpreadsheetFileException(SpreadsheetFileException.NotReadable, e);
        }
        finally
        {
            package?.Dispose();
        }
    }

    /// <summary>A cell as text: numbers without exponent or grouping (a number Excel shows as 1E+20 comes out as 100000000000000000000).</summary>
    public string? Text(int row, int column) => _sheet.Cells[row, column].Value switch
    {
        null => null,
        double d => d.ToString("0.############", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var value => value.ToString(),
    };

    public void Dispose() => _package.Dispose();
}
