namespace B2BPortal.Domain.Common;

/// <summary>A stock keeping unit: upper-case letters, digits, '-', '_', '.' and '/', 1–40 characters.</summary>
public readonly record struct Sku
{
    public const int MaxLength = 40;

    private Sku(string value) => Value = value;

    public string Value { get; }

    public static Sku Create(string? raw)
    {
        if (!TryCreate(raw, out var sku, out var error))
        {
            throw new DomainException(error, "Sku");
        }

        return sku;
    }

    public static bool TryCreate(string? raw, out Sku sku, out string error)
    {
        sku = default;
        var value = Normalize(raw);
        if (value.Length == 0)
        {
            error = "SKU is empty.";
            return false;
        }

        if (value.Length > MaxLength)
        {
            error = $"SKU '{Echo.Of(value)}' is {value.Length:N0} characters long; a SKU has at most {MaxLength}.";
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
            {
                error = $"SKU '{value}' contains '{c}'; only letters, digits, '-', '_', '.' and '/' are allowed.";
                return false;
            }
        }

        sku = new Sku(value);
        error = string.Empty;
        return true;
    }

    /// <summary>SKUs are compared case-insensitively by storing them upper-case.</summary>
    public static string Normalize(string? raw) => (raw ?? string.Empty).Trim().ToUpperInvariant();

    /// <summary>
    /// The SKU as a search key: its letters and digits only, upper-case ("anc000321", "ANC 000321" and "ANC-000321" are
    /// all ANC000321), so a buyer finds a SKU however it is punctuated. Stored beside the SKU and indexed.
    /// </summary>
    public static string Key(string? raw)
    {
        var value = Normalize(raw);
        return value.All(char.IsAsciiLetterOrDigit) ? value : string.Concat(value.Where(char.IsAsciiLetterOrDigit));
    }

    public override string ToString() => Value;
}
