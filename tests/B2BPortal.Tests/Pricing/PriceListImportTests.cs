using System.Text;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Pricing;
using B2BPortal.Integration.Spreadsheets;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OfficeOpenXml;

namespace B2BPortal.Tests.Pricing;

/// <summary>CSV/XLSX import and export of price lists: every bad input named by row and column, all-or-nothing writes nothing.</summary>
public sealed class PriceListImportTests
{
    private static readonly Actor Admin = new("admin-id", "Adam Administrator", null, new HashSet<string> { "Administrator" });

    private const string BadCsv = """
        Sku,MinQuantity,UnitPrice,Currency
        P-1,1,10.50,EUR
        P-2,1,-3,EUR
        P-3,1,0,EUR
        P-4,0,5,EUR
        P-1,1,11,EUR
        NOPE-9,1,5,EUR
        P-5,1,5,USD
        P-2,10,abc,
        P-2,5,9.5,
        """;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Each_bad_row_is_reported_with_row_column_and_reason(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        var listId = await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", []);

        var report = await ImportAsync(w, listId, "prices.csv", BadCsv, ImportMode.ValidRows);

        Assert.Null(report.FileError);
        Assert.Equal(9, report.RowsRead);
        Assert.Equal(7, report.Rejected);
        Assert.Equal(2, report.Added);
        var issues = report.Issues.ToDictionary(i => i.Row);
        Assert.Equal(("UnitPrice", "The unit price cannot be negative (got -3)."), (issues[3].Column, issues[3].Reason));
        Assert.Equal(("UnitPrice", "The unit price must be greater than zero (got 0)."), (issues[4].Column, issues[4].Reason));
        Assert.Equal(("MinQuantity", "The minimum quantity must be greater than zero (got 0)."), (issues[5].Column, issues[5].Reason));
        Assert.Equal(("MinQuantity", "Duplicate tier: row 2 already sets P-1 from quantity 1."), (issues[6].Column, issues[6].Reason));
        Assert.Equal(("Sku", "Unknown SKU 'NOPE-9': no such product in the catalog."), (issues[7].Column, issues[7].Reason));
        Assert.Equal("Currency", issues[8].Column);
        Assert.Contains("USD", issues[8].Reason, StringComparison.Ordinal);
        Assert.Contains("never converted", issues[8].Reason, StringComparison.Ordinal);
        Assert.Equal(("UnitPrice", "'abc' is not a number (use a point for decimals, e.g. 12.50)."), (issues[9].Column, issues[9].Reason));

        await using var db = w.Context();
        var tiers = await db.Set<PriceListEntry>().Where(e => e.PriceListId == listId).OrderBy(e => e.ProductId).Select(e => new { e.ProductId, e.MinQuantity, e.UnitPrice }).ToListAsync();
        Assert.Equal([(w.Products["P-1"], 1m, 10.5m), (w.Products["P-2"], 5m, 9.5m)], tiers.Select(t => (t.ProductId, t.MinQuantity, t.UnitPrice)));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task All_or_nothing_with_one_bad_row_writes_nothing_not_even_an_audit_entry(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        var listId = await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", [("P-1", 1, 20)]);
        var csv = "Sku,MinQuantity,UnitPrice\nP-1,1,19\nP-2,1,15\nP-3,1,-1\n";

        var report = await ImportAsync(w, listId, "prices.csv", csv, ImportMode.AllOrNothing);

        Assert.False(report.Applied);
        Assert.Equal(1, report.Rejected);
        Assert.Equal(new ImportIssue(4, "UnitPrice", "The unit price cannot be negative (got -1)."), Assert.Single(report.Issues));
        await using var db = w.Context();
        Assert.Equal([20m], await db.Set<PriceListEntry>().Where(e => e.PriceListId == listId).Select(e => e.UnitPrice).ToListAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_clean_import_changes_prices_and_audits_old_and_new(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        var listId = await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", [("P-1", 1, 20), ("P-2", 1, 30)]);

        var report = await ImportAsync(w, listId, "prices.csv", "Sku;MinQuantity;UnitPrice\nP-1;1;19.99\nP-2;1;30\np-3;10;7.25\n", ImportMode.AllOrNothing);

        Assert.True(report.Applied);
        Assert.Equal((1, 1, 1, 0), (report.Added, report.Changed, report.Unchanged, report.Rejected));
        await using var db = w.Context();
        var change = await db.AuditEntries.SingleAsync(a => a.EntityType == "PriceListEntry");
        Assert.Equal(("BASE/P-1/1", "20 EUR", "19.99 EUR", "Adam Administrator"), (change.EntityId, change.Before, change.After, change.ActorName));
        Assert.Contains("1 tiers added, 1 changed, 1 unchanged", (await db.AuditEntries.SingleAsync(a => a.EntityType == "PriceList")).After, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prices.txt", "Sku,UnitPrice\nP-1,1\n", "is not a CSV or XLSX file")]
    [InlineData("prices.xlsx", "Sku,UnitPrice\nP-1,1\n", "is named .xlsx but is not an Excel workbook")]
    [InlineData("prices.csv", "PK\u0003\u0004binary", "holds binary data")]
    [InlineData("prices.csv", "Name,Price\nP-1,1\n", "Column Sku and UnitPrice is missing")]
    [InlineData("prices.csv", "Sku,UnitPrice\n", "no data rows")]
    public async Task A_file_of_the_wrong_type_or_shape_is_refused_whole(string name, string content, string message)
    {
        await using var w = await PricingWorld.CreateAsync(DatabaseProvider.Sqlite);
        var listId = await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", []);

        var report = await ImportAsync(w, listId, name, content, ImportMode.ValidRows);

        Assert.False(report.Applied);
        Assert.Contains(message, report.FileError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        await using var w = await PricingWorld.CreateAsync(DatabaseProvider.Sqlite);
        var listId = await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", []);
        await using var db = w.Context();
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("Sku,UnitPrice\nP-1,1\n"));

        var report = await new PriceListImporter(db, TimeProvider.System, Options.Create(new SpreadsheetOptions())).ImportAsync(listId, "big.csv", content, PriceListFiles.MaxFileBytes + 1, ImportMode.ValidRows, Admin, CancellationToken.None);

        Assert.Contains("the limit is 20 MB", report.FileError, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_exported_XLSX_and_CSV_import_back_unchanged(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        var source = await w.ListAsync("SRC", PriceListLevel.Base, 0, "EUR", [("P-1", 1, 10.5m), ("P-1", 12.5m, 9.125m), ("P-2", 1, 3)]);
        var xlsxTarget = await w.ListAsync("XLSX", PriceListLevel.Base, 1, "EUR", []);
        var csvTarget = await w.ListAsync("CSV", PriceListLevel.Base, 2, "EUR", []);

        await using var db = w.Context();
        var importer = new PriceListImporter(db, TimeProvider.System, Options.Create(new SpreadsheetOptions()));
        using var xlsx = new MemoryStream();
        await PriceListFiles.WriteXlsxAsync(importer.ExportRows(source, "EUR"), "SRC", xlsx, CancellationToken.None);
        using var csv = new MemoryStream();
        await PriceListFiles.WriteCsvAsync(importer.ExportRows(source, "EUR"), csv, CancellationToken.None);
        xlsx.Position = 0;
        csv.Position = 0;
        SpreadsheetLicence.EnsureSet();
        using (var package = new ExcelPackage(xlsx))
        {
            Assert.Equal("Sku", package.Workbook.Worksheets.First().Cells[1, 1].Value);
            Assert.Equal(4, package.Workbook.Worksheets.First().Dimension.End.Row);
        }

        xlsx.Position = 0;
        var fromXlsx = await importer.ImportAsync(xlsxTarget, "SRC.xlsx", xlsx, xlsx.Length, ImportMode.AllOrNothing, Admin, CancellationToken.None);
        db.ChangeTracker.Clear();
        var fromCsv = await importer.ImportAsync(csvTarget, "SRC.csv", csv, csv.Length, ImportMode.AllOrNothing, Admin, CancellationToken.None);

        Assert.True(fromXlsx.Applied, fromXlsx.Summary + string.Join("; ", fromXlsx.Issues));
        Assert.True(fromCsv.Applied, fromCsv.Summary + string.Join("; ", fromCsv.Issues));
        async Task<List<(int, decimal, decimal)>> TiersOf(int id) => (await db.Set<PriceListEntry>().Where(e => e.PriceListId == id)
            .Select(e => new { e.ProductId, e.MinQuantity, e.UnitPrice }).ToListAsync()).Select(e => (e.ProductId, e.MinQuantity, e.UnitPrice)).Order().ToList();
        Assert.Equal(await TiersOf(source), await TiersOf(xlsxTarget));
        Assert.Equal(await TiersOf(source), await TiersOf(csvTarget));
    }

    private static async Task<ImportReport> ImportAsync(PricingWorld w, int listId, string name, string content, ImportMode mode)
    {
        await using var db = w.Context();
        var bytes = Encoding.UTF8.GetBytes(content.ReplaceLineEndings("\n"));
        using var stream = new MemoryStream(bytes);
        return await new PriceListImporter(db, TimeProvider.System, Options.Create(new SpreadsheetOptions())).ImportAsync(listId, name, stream, bytes.Length, mode, Admin, CancellationToken.None);
    }
}
