using B2BPortal.Portal.Infrastructure.DemoData;

namespace B2BPortal.Tests.Catalog;

/// <summary>The demo and perf catalogs name each product after one item of its category, in correct English.</summary>
public sealed class DemoCatalogNamesTests
{
    [Theory]
    [InlineData("Batteries", "Battery")]
    [InlineData("Wrenches", "Wrench")]
    [InlineData("Switches", "Switch")]
    [InlineData("Utility Knives", "Utility Knife")]
    [InlineData("Gloves", "Glove")]
    [InlineData("Hi-Vis Vests", "Hi-Vis Vest")]
    [InlineData("Pliers", "Pliers")]
    [InlineData("Safety Glasses", "Safety Glasses")]
    [InlineData("Measuring Tapes", "Measuring Tape")]
    [InlineData("Cable Ties", "Cable Tie")]
    [InlineData("Fuses", "Fuse")]
    [InlineData("Hearing Protection", "Hearing Protection")]
    [InlineData("Copy Paper", "Copy Paper")]
    [InlineData("Hand Soap", "Hand Soap")]
    public void A_leaf_category_names_one_item_of_it(string leaf, string noun) =>
        Assert.Equal(noun, DemoCatalogGenerator.Singular(leaf));

    [Fact]
    public void Every_generated_product_name_carries_a_real_word_for_its_category()
    {
        var random = new Random(7);
        var wrong = new[] { "Batterie ", "Wrenche ", "Switche ", "Knive ", "Glasse ", "Plier " };
        foreach (var (_, leaves) in DemoCatalogGenerator.Tree)
        {
            foreach (var leaf in leaves)
            {
                var name = DemoCatalogGenerator.Product(1, 1, leaf, random).Name;

                Assert.Contains(DemoCatalogGenerator.Singular(leaf), name, StringComparison.Ordinal);
                Assert.DoesNotContain(wrong, w => name.Contains(w, StringComparison.Ordinal));
            }
        }
    }
}
