using System.IO.Compression;
using System.Text;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Spreadsheets;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OfficeOpenXml;

namespace B2BPortal.Tests.Spreadsheets;

/// <summary>
/// Every CSV and XLSX the portal writes neutralises text that a spreadsheet program would run as a formula (OWASP's
/// rule: '=', '+', '-', '@', tab, carriage return); numbers stay numbers.
/// </summary>
[Collection(SharedSqlitePortal.Name)]
public sealed class FormulaInjectionTests(SqlitePortal portal)
{
    private static readonly string[] Dangerous = ["=1+1", "@SUM(1+1)", "+1+2", "-1+2", "\t=1", "\r=1"];

    [Fact]
    public async Task The_CSV_writer_prefixes_formula_text_with_a_quote_and_leaves_negative_numbers_alone()
    {
        using var output = new MemoryStream();
        await using (var sheet = SheetWriter.Csv(output))
        {
            foreach (var text in Dangerous)
            {
                sheet.Text(text);
            }

            sheet.Text("PCS");
            sheet.Text("a-b");
            sheet.Number(-3.5m);
            await sheet.EndRowAsync(CancellationToken.None);
            await sheet.CompleteAsync(CancellationToken.None);
        }

        var line = Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal("'=1+1,'@SUM(1+1),'+1+2,'-1+2,'\t=1,\"'\r=1\",PCS,a-b,-3.5\r\n", line);
    }

    [Fact]
    public async Task The_XLSX_writer_writes_formula_text_as_quoted_text_never_a_formula_and_numbers_as_numbers()
    {
        using var output = new MemoryStream();
        await using (var sheet = SheetWriter.Xlsx(output, "Test"))
        {
            foreach (var text in Dangerous)
            {
                sheet.Text(text);
            }

            sheet.Number(-3.5m);
            await sheet.EndRowAsync(CancellationToken.None);
            await sheet.CompleteAsync(CancellationToken.None);
        }

        AssertNoFormulaCells(output.ToArray(), expectedQuoted: Dangerous.Length);
        output.Position = 0;
        using var package = new ExcelPackage(output);
        var cells = package.Workbook.Worksheets[0].Cells;
        // XML turns a carriage return into a line feed; either way the cell is quoted text.
        Assert.Equal(Dangerous.Select(d => d.Replace('\r', '\n')), Enumerable.Range(1, Dangerous.Length).Select(c => cells[1, c].Value as string));
        Assert.All(Enumerable.Range(1, Dangerous.Length), c => Assert.True(cells[1, c].Style.QuotePrefix));
        Assert.Equal(-3.5d, cells[1, Dangerous.Length + 1].Value);
    }

    [Fact]
    public async Task The_price_list_exports_CSV_and_XLSX_neutralise_units_stored_before_units_were_checked()
    {
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var listId = await LegacyListAsync();

        var csv = await admin.GetStringAsync($"/Pricing/Details/{listId}?handler=Export&format=csv");
        var xlsx = await admin.GetByteArrayAsync($"/Pricing/Details/{listId}?handler=Export&format=xlsx");

        var units = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[4]).ToList();
        Assert.Equal(["'+1+2", "'-1+2", "'=1+1", "'@SUM(1+1)"], units.Order(StringComparer.Ordinal));
        Assert.Contains(",1,2.5,EUR,", csv, StringComparison.Ordinal);
        AssertNoFormulaCells(xlsx, expectedQuoted: 4);
    }

    [Fact]
    public void No_code_outside_Integration_Spreadsheets_writes_CSV_or_XLSX_itself()
    {
        var offenders = new[] { "Domain", "Integration", "Jobs", "Portal" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains(Path.Combine("Integration", "Spreadsheets"), StringComparison.Ordinal))
            .Where(path => File.ReadAllText(path) is var source && (source.Contains("CsvWriter", StringComparison.Ordinal) || source.Contains("OfficeOpenXml", StringComparison.Ordinal)))
            .Select(path => Path.GetRelativePath(Repository.Root, path))
            .ToList();

        Assert.True(offenders.Count == 0, "Write CSV and XLSX through Integration/Spreadsheets/SheetWriter (it neutralises formulas): " + string.Join(", ", offenders));
    }

    /// <summary>No cell of any sheet holds a formula (&lt;f&gt;), and the formula-like text cells carry the quote prefix style.</summary>
    private static void AssertNoFormulaCells(byte[] xlsx, int expectedQuoted)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(sheet.Open());
            Assert.DoesNotContain("<f", reader.ReadToEnd(), StringComparison.Ordinal);
        }

        SpreadsheetLicence.EnsureSet();
        using var package = new ExcelPackage(new MemoryStream(xlsx));
        var cells = package.Workbook.Worksheets[0].Cells;
        Assert.Equal(expectedQuoted, cells.Count(c => c.Style.QuotePrefix && c.Value is string));
    }

    /// <summary>A contract list nobody is assigned to (it prices nothing), whose units were stored before import checked them.</summary>
    private async Task<int> LegacyListAsync()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var productId = await db.Products.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var list = new PriceList("FORMULA-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), "Formula test", "EUR", PriceListLevel.Contract, 0, null, null);
        for (var i = 1; i <= 4; i++)
        {
            list.SetTier(productId, i, 2.5m, "PCS");
        }

        db.Add(list);
        await db.SaveChangesAsync();
        string[] legacy = ["=1+1", "@SUM(1+1)", "+1+2", "-1+2"];
        for (var i = 0; i < legacy.Length; i++)
        {
            var unit = legacy[i];
            var min = i + 1m;
            await db.Set<PriceListEntry>().Where(e => e.PriceListId == list.Id && e.MinQuantity == min).ExecuteUpdateAsync(s => s.SetProperty(e => e.UnitOfMeasure, unit));
        }

        return list.Id;
    }
}
