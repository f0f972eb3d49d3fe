using B2BPortal.Domain.Common;
using B2BPortal.Domain.Pricing;
using TechTalk.SpecFlow;

namespace B2BPortal.Specs.Steps.Pricing;

/// <summary>
/// The steps themselves: a Given that cannot build its world must fail the scenario. "Another customer's contract never
/// applies" would otherwise pass with C1's contract never assigned, proving nothing.
/// </summary>
public sealed class PricingStepsTests
{
    [Fact]
    public async Task A_Given_assignment_that_breaks_a_rule_fails_the_step_and_a_When_records_the_refusal()
    {
        await using var steps = new PricingSteps();
        await steps.GivenProducts(1);
        var tiers = new Table("sku", "from", "price");
        tiers.AddRow("P-1", "1", "10");
        await steps.GivenList(PriceListLevel.Contract, "DEAL-USD", "USD", 0, tiers);

        var failure = await Assert.ThrowsAsync<DomainException>(() => steps.GivenAssigned("DEAL-USD", "customer", "C1", null, null));
        Assert.Contains("is in USD, but the customer buys in EUR", failure.Message, StringComparison.Ordinal);

        await steps.WhenAssigned("DEAL-USD", "customer", "C1", null, null);
        steps.ThenRefused("is in USD, but the customer buys in EUR");
    }
}
