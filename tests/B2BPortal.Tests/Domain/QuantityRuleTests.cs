using B2BPortal.Domain.Pricing;

namespace B2BPortal.Tests.Domain;

public sealed class QuantityRuleTests
{
    private static readonly QuantityRule PackOf12 = new(12, 12, null);

    [Theory]
    [InlineData(12)]
    [InlineData(48)]
    [InlineData(120)]
    public void Multiples_of_the_pack_are_valid(decimal quantity) => Assert.True(PackOf12.Check(quantity).IsValid);

    [Fact]
    public void A_quantity_between_packs_names_the_two_nearest_valid_quantities()
    {
        var check = PackOf12.Check(50);

        Assert.False(check.IsValid);
        Assert.Equal("Order in multiples of 12: 48 or 60.", check.Message);
        Assert.Equal(48, check.SuggestedLower);
        Assert.Equal(60, check.SuggestedUpper);
    }

    [Fact]
    public void Below_the_minimum_names_the_minimum()
    {
        var check = new QuantityRule(24, 12, null).Check(12);

        Assert.Equal("The minimum order quantity is 24.", check.Message);
        Assert.Equal(24, check.SuggestedLower);
    }

    [Fact]
    public void Above_the_maximum_names_the_largest_valid_quantity()
    {
        var check = new QuantityRule(10, 5, 102).Check(110);

        Assert.False(check.IsValid);
        Assert.Equal(100, check.SuggestedLower);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Zero_and_negative_quantities_are_refused(decimal quantity) => Assert.False(QuantityRule.AnyPositive.Check(quantity).IsValid);
}
