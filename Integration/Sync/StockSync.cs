using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Erp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Items and their inventory from the ERP into Products and StockLevels. The ERP is master of name, unit, list price,
/// stock and the blocked flag; the portal's enrichment (description, images, attributes, category) is never touched.
/// A page is applied with two set-based statements (products that changed, stock rows upserted), not one entity per row:
/// 100,000 changes must fit in a minute.
/// <para>
/// Two deltas in one run. Item master data follows the items' lastModifiedDateTime. Stock cannot: Business Central's
/// <c>inventory</c> is a FlowField summed from item ledger entries, so a sale, a receipt or an adjustment moves it without
/// touching the item record. So the run then follows the item ledger from the last entry number applied
/// (<see cref="SyncJobState.LastEntryNumber"/>) and reads again, by number, exactly the items its new entries name. The
/// nightly full read stays the safety net. Without a ledger position (the first run) the ledger is followed from its
/// current end: what moved before is covered by that run's item read when it reads everything, else by the next full read.
/// </para>
/// </summary>
public sealed class StockSync(PortalDbContext db, IErpGateway erp, IOptions<ErpOptions> options, TimeProvider time, ILogger<StockSync> logger)
    : PagedErpSync<ErpItem>(db, time, logger)
{
    public const string Name = SyncFreshness.StockJob;

    /// <summary>Where the ledger starts for this run, when the item read covers everything before it (full, or first run).</summary>
    private long? _ledgerStart;

    /// <summary>While items named by ledger entries are applied: each item's newest movement time.</summary>
    private Dictionary<string, DateTimeOffset>? _movedAt;

    public override string JobName => Name;

    protected override async Task BeforeReadAsync(SyncJobState state, CancellationToken ct) =>
        // Asked before the items are read: a movement posted while they are read is then re-read, never skipped.
        _ledgerStart = Full || state.LastEntryNumber is null ? await erp.ReadLastItemLedgerEntryNumberAsync(ct) ?? 0 : null;

    protected override async Task AfterReadAsync(SyncRun run, SyncJobState state, CancellationToken ct)
    {
        if (_ledgerStart is { } start)
        {
            state.AdvanceEntry(start);
            await Db.SaveChangesAsync(ct);
        }

        var after = state.LastEntryNumber ?? 0;
        string? continuation = null;
        do
        {
            var page = await erp.ReadItemLedgerEntriesAsync(after, continuation, ct);
            await RefreshMovedAsync(page.Entries, run, state, ct);

            // Only once every item the page names is applied: a page that fails is read again by the next run.
            if (page.LastEntryNumber is { } last)
            {
                state.AdvanceEntry(last);
                await Db.SaveChangesAsync(ct);
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    /// <summary>Reads again, in URL-sized batches, the items the entries name that the portal sells; others are skipped.</summary>
    private async Task RefreshMovedAsync(IReadOnlyList<ErpItemLedgerEntry> entries, SyncRun run, SyncJobState state, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var moved = entries.GroupBy(e => e.ItemNumber, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(e => e.LastModified) ?? DateTimeOffset.MinValue, StringComparer.Ordinal);
        var numbers = moved.Keys.ToList();
        var sold = await Db.Products.AsNoTracking().Where(p => numbers.Contains(p.ErpItemNumber)).Select(p => p.ErpItemNumber).ToListAsync(ct);
        if (sold.Count < numbers.Count)
        {
            logger.LogDebug("{Job}: {Count} moved items are not in the portal's catalog; not read", Name, numbers.Count - sold.Count);
        }

        _movedAt = moved;
        try
        {
            foreach (var batch in erp.BatchItemNumbers(sold))
            {
                await ReadKeysAsync(batch, run, state, ct);
            }
        }
        finally
        {
            _movedAt = null;
        }
    }

    protected override Task<ErpPage<ErpItem>> ReadAsync(ErpReadRequest request, CancellationToken ct) => erp.ReadItemsAsync(request, ct);

    protected override string KeyOf(ErpItem record) => record.Number;

    protected override async Task<PageOutcome> ApplyAsync(IReadOnlyList<ErpRecord<ErpItem>> records, CancellationToken ct)
    {
        var warehouse = options.Value.WarehouseCode;
        var now = Time.GetUtcNow();

        // A full read and a read of moved items exist to set the figure right: it wins even over a newer-looking stamp.
        var authoritative = Full || _movedAt is not null;
        var numbers = records.Select(r => r.Value!.Number).ToList();
        var products = await Db.Products.AsNoTracking()
            .Where(p => numbers.Contains(p.ErpItemNumber))
            .Select(p => new { p.Id, p.ErpItemNumber, p.Name, p.UnitOfMeasure, p.ListPrice.Amount, p.ListPrice.Currency, p.IsActive, p.UnitCost })
            .ToDictionaryAsync(p => p.ErpItemNumber, StringComparer.Ordinal, ct);
        var ids = products.Values.Select(p => p.Id).ToList();
        var stock = await Db.StockLevels.AsNoTracking()
            .Where(s => ids.Contains(s.ProductId) && s.WarehouseCode == warehouse)
            .Select(s => new { s.ProductId, s.Quantity, s.AsOf })
            .ToDictionaryAsync(s => s.ProductId, ct);

        var failures = new List<RecordFailure>();
        var applied = new List<string>();
        var productRows = new List<ProductRow>();
        var stockRows = new List<StockRow>();
        int created = 0, updated = 0;
        foreach (var record in records)
        {
            var item = record.Value!;
            if (!products.TryGetValue(item.Number, out var p))
            {
                failures.Add(new RecordFailure(item.Number, $"Unknown item number {item.Number}: no product has this ERP item number.", record.Payload));
                continue;
            }

            if (item.Name.Length > Product.NameMaxLength)
            {
                failures.Add(new RecordFailure(item.Number, $"Item {item.Number}: displayName is longer than the portal allows ({Product.NameMaxLength} characters).", record.Payload));
                continue;
            }

            if (!UnitCode.TryNormalize(item.UnitOfMeasure, out _, out var unitError))
            {
                failures.Add(new RecordFailure(item.Number, $"Item {item.Number}: baseUnitOfMeasureCode: {unitError}", record.Payload));
                continue;
            }

            applied.Add(item.Number);
            var active = p.IsActive && !item.Blocked;
            var productChanged = p.Name != item.Name || p.UnitOfMeasure != item.UnitOfMeasure || p.Amount != item.UnitPrice
                || p.Currency != item.Currency || p.IsActive != active || p.UnitCost != item.UnitCost;
            if (productChanged)
            {
                productRows.Add(new ProductRow(p.Id, item.Name, item.UnitOfMeasure, item.UnitPrice, item.Currency, active, item.UnitCost));
            }

            // The figure is as of the item's last change, or of its newest ledger movement when that is later.
            var asOf = item.LastModified.ToUniversalTime();
            if (_movedAt is not null && _movedAt.TryGetValue(item.Number, out var movedAt) && movedAt > asOf)
            {
                asOf = movedAt.ToUniversalTime();
            }

            bool stockChanged;
            if (!stock.TryGetValue(p.Id, out var level))
            {
                stockRows.Add(new StockRow(p.Id, item.Inventory, asOf));
                created++;
                continue;
            }

            if (asOf >= level.AsOf)
            {
                stockChanged = level.Quantity != item.Inventory || asOf != level.AsOf;
            }
            else if (authoritative && level.Quantity != item.Inventory)
            {
                // inventory is summed when the ERP answers, so this figure holds now even though the item's stamp is older.
                asOf = now;
                stockChanged = true;
            }
            else
            {
                // In a delta, an older figure never overwrites a newer one (a re-read boundary page, a late retry).
                stockChanged = false;
            }

            if (stockChanged)
            {
                stockRows.Add(new StockRow(p.Id, item.Inventory, asOf));
            }

            if (stockChanged || productChanged)
            {
                updated++;
            }
        }

        await UpdateProductsAsync(productRows, ct);
        await UpsertStockAsync(stockRows, warehouse, ct);
        return new PageOutcome(created, updated, failures, applied);
    }

    private async Task UpdateProductsAsync(List<ProductRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var bulk = new BulkSql(Db);
        var entity = Db.Model.FindEntityType(typeof(Product))!;
        var table = bulk.Q(entity.GetTableName()!);
        var price = entity.FindComplexProperty(nameof(Product.ListPrice))!.ComplexType;
        var amount = price.FindProperty(nameof(Domain.Common.Money.Amount))!;
        var currency = price.FindProperty(nameof(Domain.Common.Money.Currency))!;
        var cId = bulk.Q("Id");
        var cName = bulk.Q(nameof(Product.Name));
        var cUnit = bulk.Q(nameof(Product.UnitOfMeasure));
        var cPrice = bulk.Q(amount.GetColumnName());
        var cCurrency = bulk.Q(currency.GetColumnName());
        var cActive = bulk.Q(nameof(Product.IsActive));
        var isActive = entity.FindProperty(nameof(Product.IsActive))!;
        var cost = entity.FindProperty(nameof(Product.UnitCost))!;
        var cCost = bulk.Q(nameof(Product.UnitCost));

        // A column of NULLs in VALUES has no type on PostgreSQL (it would be text): cast to the column's own type.
        var costValue = $"CAST(v.{cCost} AS {cost.GetColumnType()})";

        foreach (var chunk in rows.Chunk(bulk.RowsPerStatement(7)))
        {
            var parameters = new List<object?>();
            var values = BulkSql.Values(chunk.Select(r => new[]
            {
                (object?)r.Id, r.Name, r.Unit, BulkSql.Provider(amount, r.Price), r.Currency, BulkSql.Provider(isActive, r.Active), BulkSql.Provider(cost, r.Cost),
            }), parameters);
            var sql = bulk.IsSqlServer
                ? $"UPDATE p SET {cName} = v.{cName}, {cUnit} = v.{cUnit}, {cPrice} = v.{cPrice}, {cCurrency} = v.{cCurrency}, {cActive} = v.{cActive}, {cCost} = {costValue} " +
                  $"FROM {table} AS p JOIN (VALUES {values}) AS v({cId}, {cName}, {cUnit}, {cPrice}, {cCurrency}, {cActive}, {cCost}) ON p.{cId} = v.{cId}"
                : $"WITH v({cId}, {cName}, {cUnit}, {cPrice}, {cCurrency}, {cActive}, {cCost}) AS (VALUES {values}) " +
                  $"UPDATE {table} SET {cName} = v.{cName}, {cUnit} = v.{cUnit}, {cPrice} = v.{cPrice}, {cCurrency} = v.{cCurrency}, {cActive} = v.{cActive}, {cCost} = {costValue} " +
                  $"FROM v WHERE {table}.{cId} = v.{cId}";
            await bulk.ExecuteAsync(sql, parameters, ct);
        }
    }

    private async Task UpsertStockAsync(List<StockRow> rows, string warehouse, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var bulk = new BulkSql(Db);
        var entity = Db.Model.FindEntityType(typeof(StockLevel))!;
        var table = bulk.Q(entity.GetTableName()!);
        var quantity = entity.FindProperty(nameof(StockLevel.Quantity))!;
        var asOf = entity.FindProperty(nameof(StockLevel.AsOf))!;
        var cProduct = bulk.Q(nameof(StockLevel.ProductId));
        var cWarehouse = bulk.Q(nameof(StockLevel.WarehouseCode));
        var cQuantity = bulk.Q(nameof(StockLevel.Quantity));
        var cAsOf = bulk.Q(nameof(StockLevel.AsOf));

        foreach (var chunk in rows.Chunk(bulk.RowsPerStatement(4)))
        {
            var parameters = new List<object?>();
            var values = BulkSql.Values(chunk.Select(r => new[]
            {
                (object?)r.ProductId, warehouse, BulkSql.Provider(quantity, r.Quantity), BulkSql.Provider(asOf, r.AsOf),
            }), parameters);
            var sql = bulk.IsSqlServer
                ? $"MERGE {table} WITH (HOLDLOCK) AS t USING (VALUES {values}) AS s({cProduct}, {cWarehouse}, {cQuantity}, {cAsOf}) " +
                  $"ON t.{cProduct} = s.{cProduct} AND t.{cWarehouse} = s.{cWarehouse} " +
                  $"WHEN MATCHED AND t.{cAsOf} <= s.{cAsOf} THEN UPDATE SET {cQuantity} = s.{cQuantity}, {cAsOf} = s.{cAsOf} " +
                  $"WHEN NOT MATCHED THEN INSERT ({cProduct}, {cWarehouse}, {cQuantity}, {cAsOf}) VALUES (s.{cProduct}, s.{cWarehouse}, s.{cQuantity}, s.{cAsOf});"
                : $"INSERT INTO {table} ({cProduct}, {cWarehouse}, {cQuantity}, {cAsOf}) VALUES {values} " +
                  $"ON CONFLICT ({cProduct}, {cWarehouse}) DO UPDATE SET {cQuantity} = excluded.{cQuantity}, {cAsOf} = excluded.{cAsOf} " +
                  $"WHERE {table}.{cAsOf} <= excluded.{cAsOf}";
            await bulk.ExecuteAsync(sql, parameters, ct);
        }
    }

    private sealed record ProductRow(int Id, string Name, string Unit, decimal Price, string Currency, bool Active, decimal? Cost);

    private sealed record StockRow(int ProductId, decimal Quantity, DateTimeOffset AsOf);
}
