using System.Text;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Integration.Ordering;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Spreadsheets;
using Microsoft.Extensions.DependencyInjection;
using OfficeOpenXml;

namespace B2BPortal.Tests.Ordering;

/// <summary>Quick-order input: files and pastes read into rows, and every row's outcome before anything reaches the cart.</summary>
public sealed class OrderLineImportTests
{
    private static readonly SpreadsheetOptions Limits = new();

    [Fact]
    public async Task Each_row_gets_its_outcome_with_row_and_column_named()
    {
        await using var world = await OrderingWorld.CreateAsync(DatabaseProvider.Sqlite);
        var rows = OrderLineFileReader.ReadDelimited(
            "SKU;Quantity\n" +
            "bolt-m8;50\n" +            // 2: rule violated (pack of 12): 48 or 60
            "HAMMER-500;2\n" +          // 3: added
            "NO-SUCH;1\n" +             // 4: no such product
            "MOP-01;3\n" +              // 5: company B's catalog only: the same answer, existence is not told
            "HAMMER-500;1\n" +          // 6: merged into row 3
            "DRILL-18V;abc\n" +         // 7: bad quantity
            "BAD SKU!;1\n" +            // 8: bad SKU
            "DRILL-18V;2,0\n");         // 9: decimal comma accepted

        var result = await world.WithAsync(sp => sp.GetRequiredService<OrderLineImport>().ValidateAsync(world.CompanyA, rows, false, CancellationToken.None));

        Assert.Equal(
            [ImportOutcome.QuantityRuleViolated, ImportOutcome.Added, ImportOutcome.NotInCatalog, ImportOutcome.NotInCatalog, ImportOutcome.DuplicateMerged, ImportOutcome.Invalid, ImportOutcome.Invalid, ImportOutcome.Added],
            result.Lines.Select(l => l.Outcome));
        Assert.Equal("Row 2, column Quantity: Order in multiples of 12: 48 or 60.", result.Lines[0].Message);
        Assert.Equal(60m, result.Lines[0].Suggestion);
        Assert.Equal(3m, result.Lines[1].Quantity);
        Assert.Equal("Row 4, column SKU: no product NO-SUCH in your catalog.", result.Lines[2].Message);
        Assert.Equal("Row 5, column SKU: no product MOP-01 in your catalog.", result.Lines[3].Message);
        Assert.Equal("Row 6: HAMMER-500 repeats row 3; quantities merged into that row.", result.Lines[4].Message);
        Assert.Equal("Row 7, column Quantity: 'abc' is not a number above zero.", result.Lines[5].Message);
        Assert.StartsWith("Row 8, column SKU:", result.Lines[6].Message, StringComparison.Ordinal);
        Assert.Equal(2m, result.Lines[7].Quantity);

        var rounded = await world.WithAsync(sp => sp.GetRequiredService<OrderLineImport>().ValidateAsync(world.CompanyA, rows, true, CancellationToken.None));
        Assert.Equal(60m, rounded.Lines[0].Quantity);
        Assert.Equal(ImportOutcome.Added, rounded.Lines[0].Outcome);
    }

    [Fact]
    public void An_xlsx_sheet_is_read_with_its_header_and_row_numbers()
    {
        SpreadsheetLicence.EnsureSet();
        using var package = new ExcelPackage();
        var sheet = package.Workbook.Worksheets.Add("Order");
        sheet.Cells[1, 1].Value = "Description";
        sheet.Cells[1, 2].Value = "Qty";
        sheet.Cells[1, 3].Value = "Item";
        sheet.Cells[2, 1].Value = "Bolts";
        sheet.Cells[2, 2].Value = 48d;
        sheet.Cells[2, 3].Value = "BOLT-M8";
        sheet.Cells[4, 2].Value = 2.5d;
        sheet.Cells[4, 3].Value = "HAMMER-500";
        var bytes = package.GetAsByteArray();

        var rows = OrderLineFileReader.ReadFile("order.xlsx", new MemoryStream(bytes), bytes.Length, Limits);

        Assert.Equal([new RawOrderLine(2, "BOLT-M8", "48"), new RawOrderLine(4, "HAMMER-500", "2.5")], rows);
    }

    [Theory]
    [InlineData("order.xlsx", "SKU,Qty\nA,1\n", "is called .xlsx but is not an Excel workbook")]
    [InlineData("order.pdf", "%PDF-1.4", "'.PDF' files cannot be read")]
    [InlineData("order.xls", "x", "Old Excel files (.xls) cannot be read")]
    [InlineData("order.csv", "PK\u0003\u0004zip", "not a text (CSV) file")]
    public void Files_of_the_wrong_type_are_refused_by_content_not_only_by_name(string name, string content, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(content);

        var ex = Assert.Throws<DomainException>(() => OrderLineFileReader.ReadFile(name, new MemoryStream(bytes), bytes.Length, Limits));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_over_the_limits_are_refused_naming_the_limit()
    {
        var tooManyLines = string.Concat(Enumerable.Range(1, 10_001).Select(i => $"SKU-{i},1\n"));
        var bytes = Encoding.UTF8.GetBytes(tooManyLines);
        var lines = Assert.Throws<DomainException>(() => OrderLineFileReader.ReadFile("big.csv", new MemoryStream(bytes), bytes.Length, Limits));
        Assert.Contains("the limit is 10,000", lines.Message, StringComparison.Ordinal);

        var size = Assert.Throws<DomainException>(() => OrderLineFileReader.ReadFile("huge.csv", new MemoryStream([1]), 6L * 1024 * 1024, Limits));
        Assert.Contains("the limit is 5 MB", size.Message, StringComparison.Ordinal);

        var exactly = string.Concat(Enumerable.Range(1, 10_000).Select(i => $"SKU-{i},1\n"));
        var ok = Encoding.UTF8.GetBytes(exactly);
        Assert.Equal(10_000, OrderLineFileReader.ReadFile("max.csv", new MemoryStream(ok), ok.Length, Limits).Count);
    }

    [Fact]
    public void Pasted_spreadsheet_rows_split_on_tabs_commas_semicolons_or_spaces()
    {
        var rows = OrderLineFileReader.ReadPasted("SKU\tQuantity\r\nBOLT-M8\t48\r\n\r\nHAMMER-500, 2\nDRILL-18V;1\nMOP-01 3\n");

        Assert.Equal(
            [new RawOrderLine(2, "BOLT-M8", "48"), new RawOrderLine(4, "HAMMER-500", "2"), new RawOrderLine(5, "DRILL-18V", "1"), new RawOrderLine(6, "MOP-01", "3")],
            rows);
    }

    [Fact]
    public void A_latin1_csv_from_an_old_Excel_export_is_read()
    {
        var bytes = Encoding.Latin1.GetBytes("Artikel;Menge\nBOLT-M8;48\nMÖP;1\n");

        var rows = OrderLineFileReader.ReadFile("export.csv", new MemoryStream(bytes), bytes.Length, Limits);

        Assert.Equal("MÖP", rows[1].Sku);
        Assert.Equal(3, rows[1].Row);
    }
}
