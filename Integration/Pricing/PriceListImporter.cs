using System.Globalization;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Spreadsheets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Integration.Pricing;

public enum ImportMode
{
    /// <summary>Import the rows that pass every check; report the others.</summary>
    ValidRows,

    /// <summary>Import nothing unless every row passes.</summary>
    AllOrNothing,
}

/// <summary>One rejected cell: the row as the spreadsheet numbers it, the column, and what is wrong.</summary>
public sealed record ImportIssue(int Row, string Column, string Reason);

public sealed record ImportReport(
    string FileName,
    ImportMode Mode,
    int RowsRead,
    int Added,
    int Changed,
    int Unchanged,
    int Rejected,
    bool Applied,
    string? FileError,
    IReadOnlyList<ImportIssue> Issues)
{
    public static ImportReport ForFileError(string fileName, ImportMode mode, string error) => new(fileName, mode, 0, 0, 0, 0, 0, false, error, []);

    public string Summary => FileError is not null
        ? $"Nothing imported: {FileError}"
        : !Applied
            ? $"Nothing imported: {Rejected} of {RowsRead} rows have errors and the import was all or nothing."
            : $"{Added} tiers added, {Changed} changed, {Unchanged} unchanged; {Rejected} rows rejected.";
}

/// <summary>
/// Imports tiers into one price list from a CSV or XLSX file. Every row is checked first (SKU known, quantity and
/// price positive, currency the list's, no tier twice); then the valid rows — or, all or nothing, only a clean file — are
/// written with their audit entries in one SaveChanges, so a failure leaves the list as it was.
/// </summary>
public sealed class PriceListImporter(PortalDbContext db, TimeProvider clock, IOptions<SpreadsheetOptions> spreadsheets)
{
    public const int MaxReportedIssues = 1000;

    public async Task<ImportReport> ImportAsync(int priceListId, string fileName, Stream content, long length, ImportMode mode, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            var copy = new MemoryStream();
            await content.CopyToAsync(copy, ct);
            copy.Position = 0;
            content = copy;
        }

        var head = new byte[512];
        var headLength = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        PriceFileFormat format;
        try
        {
            format = PriceListFiles.Detect(fileName, head.AsSpan(0, headLength), length);
        }
        catch (PriceFileException e)
        {
            return ImportReport.ForFileError(fileName, mode, e.Message);
        }

        content.Position = 0;

        var list = await db.Set<PriceList>().Include(l => l.Entries).SingleOrDefaultAsync(l => l.Id == priceListId, ct)
            ?? throw new DomainException($"Price list {priceListId} does not exist.");

        List<PriceFileRow> rows;
        try
        {
            rows = PriceListFiles.Read(format, content, spreadsheets.Value).ToList();
        }
        catch (PriceFileException e)
        {
            return ImportReport.ForFileError(fileName, mode, e.Message);
        }
        catch (CsvHelper.CsvHelperException e)
        {
            return ImportReport.ForFileError(fileName, mode, "The CSV cannot be read: " + e.Message.Split('\n')[0]);
        }

        var products = await db.Products.AsNoTracking().Select(p => new { p.Id, p.Sku, p.UnitOfMeasure }).ToDictionaryAsync(p => p.Sku, StringComparer.Ordinal, ct);
        var issues = new List<ImportIssue>();
        var rejectedRows = new HashSet<int>();
        var valid = new List<(PriceFileRow Row, int ProductId, string Sku, decimal Min, decimal Price, string? Unit)>(rows.Count);
        var seen = new Dictionary<(int, decimal, string?), int>();
        foreach (var row in rows)
        {
            void Reject(string column, string reason)
            {
                rejectedRows.Add(row.Row);
                if (issues.Count < MaxReportedIssues)
                {
                    issues.Add(new ImportIssue(row.Row, column, reason));
                }
            }

            var productId = 0;
            var sku = Sku.Normalize(row.Sku);
            if (!Sku.TryCreate(row.Sku, out _, out var skuError))
            {
                Reject("Sku", skuError);
            }
            else if (!products.TryGetValue(sku, out var product))
            {
                Reject("Sku", $"Unknown SKU '{sku}': no such product in the catalog.");
            }
            else
            {
                productId = product.Id;
            }

            var min = 1m;
            if (row.MinQuantity is not null && !decimal.TryParse(row.MinQuantity, NumberStyles.Number, CultureInfo.InvariantCulture, out min))
            {
                Reject("MinQuantity", $"'{Echo.Of(row.MinQuantity)}' is not a number (use a point for decimals, e.g. 12.5).");
            }
            else if (min <= 0)
            {
                Reject("MinQuantity", $"The minimum quantity must be greater than zero (got {Echo.Of(row.MinQuantity)}).");
            }
            else if (decimal.Round(min, 4) != min)
            {
                Reject("MinQuantity", "At most 4 decimal places.");
            }

            decimal price = 0;
            if (row.UnitPrice is null)
            {
                Reject("UnitPrice", "The unit price is missing.");
            }
            else if (!decimal.TryParse(row.UnitPrice, NumberStyles.Number, CultureInfo.InvariantCulture, out price))
            {
                Reject("UnitPrice", $"'{Echo.Of(row.UnitPrice)}' is not a number (use a point for decimals, e.g. 12.50).");
            }
            else if (price <= 0)
            {
                Reject("UnitPrice", price == 0 ? "The unit price must be greater than zero (got 0)." : $"The unit price cannot be negative (got {Echo.Of(row.UnitPrice)}).");
            }
            else if (decimal.Round(price, 4) != price)
            {
                Reject("UnitPrice", "At most 4 decimal places.");
            }

            if (row.Currency is { } currency && !string.Equals(currency.Trim(), list.Currency, StringComparison.OrdinalIgnoreCase))
            {
                Reject("Currency", $"The row is in {Echo.Of(currency.Trim().ToUpperInvariant())}, but {list.Code} is a {list.Currency} list; prices are never converted.");
            }

            string? unit = null;
            if (row.UnitOfMeasure is { } u)
            {
                if (UnitCode.TryNormalize(u, out var code, out var unitError))
                {
                    unit = code;
                }
                else
                {
                    Reject("UnitOfMeasure", unitError);
                }
            }

            if (rejectedRows.Contains(row.Row))
            {
                continue;
            }

            if (seen.TryGetValue((productId, min, unit), out var firstRow))
            {
                Reject("MinQuantity", $"Duplicate tier: row {firstRow} already sets {sku} from quantity {min.ToString("0.####", CultureInfo.InvariantCulture)}{(unit is null ? string.Empty : " " + unit)}.");
                continue;
            }

            seen[(productId, min, unit)] = row.Row;
            valid.Add((row, productId, sku, min, price, unit));
        }

        var rejected = rejectedRows.Count;
        if (rows.Count == 0)
        {
            return ImportReport.ForFileError(fileName, mode, "The file has a header but no data rows.");
        }

        if (mode == ImportMode.AllOrNothing && rejected > 0)
        {
            return new ImportReport(fileName, mode, rows.Count, 0, 0, 0, rejected, false, null, issues);
        }

        int added = 0, changed = 0, unchanged = 0;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var v in valid)
            {
                var old = list.SetTier(v.ProductId, v.Min, v.Price, v.Unit);
                if (old is null)
                {
                    added++;
                }
                else if (old.Value == v.Price)
                {
                    unchanged++;
                }
                else
                {
                    changed++;
                    PricingAudit.Record(db, clock, actor, "PriceListEntry", PricingAudit.TierId(list.Code, v.Sku, v.Min, v.Unit), "Price changed by import",
                        PricingAudit.Price(old, list.Currency), PricingAudit.Price(v.Price, list.Currency));
                }
            }

            PricingAudit.Record(db, clock, actor, "PriceList", list.Code, "Imported " + Path.GetFileName(fileName), null,
                string.Create(CultureInfo.InvariantCulture, $"{added} tiers added, {changed} changed, {unchanged} unchanged, {rejected} rows rejected ({mode})"));
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }

        return new ImportReport(fileName, mode, rows.Count, added, changed, unchanged, rejected, true, null, issues);
    }

    /// <summary>The rows of a list for export, ordered by SKU and quantity, streamed.</summary>
    public IAsyncEnumerable<PriceListFiles.ExportRow> ExportRows(int priceListId, string currency) =>
        db.Set<PriceListEntry>().AsNoTracking()
            .Where(e => e.PriceListId == priceListId)
            .Join(db.Products, e => e.ProductId, p => p.Id, (e, p) => new { p.Sku, e.MinQuantity, e.UnitPrice, e.UnitOfMeasure })
            .OrderBy(x => x.Sku).ThenBy(x => x.UnitOfMeasure).ThenBy(x => x.MinQuantity)
            .Select(x => new PriceListFiles.ExportRow(x.Sku, x.MinQuantity, x.UnitPrice, currency, x.UnitOfMeasure))
            .AsAsyncEnumerable();
}
