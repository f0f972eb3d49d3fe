using System.Globalization;

namespace B2BPortal.Domain.Common;

/// <summary>
/// The largest quantity one line may carry, wherever a quantity comes in (cart, quick order, price query). Far above
/// any real order, yet low enough that a quantity times a price or a line plus an addition never overflows a decimal
/// and always fits the database's quantity columns: without it such input failed as an overflow or a save error.
/// </summary>
public static class QuantityLimit
{
    public const decimal Max = 999_999_999m;

    public static string TooLarge { get; } = string.Create(CultureInfo.InvariantCulture, $"Quantity too large: at most {Max:N0} on one line.");

    /// <summary>Refuses a quantity over <see cref="Max"/>, naming the field.</summary>
    public static void Ensure(decimal quantity)
    {
        if (quantity > Max)
        {
            throw new DomainException(TooLarge, "Quantity");
        }
    }
}
