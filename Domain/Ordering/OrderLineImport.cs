using System.Globalization;
using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Ordering;

/// <summary>One data row as a file or a paste gave it: the row number the buyer sees and the raw cells.</summary>
public sealed record RawOrderLine(int Row, string? Sku, string? Quantity);

public enum ImportOutcome
{
    Added,

    /// <summary>
    /// Not orderable by this company: no such product, or another company's product, or not priced for this one.
    /// One outcome and one message for all of them, as the API answers, so a buyer cannot probe which SKUs exist.
    /// </summary>
    NotInCatalog,
    QuantityRuleViolated,
    DuplicateMerged,
    Invalid,
}

public sealed record ImportedLine(int Row, string Sku, decimal? Quantity, ImportOutcome Outcome, string Message, int? ProductId = null, decimal? Suggestion = null);

public sealed record ImportResult(IReadOnlyList<ImportedLine> Lines)
{
    public IEnumerable<ImportedLine> ToAdd => Lines.Where(l => l.Outcome == ImportOutcome.Added);

    public int Count(ImportOutcome outcome) => Lines.Count(l => l.Outcome == outcome);

    /// <summary>The lines that stay out of the cart: not orderable, breaking a quantity rule, or malformed (merged duplicates are not: their quantity is on their first row).</summary>
    public IEnumerable<ImportedLine> Rejected => Lines.Where(l => l.Outcome is ImportOutcome.NotInCatalog or ImportOutcome.QuantityRuleViolated or ImportOutcome.Invalid);

    /// <summary>Lines breaking a quantity rule that have a valid quantity to suggest: what "use all suggested quantities" would take.</summary>
    public int SuggestedCount => Lines.Count(l => l.Outcome == ImportOutcome.QuantityRuleViolated && l.Suggestion is > 0);
}

/// <summary>
/// Checks quick-order rows (typed, pasted or uploaded) line by line before anything goes into the cart: SKU and
/// quantity well-formed, product known, in the company's catalog and priced, quantity rule kept (with the valid
/// suggestion), repeated SKUs merged into their first row. Batch lookups only: 10,000 rows cost a handful of queries.
/// </summary>
public sealed class OrderLineImport(OrderableProducts products, TimeProvider clock)
{
    public const int MaxLines = 10_000;

    public async Task<ImportResult> ValidateAsync(int companyId, IReadOnlyList<RawOrderLine> rows, bool roundToValidQuantity, CancellationToken ct)
    {
        if (rows.Count > MaxLines)
        {
            throw new DomainException($"{rows.Count:N0} lines is more than the limit of {MaxLines:N0} per upload; split the file.");
        }

        var results = new ImportedLine?[rows.Count];
        var firstRowOfSku = new Dictionary<string, int>(StringComparer.Ordinal);
        var quantities = new Dictionary<string, decimal>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (!Sku.TryCreate(r.Sku, out var sku, out var skuError))
            {
                results[i] = new ImportedLine(r.Row, Echo.Of(r.Sku), null, ImportOutcome.Invalid, $"Row {r.Row}, column SKU: {skuError}");
                continue;
            }

            if (!TryParseQuantity(r.Quantity, out var qty))
            {
                results[i] = new ImportedLine(r.Row, sku.Value, null, ImportOutcome.Invalid,
                    string.IsNullOrWhiteSpace(r.Quantity)
                        ? $"Row {r.Row}, column Quantity: empty; enter how many."
                        : $"Row {r.Row}, column Quantity: '{Echo.Of(r.Quantity)}' is not a number above zero.");
                continue;
            }

            if (firstRowOfSku.TryGetValue(sku.Value, out var first))
            {
                quantities[sku.Value] += qty;
                results[i] = new ImportedLine(r.Row, sku.Value, qty, ImportOutcome.DuplicateMerged, $"Row {r.Row}: {sku.Value} repeats row {rows[first].Row}; quantities merged into that row.");
                continue;
            }

            firstRowOfSku[sku.Value] = i;
            quantities[sku.Value] = qty;
        }

        var ids = await products.IdsBySkuAsync(firstRowOfSku.Keys, ct);
        var orderable = await products.FindAsync(companyId, ids.Values.ToList(), ct);
        var prices = await products.PriceAsync(companyId,
            firstRowOfSku.Keys.Where(s => ids.TryGetValue(s, out var id) && orderable.ContainsKey(id)).Select(s => (ids[s], quantities[s])),
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);

        foreach (var (sku, i) in firstRowOfSku)
        {
            var row = rows[i].Row;
            var qty = quantities[sku];
            if (!ids.TryGetValue(sku, out var id) || !orderable.TryGetValue(id, out var p) || !prices.ContainsKey(id))
            {
                results[i] = new ImportedLine(row, sku, qty, ImportOutcome.NotInCatalog, $"Row {row}, column SKU: no product {sku} in your catalog.");
                continue;
            }

            var check = p.Rule.Check(qty);
            if (check.IsValid)
            {
                results[i] = new ImportedLine(row, sku, qty, ImportOutcome.Added, $"{p.Name}", id);
                continue;
            }

            var suggestion = check.SuggestedUpper ?? check.SuggestedLower;
            results[i] = roundToValidQuantity && suggestion is { } s && s > 0
                ? new ImportedLine(row, sku, s, ImportOutcome.Added, $"{p.Name}: quantity {Fmt(qty)} changed to {Fmt(s)} ({check.Message})", id, s)
                : new ImportedLine(row, sku, qty, ImportOutcome.QuantityRuleViolated, $"Row {row}, column Quantity: {check.Message}", id, suggestion);
        }

        return new ImportResult(results.Select(r => r!).ToList());
    }

    /// <summary>Accepts "12", "12.5" and the decimal comma "12,5"; thousands separators are refused rather than guessed.</summary>
    public static bool TryParseQuantity(string? raw, out decimal quantity)
    {
        quantity = 0;
        var s = (raw ?? string.Empty).Trim();
        if (s.Length == 0)
        {
            return false;
        }

        if (s.Count(c => c == ',') == 1 && !s.Contains('.', StringComparison.Ordinal))
        {
            s = s.Replace(',', '.');
        }

        return decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out quantity)
            && quantity > 0 && quantity <= QuantityLimit.Max;
    }

    private static string Fmt(decimal d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
