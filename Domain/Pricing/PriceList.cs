using System.Globalization;
using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Pricing;

/// <summary>
/// Who a price list is for. The numeric order is the precedence: a higher level beats a lower one
/// (Contract &gt; Customer &gt; Group &gt; Base), whatever the priorities (docs/pricing.md).
/// </summary>
public enum PriceListLevel
{
    Base = 0,
    Group = 1,
    Customer = 2,
    Contract = 3,
}

/// <summary>
/// A price list: one currency, a validity window and a priority within its level, and volume tiers per product.
/// Base lists apply to every customer in their currency; Group, Customer and Contract lists only through an
/// assignment (<see cref="PriceListAssignment"/>). The entries are private so that every tier goes through
/// <see cref="SetTier"/>, which guards prices and minimum quantities.
/// </summary>
public class PriceList
{
    public const int CodeMaxLength = 20;
    public const int NameMaxLength = 100;

    private readonly List<PriceListEntry> _entries = [];

    // Built on first use so that importing 100,000 tiers is not a 100,000² search; not mapped.
    private Dictionary<(int ProductId, decimal MinQuantity, string? Unit), PriceListEntry>? _index;

    private PriceList() { }

    public PriceList(string code, string name, string currency, PriceListLevel level, int priority, DateOnly? validFrom, DateOnly? validTo)
    {
        Code = CheckCode(code);
        Currency = CurrencyCode.Normalize(currency);
        Level = CheckLevel(level);
        Update(name, priority, validFrom, validTo);
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    /// <summary>The one currency of every price in the list; a customer buying in another currency never gets these prices.</summary>
    public string Currency { get; private set; } = string.Empty;

    public PriceListLevel Level { get; private set; }

    /// <summary>Within one level, the higher priority wins.</summary>
    public int Priority { get; private set; }

    /// <summary>First day the list applies (inclusive); null = since always.</summary>
    public DateOnly? ValidFrom { get; private set; }

    /// <summary>Last day the list applies (inclusive); null = open-ended.</summary>
    public DateOnly? ValidTo { get; private set; }

    public IReadOnlyCollection<PriceListEntry> Entries => _entries.AsReadOnly();

    public bool IsValidOn(DateOnly date) => Validity.Contains(ValidFrom, ValidTo, date);

    public void Update(string name, int priority, DateOnly? validFrom, DateOnly? validTo)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException($"A price list name has 1 to {NameMaxLength} characters.", nameof(Name));
        }

        if (priority is < 0 or > 1000)
        {
            throw new DomainException("A priority is a whole number from 0 to 1000 (higher wins within a level).", nameof(Priority));
        }

        Validity.Check(validFrom, validTo, nameof(ValidTo));
        Name = name;
        Priority = priority;
        ValidFrom = validFrom;
        ValidTo = validTo;
    }

    /// <summary>
    /// Sets the unit price of one volume tier (product, unit, minimum quantity); returns the previous price, or null for a new tier.
    /// </summary>
    public decimal? SetTier(int productId, decimal minQuantity, decimal unitPrice, string? unitOfMeasure)
    {
        PriceListEntry.CheckTier(minQuantity, unitPrice);
        var unit = PriceListEntry.NormalizeUnit(unitOfMeasure);
        _index ??= _entries.ToDictionary(e => (e.ProductId, e.MinQuantity, e.UnitOfMeasure));
        if (!_index.TryGetValue((productId, minQuantity, unit), out var existing))
        {
            var entry = new PriceListEntry(productId, minQuantity, unitPrice, unit);
            _entries.Add(entry);
            _index[(productId, minQuantity, unit)] = entry;
            return null;
        }

        var old = existing.UnitPrice;
        existing.Reprice(unitPrice);
        return old;
    }

    public PriceListEntry? RemoveTier(int entryId)
    {
        var entry = _entries.Find(e => e.Id == entryId);
        if (entry is not null)
        {
            _entries.Remove(entry);
            _index = null;
        }

        return entry;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Code} '{Name}' {Level} {Currency} priority {Priority} valid {Validity.Describe(ValidFrom, ValidTo)}");

    private static string CheckCode(string code)
    {
        code = (code ?? string.Empty).Trim().ToUpperInvariant();
        if (code.Length is 0 or > CodeMaxLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new DomainException($"A price list code has 1 to {CodeMaxLength} letters, digits, '-' or '_'.", nameof(Code));
        }

        return code;
    }

    private static PriceListLevel CheckLevel(PriceListLevel level) =>
        Enum.IsDefined(level) ? level : throw new DomainException("Unknown price list level.", nameof(Level));
}

/// <summary>One volume tier: from <see cref="MinQuantity"/> units on, each costs <see cref="UnitPrice"/> (in the list's currency).</summary>
public class PriceListEntry
{
    private PriceListEntry() { }

    internal PriceListEntry(int productId, decimal minQuantity, decimal unitPrice, string? unitOfMeasure)
    {
        ProductId = productId;
        MinQuantity = minQuantity;
        UnitPrice = unitPrice;
        UnitOfMeasure = unitOfMeasure;
    }

    public int Id { get; private set; }

    public int PriceListId { get; private set; }

    public int ProductId { get; private set; }

    public decimal MinQuantity { get; private set; }

    public decimal UnitPrice { get; private set; }

    /// <summary>The unit the price is for; null = the product's own unit. Tiers for another unit do not price an order line in the product's unit.</summary>
    public string? UnitOfMeasure { get; private set; }

    internal void Reprice(decimal unitPrice) => UnitPrice = unitPrice;

    public static void CheckTier(decimal minQuantity, decimal unitPrice)
    {
        if (unitPrice <= 0)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture, $"A unit price is greater than zero (got {unitPrice:0.####})."), "UnitPrice");
        }

        if (minQuantity <= 0)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture, $"A minimum quantity is greater than zero (got {minQuantity:0.####})."), "MinQuantity");
        }

        if (decimal.Round(unitPrice, 4) != unitPrice || decimal.Round(minQuantity, 4) != minQuantity)
        {
            throw new DomainException("Prices and quantities have at most 4 decimal places.", "UnitPrice");
        }
    }

    public static string? NormalizeUnit(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return null;
        }

        return Catalog.UnitCode.Normalize(unit);
    }
}

/// <summary>Validity windows are whole days, both ends inclusive: a list valid to 2026-12-31 still applies on that day.</summary>
public static class Validity
{
    public static bool Contains(DateOnly? from, DateOnly? to, DateOnly date) =>
        (from is null || from.Value <= date) && (to is null || date <= to.Value);

    public static bool Overlap(DateOnly? aFrom, DateOnly? aTo, DateOnly? bFrom, DateOnly? bTo) =>
        (aFrom is null || bTo is null || aFrom.Value <= bTo.Value) && (bFrom is null || aTo is null || bFrom.Value <= aTo.Value);

    public static void Check(DateOnly? from, DateOnly? to, string field)
    {
        if (from is { } f && to is { } t && t < f)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture, $"The validity ends ({t:yyyy-MM-dd}) before it starts ({f:yyyy-MM-dd})."), field);
        }
    }

    public static string Describe(DateOnly? from, DateOnly? to) => string.Create(CultureInfo.InvariantCulture,
        $"{(from is { } f ? f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "always")} – {(to is { } t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "open")}");
}
