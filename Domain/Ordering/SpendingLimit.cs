using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Ordering;

public enum SpendingLimitKind
{
    /// <summary>The most one order of the buyer may total without approval.</summary>
    OrderLimit,

    /// <summary>What the buyer (or, without a buyer, the whole company) may order per calendar month (UTC) without approval.</summary>
    MonthlyBudget,
}

/// <summary>
/// An in-company approval rule set by the company's BuyerAdmin. An order that would break one goes to
/// PendingApproval instead of being placed. <see cref="UserId"/> null means the rule is for the whole company.
/// </summary>
public class SpendingLimit
{
    private SpendingLimit() { }

    public SpendingLimit(int companyId, string? userId, SpendingLimitKind kind, Money amount, Actor setBy, DateTimeOffset now)
    {
        if (userId is null && kind == SpendingLimitKind.OrderLimit)
        {
            throw new DomainException("An order limit is set per buyer; for the whole company set a monthly budget.");
        }

        CompanyId = companyId;
        UserId = userId;
        Kind = kind;
        Change(amount, setBy, now);
    }

    public int Id { get; private set; }

    public int CompanyId { get; private set; }

    public string? UserId { get; private set; }

    public SpendingLimitKind Kind { get; private set; }

    public Money Amount { get; private set; }

    public string SetBy { get; private set; } = string.Empty;

    public DateTimeOffset SetAt { get; private set; }

    public void Change(Money amount, Actor setBy, DateTimeOffset now)
    {
        if (amount.Amount < 0)
        {
            throw new DomainException("A limit cannot be negative.", "Amount");
        }

        Amount = Money.Of(amount.Amount, amount.Currency);
        SetBy = setBy.DisplayName;
        SetAt = now;
    }
}

/// <summary>The last order number handed out per year: readable, gap-free while orders commit, safe under concurrency.</summary>
public class OrderNumberCounter
{
    private OrderNumberCounter() { }

    public OrderNumberCounter(int year) => Year = year;

    public int Year { get; private set; }

    /// <summary>Also the concurrency token: two placements that read the same value cannot both commit.</summary>
    public int Last { get; private set; }

    public string Next()
    {
        Last++;
        return Format(Year, Last);
    }

    public static string Format(int year, int sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ORD-{year}-{sequence:000000}");
}
