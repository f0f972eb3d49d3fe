using System.Globalization;

namespace B2BPortal.Domain.Pricing;

/// <summary>
/// How much of a product may be ordered on one line: at least <see cref="Minimum"/>, in steps of
/// <see cref="Increment"/> (the pack size) counted from the minimum, at most <see cref="Maximum"/>.
/// A violation names what would be valid, e.g. "order in multiples of 12: 48 or 60".
/// </summary>
public sealed record QuantityRule(decimal Minimum, decimal Increment, decimal? Maximum)
{
    public static readonly QuantityRule AnyPositive = new(1, 1, null);

    public QuantityCheck Check(decimal quantity)
    {
        if (quantity <= 0)
        {
            return QuantityCheck.Invalid($"Enter a quantity above zero (at least {Fmt(Minimum)}).", Minimum, null);
        }

        if (quantity < Minimum)
        {
            return QuantityCheck.Invalid($"The minimum order quantity is {Fmt(Minimum)}.", Minimum, null);
        }

        if (Maximum is { } max && quantity > max)
        {
            var highest = Minimum + (Math.Floor((max - Minimum) / Increment) * Increment);
            return QuantityCheck.Invalid($"At most {Fmt(max)} per order line: order {Fmt(highest)} or split the order.", highest, null);
        }

        var steps = (quantity - Minimum) / Increment;
        if (steps != decimal.Truncate(steps))
        {
            var lower = Minimum + (decimal.Truncate(steps) * Increment);
            var upper = lower + Increment;
            if (Maximum is { } m && upper > m)
            {
                return QuantityCheck.Invalid($"Order in multiples of {Fmt(Increment)}: {Fmt(lower)}.", lower, null);
            }

            return lower >= Minimum && lower > 0
                ? QuantityCheck.Invalid($"Order in multiples of {Fmt(Increment)}: {Fmt(lower)} or {Fmt(upper)}.", lower, upper)
                : QuantityCheck.Invalid($"Order in multiples of {Fmt(Increment)}: {Fmt(upper)}.", upper, null);
        }

        return QuantityCheck.Valid;
    }

    private static string Fmt(decimal d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}

public sealed record QuantityCheck(bool IsValid, string? Message, decimal? SuggestedLower, decimal? SuggestedUpper)
{
    public static readonly QuantityCheck Valid = new(true, null, null, null);

    public static QuantityCheck Invalid(string message, decimal? lower, decimal? upper) => new(false, message, lower, upper);
}

/// <summary>The quantity rules of products for a company, in one batch.</summary>
public interface IQuantityRules
{
    Task<IReadOnlyDictionary<int, QuantityRule>> ForAsync(int companyId, IReadOnlyCollection<int> productIds, CancellationToken ct);
}
