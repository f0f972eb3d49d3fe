using System.Globalization;

namespace B2BPortal.Domain.Common;

/// <summary>An amount in one currency. Arithmetic across currencies is refused, never converted.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    public static Money Zero(string currency) => new(0m, CurrencyCode.Normalize(currency));

    public static Money Of(decimal amount, string currency) => new(amount, CurrencyCode.Normalize(currency));

    public static Money operator +(Money a, Money b)
    {
        EnsureSameCurrency(a, b);
        return new Money(a.Amount + b.Amount, a.Currency);
    }

    public static Money operator -(Money a, Money b)
    {
        EnsureSameCurrency(a, b);
        return new Money(a.Amount - b.Amount, a.Currency);
    }

    public static Money operator *(Money a, decimal factor) => new(a.Amount * factor, a.Currency);

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public Money Multiply(decimal factor) => this * factor;

    public Money RoundToCents() => new(decimal.Round(Amount, 2, MidpointRounding.AwayFromZero), Currency);

    /// <summary>The one way the portal writes an amount: "EUR 31,456.00"; a unit price with finer decimals keeps them ("EUR 0.0125").</summary>
    public override string ToString() => Format(Amount, Currency);

    /// <summary>
    /// The one money format of pages, mails and exports' text: currency code first, thousands separated, two decimals
    /// or up to four where the amount has them (unit prices). Totals and unit prices side by side read the same way.
    /// </summary>
    public static string Format(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{currency} {amount:#,##0.00##}");

    private static void EnsureSameCurrency(Money a, Money b)
    {
        if (!string.Equals(a.Currency, b.Currency, StringComparison.Ordinal))
        {
            throw new DomainException($"Cannot combine {a.Currency} and {b.Currency} amounts; the portal never converts currencies.");
        }
    }
}

/// <summary>ISO 4217 currency codes the portal knows. Unknown codes are rejected, not guessed.</summary>
public static class CurrencyCode
{
    public const int Length = 3;

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "CAD", "AUD", "JPY",
    };

    public static bool IsKnown(string? code) => code is not null && Known.Contains(code.Trim().ToUpperInvariant());

    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var normalized = code.Trim().ToUpperInvariant();
        if (!Known.Contains(normalized))
        {
            throw new DomainException($"Unknown currency '{code}'. Known currencies: {string.Join(", ", Known.Order())}.", "Currency");
        }

        return normalized;
    }
}
