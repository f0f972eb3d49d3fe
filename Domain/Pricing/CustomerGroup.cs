using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Pricing;

/// <summary>A pricing group of customer companies (e.g. "Resellers"); Group-level price lists are assigned to it.</summary>
public class CustomerGroup
{
    public const int CodeMaxLength = 20;
    public const int NameMaxLength = 100;

    private readonly List<CustomerGroupMember> _members = [];

    private CustomerGroup() { }

    public CustomerGroup(string code, string name)
    {
        code = (code ?? string.Empty).Trim().ToUpperInvariant();
        if (code.Length is 0 or > CodeMaxLength)
        {
            throw new DomainException($"A group code has 1 to {CodeMaxLength} characters.", nameof(Code));
        }

        Code = code;
        Rename(name);
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public IReadOnlyCollection<CustomerGroupMember> Members => _members.AsReadOnly();

    public void Rename(string name)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException($"A group name has 1 to {NameMaxLength} characters.", nameof(Name));
        }

        Name = name;
    }

    public bool Add(int companyId)
    {
        if (_members.Exists(m => m.CompanyId == companyId))
        {
            return false;
        }

        _members.Add(new CustomerGroupMember(companyId));
        return true;
    }

    public bool Remove(int companyId) => _members.RemoveAll(m => m.CompanyId == companyId) > 0;
}

public class CustomerGroupMember
{
    private CustomerGroupMember() { }

    internal CustomerGroupMember(int companyId) => CompanyId = companyId;

    public int GroupId { get; private set; }

    public int CompanyId { get; private set; }
}

/// <summary>How a customer's price is chosen among the lists that offer one (docs/pricing.md).</summary>
public enum PricingStrategy
{
    /// <summary>The highest level wins (Contract &gt; Customer &gt; Group &gt; Base), then the highest priority.</summary>
    Precedence = 0,

    /// <summary>The lowest unit price among all applicable lists wins; ties go by precedence.</summary>
    LowestPrice = 1,
}

/// <summary>A customer's pricing settings. A company without a row uses <see cref="PricingStrategy.Precedence"/>.</summary>
public class CustomerPricing
{
    private CustomerPricing() { }

    public CustomerPricing(int companyId, PricingStrategy strategy)
    {
        CompanyId = companyId;
        ChangeStrategy(strategy);
    }

    public int CompanyId { get; private set; }

    public PricingStrategy Strategy { get; private set; }

    public void ChangeStrategy(PricingStrategy strategy) =>
        Strategy = Enum.IsDefined(strategy) ? strategy : throw new DomainException("Unknown pricing strategy.", nameof(Strategy));
}

/// <summary>
/// Makes a Group, Customer or Contract list apply to one group or one company for a window of days (both ends inclusive).
/// Base lists need none: they apply to everyone in their currency.
/// </summary>
public class PriceListAssignment
{
    private PriceListAssignment() { }

    private PriceListAssignment(int priceListId, int? companyId, int? groupId, DateOnly? validFrom, DateOnly? validTo)
    {
        Validity.Check(validFrom, validTo, nameof(ValidTo));
        PriceListId = priceListId;
        CompanyId = companyId;
        GroupId = groupId;
        ValidFrom = validFrom;
        ValidTo = validTo;
    }

    public int Id { get; private set; }

    public int PriceListId { get; private set; }

    public int? CompanyId { get; private set; }

    public int? GroupId { get; private set; }

    public DateOnly? ValidFrom { get; private set; }

    public DateOnly? ValidTo { get; private set; }

    /// <summary>
    /// Assigns <paramref name="list"/> to a company or a group. <paramref name="sameLevelAssignments"/> are the target's
    /// existing assignments of lists of the same level (with those lists), so that an ambiguous overlap is refused:
    /// two lists of one level and one priority valid on the same day for the same customer would have no winner.
    /// </summary>
    /// <param name="companyCurrency">The customer's currency, when assigning to a customer: a list in another currency would never apply, so it is refused.</param>
    public static PriceListAssignment Create(PriceList list, int? companyId, int? groupId, DateOnly? validFrom, DateOnly? validTo,
        IEnumerable<(PriceListAssignment Assignment, PriceList List)> sameLevelAssignments, string? companyCurrency = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(sameLevelAssignments);
        switch (list.Level)
        {
            case PriceListLevel.Base:
                throw new DomainException($"{list.Code} is a Base list: it applies to every customer in {list.Currency} and is not assigned.", "PriceListId");
            case PriceListLevel.Group when groupId is null || companyId is not null:
                throw new DomainException($"{list.Code} is a Group list: assign it to a customer group.", "GroupId");
            case PriceListLevel.Customer or PriceListLevel.Contract when companyId is null || groupId is not null:
                throw new DomainException($"{list.Code} is a {list.Level} list: assign it to a customer.", "CompanyId");
        }

        if (companyCurrency is not null && !string.Equals(companyCurrency, list.Currency, StringComparison.Ordinal))
        {
            throw new DomainException($"{list.Code} is in {list.Currency}, but the customer buys in {companyCurrency}; prices are never converted, so the list would never apply.", "CompanyId");
        }

        var assignment = new PriceListAssignment(list.Id, companyId, groupId, validFrom, validTo);
        foreach (var (other, otherList) in sameLevelAssignments)
        {
            if (otherList.Level != list.Level || other.CompanyId != companyId || other.GroupId != groupId)
            {
                continue;
            }

            var overlaps = Validity.Overlap(assignment.EffectiveFrom(list), assignment.EffectiveTo(list), other.EffectiveFrom(otherList), other.EffectiveTo(otherList));
            if (!overlaps)
            {
                continue;
            }

            if (otherList.Id == list.Id)
            {
                throw new DomainException($"{list.Code} is already assigned there for {Validity.Describe(other.ValidFrom, other.ValidTo)}; the windows overlap.", nameof(ValidFrom));
            }

            if (otherList.Priority == list.Priority)
            {
                throw new DomainException(
                    $"Overlapping validity: {otherList.Code} ({list.Level}, priority {otherList.Priority}) already applies there for {Validity.Describe(other.EffectiveFrom(otherList), other.EffectiveTo(otherList))}. " +
                    "Two lists of one level need different priorities or validity windows that do not overlap.", nameof(ValidFrom));
            }
        }

        return assignment;
    }

    public bool IsValidOn(DateOnly date) => Validity.Contains(ValidFrom, ValidTo, date);

    /// <summary>The days both the list and the assignment are valid.</summary>
    public DateOnly? EffectiveFrom(PriceList list) => Max(ValidFrom, list?.ValidFrom);

    public DateOnly? EffectiveTo(PriceList list) => Min(ValidTo, list?.ValidTo);

    private static DateOnly? Max(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    private static DateOnly? Min(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : (a < b ? a : b);
}

/// <summary>
/// A quantity rule for one product, either for every customer (<see cref="CompanyId"/> null) or one customer's override.
/// Without a row, the product's pack size is both minimum and increment.
/// </summary>
public class QuantityRuleEntry
{
    private QuantityRuleEntry() { }

    public QuantityRuleEntry(int productId, int? companyId, decimal minimum, decimal increment, decimal? maximum)
    {
        ProductId = productId;
        CompanyId = companyId;
        Change(minimum, increment, maximum);
    }

    public int Id { get; private set; }

    public int ProductId { get; private set; }

    public int? CompanyId { get; private set; }

    public decimal Minimum { get; private set; }

    public decimal Increment { get; private set; }

    public decimal? Maximum { get; private set; }

    public QuantityRule ToRule() => new(Minimum, Increment, Maximum);

    public void Change(decimal minimum, decimal increment, decimal? maximum)
    {
        if (minimum <= 0)
        {
            throw new DomainException("A minimum order quantity is greater than zero.", nameof(Minimum));
        }

        if (increment <= 0)
        {
            throw new DomainException("An order increment (pack size) is greater than zero.", nameof(Increment));
        }

        if (maximum is { } max && max < minimum)
        {
            throw new DomainException("A maximum is at least the minimum order quantity.", nameof(Maximum));
        }

        Minimum = minimum;
        Increment = increment;
        Maximum = maximum;
    }
}
