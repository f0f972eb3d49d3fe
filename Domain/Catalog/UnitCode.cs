using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Catalog;

/// <summary>
/// A unit-of-measure code (PCS, BOX, KG, M2): 1 to 10 ASCII letters or digits, kept upper-case. Nothing else is a unit,
/// so a code can never start a spreadsheet formula (=1+1, @SUM(...), -1+2) or carry markup wherever it is shown or written.
/// </summary>
public static class UnitCode
{
    public const int MaxLength = 10;

    public static bool TryNormalize(string? raw, out string unit, out string error)
    {
        unit = (raw ?? string.Empty).Trim().ToUpperInvariant();
        if (unit.Length is > 0 and <= MaxLength && unit.All(char.IsAsciiLetterOrDigit))
        {
            error = string.Empty;
            return true;
        }

        error = $"A unit of measure is 1 to {MaxLength} letters or digits, such as PCS, BOX or KG (got '{Echo.Of(raw?.Trim())}').";
        unit = string.Empty;
        return false;
    }

    public static string Normalize(string? raw) =>
        TryNormalize(raw, out var unit, out var error) ? unit : throw new DomainException(error, "UnitOfMeasure");
}
