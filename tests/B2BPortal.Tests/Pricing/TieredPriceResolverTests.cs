using B2BPortal.Domain.Pricing;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Pricing;

/// <summary>The resolution rule (docs/pricing.md) against real SQLite and PostgreSQL databases.</summary>
public sealed class TieredPriceResolverTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Contract_beats_customer_beats_group_beats_base_whatever_the_priorities(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await w.ListAsync("BASE", PriceListLevel.Base, 999, "EUR", [("P-1", 1, 90), ("P-2", 1, 90), ("P-3", 1, 90), ("P-4", 1, 90)]);
        await w.ListAsync("GRP", PriceListLevel.Group, 500, "EUR", [("P-1", 1, 80), ("P-2", 1, 80), ("P-3", 1, 80)], group: w.GroupG);
        await w.ListAsync("CUST", PriceListLevel.Customer, 100, "EUR", [("P-1", 1, 85), ("P-2", 1, 85)], company: w.C1);
        await w.ListAsync("CONTRACT", PriceListLevel.Contract, 0, "EUR", [("P-1", 1, 95)], company: w.C1);

        var prices = await w.ResolveAsync(w.C1, Today, ("P-1", 1), ("P-2", 1), ("P-3", 1), ("P-4", 1), ("P-5", 1));

        Assert.Equal(95, prices[w.Products["P-1"]].UnitPrice.Amount);
        Assert.StartsWith("Contract price", prices[w.Products["P-1"]].Source, StringComparison.Ordinal);
        Assert.Equal(85, prices[w.Products["P-2"]].UnitPrice.Amount);
        Assert.Equal(80, prices[w.Products["P-3"]].UnitPrice.Amount);
        Assert.Equal(90, prices[w.Products["P-4"]].UnitPrice.Amount);
        Assert.Equal(100, prices[w.Products["P-5"]].UnitPrice.Amount);
        Assert.Equal(PriceRules.ListPriceSource, prices[w.Products["P-5"]].Source);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Within_a_level_the_higher_priority_wins(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await w.ListAsync("LOW", PriceListLevel.Customer, 1, "EUR", [("P-1", 1, 70)], company: w.C1);
        await w.ListAsync("HIGH", PriceListLevel.Customer, 2, "EUR", [("P-1", 1, 75)], company: w.C1);

        Assert.Equal(75, (await w.PriceAsync(w.C1, "P-1", 1, Today))!.UnitPrice.Amount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_tier_is_the_greatest_minimum_quantity_not_above_the_quantity(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", [("P-1", 1, 10), ("P-1", 10, 9), ("P-1", 100, 8)]);

        Assert.Equal(10, (await w.PriceAsync(w.C1, "P-1", 9.99m, Today))!.UnitPrice.Amount);
        Assert.Equal(9, (await w.PriceAsync(w.C1, "P-1", 10, Today))!.UnitPrice.Amount);
        Assert.Equal(9, (await w.PriceAsync(w.C1, "P-1", 99, Today))!.UnitPrice.Amount);
        Assert.Equal(8, (await w.PriceAsync(w.C1, "P-1", 100, Today))!.UnitPrice.Amount);
        Assert.Equal(8, (await w.PriceAsync(w.C1, "P-1", 5000, Today))!.UnitPrice.Amount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_list_whose_lowest_tier_is_above_the_quantity_falls_through_to_the_next(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", [("P-1", 1, 10)]);
        await w.ListAsync("CONTRACT", PriceListLevel.Contract, 0, "EUR", [("P-1", 100, 7)], company: w.C1);

        Assert.Equal(10, (await w.PriceAsync(w.C1, "P-1", 99, Today))!.UnitPrice.Amount);
        Assert.Equal(7, (await w.PriceAsync(w.C1, "P-1", 100, Today))!.UnitPrice.Amount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task List_validity_includes_its_first_and_last_day_and_nothing_outside(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await w.ListAsync("CONTRACT", PriceListLevel.Contract, 0, "EUR", [("P-1", 1, 50)], company: w.C1,
            from: new DateOnly(2026, 3, 1), to: new DateOnly(2026, 3, 31));

        Assert.Equal(100, (await w.PriceAsync(w.C1, "P-1", 1, new DateOnly(2026, 2, 28)))!.UnitPrice.Amount);
        Assert.Equal(50, (await w.PriceAsync(w.C1, "P-1", 1, new DateOnly(2026, 3, 1)))!.UnitPrice.Amount);
        Assert.Equal(50, (await w.PriceAsync(w.C1, "P-1", 1, new DateOnly(2026, 3, 31)))!.UnitPrice.Amount);
        Assert.Equal(100, (await w.PriceAsync(w.C1, "P-1", 1, new DateOnly(2026, 4, 1)))!.UnitPrice.Amount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Assignment_validity_includes_its_first_and_last_day_and_nothing_outside(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await w.ListAsync("GRP", PriceListLevel.Group, 0, "EUR", [("P-1", 1, 60)], group: w.GroupG,
            assignedFrom: new DateOnly(2026, 7, 1), assignedTo: new DateOnly(2026, 7, 31));

        Assert.Equal(100, (await w.PriceAsync(w.C1, "P-1", 1, new DateOnly(2026, 6, 30)))!.UnitPrice.Amount);
        Assert.Equal(60, (await w.PriceAsync(w.C1, "P-1", 1, new DateOnly(2026, 7, 1)))!.UnitPrice.Amount);
        Assert.Equal(60, (await w.PriceAsync(w.C1, "P-1", 1, new DateOnly(2026, 7, 31)))!.UnitPrice.Amount);
        Assert.Equal(100, (await w.PriceAsync(w.C1, "P-1", 1, new DateOnly(2026, 8, 1)))!.UnitPrice.Amount);
        Assert.Equal(100, (await w.PriceAsync(w.C2, "P-1", 1, new DateOnly(2026, 7, 15)))!.UnitPrice.Amount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Another_customers_contract_never_prices_for_this_customer(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await w.ListAsync("C1-CONTRACT", PriceListLevel.Contract, 0, "EUR", [("P-1", 1, 42)], company: w.C1);

        Assert.Equal(42, (await w.PriceAsync(w.C1, "P-1", 1, Today))!.UnitPrice.Amount);
        Assert.Equal(100, (await w.PriceAsync(w.C2, "P-1", 1, Today))!.UnitPrice.Amount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_list_in_another_currency_does_not_apply_and_nothing_is_converted(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await w.ListAsync("BASE-CHF", PriceListLevel.Base, 0, "CHF", [("P-1", 1, 95)]);
        // Assigning it is refused today; the customer may still have switched currency in the ERP after the assignment.
        await w.ListAsync("CONTRACT-USD", PriceListLevel.Contract, 0, "USD", [("P-2", 1, 10)], company: w.C1);

        var eur = await w.PriceAsync(w.C1, "P-1", 1, Today);
        Assert.Equal(("EUR", 100m), (eur!.UnitPrice.Currency, eur.UnitPrice.Amount));
        Assert.Equal(100, (await w.PriceAsync(w.C1, "P-2", 1, Today))!.UnitPrice.Amount);

        var chf = await w.PriceAsync(w.Chf, "P-1", 1, Today);
        Assert.Equal(("CHF", 95m), (chf!.UnitPrice.Currency, chf.UnitPrice.Amount));

        // The ERP list price is in EUR: a CHF customer without a CHF list has no price at all.
        Assert.Null(await w.PriceAsync(w.Chf, "P-2", 1, Today));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Lowest_price_wins_for_a_customer_with_that_strategy_and_only_for_them(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", [("P-1", 1, 60)]);
        await w.ListAsync("C1-CONTRACT", PriceListLevel.Contract, 0, "EUR", [("P-1", 1, 70)], company: w.C1);
        await w.ListAsync("C2-CONTRACT", PriceListLevel.Contract, 0, "EUR", [("P-1", 1, 70)], company: w.C2);
        await using (var db = w.Context())
        {
            db.Add(new CustomerPricing(w.C1, PricingStrategy.LowestPrice));
            await db.SaveChangesAsync();
        }

        var c1 = await w.PriceAsync(w.C1, "P-1", 1, Today);
        Assert.Equal(60, c1!.UnitPrice.Amount);
        Assert.StartsWith("Base price", c1.Source, StringComparison.Ordinal);
        Assert.Equal(70, (await w.PriceAsync(w.C2, "P-1", 1, Today))!.UnitPrice.Amount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_thousand_line_cart_is_priced_with_the_same_few_queries_as_one_line(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider, products: 1000);
        var all = w.Products.Keys.ToArray();
        await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", all.Select(s => (s, 1m, 90m)).Concat(all.Select(s => (s, 10m, 85m))).ToArray());
        await w.ListAsync("GRP", PriceListLevel.Group, 0, "EUR", all.Take(500).Select(s => (s, 1m, 80m)).ToArray(), group: w.GroupG);
        await w.ListAsync("CUST", PriceListLevel.Customer, 0, "EUR", all.Take(300).Select(s => (s, 1m, 75m)).ToArray(), company: w.C1);

        w.Commands.Reset();
        var one = await w.ResolveAsync(w.C1, Today, ("P-1", 1));
        var oneLineCommands = w.Commands.Count;
        w.Commands.Reset();
        var cart = await w.ResolveAsync(w.C1, Today, all.Select(s => (s, 12m)).ToArray());

        Assert.Single(one);
        Assert.Equal(1000, cart.Count);
        Assert.Equal(oneLineCommands, w.Commands.Count);
        Assert.True(w.Commands.Count <= 3, $"{w.Commands.Count} queries for a 1,000-line cart");
        Assert.Equal(75, cart[w.Products["P-1"]].UnitPrice.Amount);
        Assert.Equal(80, cart[w.Products["P-400"]].UnitPrice.Amount);
        Assert.Equal(85, cart[w.Products["P-900"]].UnitPrice.Amount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_catalog_page_prices_the_products_it_has_read_as_a_one_unit_cart_would_in_two_queries(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider, products: 60);
        var all = w.Products.Keys.ToArray();
        await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", all.Take(40).Select(s => (s, 1m, 90m)).Concat(all.Take(40).Select(s => (s, 10m, 85m))).ToArray());
        await w.ListAsync("GRP", PriceListLevel.Group, 0, "EUR", all.Take(20).Select(s => (s, 1m, 80m)).ToArray(), group: w.GroupG);
        await w.ListAsync("CUST", PriceListLevel.Customer, 0, "EUR", all.Take(10).Select(s => (s, 5m, 75m)).ToArray(), company: w.C1);

        var page = await w.ResolveListedAsync(w.C1, Today, all);
        var queries = w.Commands.Count;
        var cart = await w.ResolveAsync(w.C1, Today, all.Select(s => (s, 1m)).ToArray());

        Assert.Equal(2, queries);
        Assert.Equal(60, page.Count);
        Assert.Equal(cart.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.UnitPrice, p.Value.Source)), page.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.UnitPrice, p.Value.Source)));
        Assert.Equal((80m, PriceRules.ListPriceSource), (page[w.Products["P-1"]].UnitPrice.Amount, page[w.Products["P-50"]].Source));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_trace_names_every_list_and_why_it_applied_or_not(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await w.ListAsync("BASE", PriceListLevel.Base, 0, "EUR", [("P-1", 1, 90), ("P-1", 10, 88)]);
        await w.ListAsync("BASE-USD", PriceListLevel.Base, 0, "USD", [("P-1", 1, 99)]);
        await w.ListAsync("GRP", PriceListLevel.Group, 0, "EUR", [("P-2", 1, 80)], group: w.GroupG);
        await w.ListAsync("NEXT-YEAR", PriceListLevel.Contract, 0, "EUR", [("P-1", 1, 70)], company: w.C1, from: new DateOnly(2027, 1, 1));
        await w.ListAsync("BIG", PriceListLevel.Customer, 0, "EUR", [("P-1", 100, 60)], company: w.C1);
        await w.ListAsync("OTHER-CUSTOMER", PriceListLevel.Contract, 0, "EUR", [("P-1", 1, 1)], company: w.C2);

        await using var db = w.Context();
        var trace = await new TieredPriceResolver(db).ExplainAsync(w.C1, w.Products["P-1"], 12, Today, CancellationToken.None);

        Assert.NotNull(trace);
        Assert.Equal(88, trace.Price!.UnitPrice.Amount);
        var verdicts = trace.Lists.ToDictionary(l => l.Code, l => l.Verdict);
        Assert.Equal(ListVerdict.Won, verdicts["BASE"]);
        Assert.Equal(ListVerdict.OtherCurrency, verdicts["BASE-USD"]);
        Assert.Equal(ListVerdict.NoPriceForProduct, verdicts["GRP"]);
        Assert.Equal(ListVerdict.NotValidOnDate, verdicts["NEXT-YEAR"]);
        Assert.Equal(ListVerdict.BelowLowestTier, verdicts["BIG"]);
        Assert.DoesNotContain("OTHER-CUSTOMER", verdicts.Keys);
        Assert.Contains("never converted", trace.Lists.Single(l => l.Code == "BASE-USD").Reason, StringComparison.Ordinal);
        Assert.Contains("tier from 10", trace.Lists.Single(l => l.Code == "BASE").Reason, StringComparison.Ordinal);

        var preview = await new TieredPriceResolver(db).ExplainAsync(w.C1, w.Products["P-1"], 12, new DateOnly(2027, 1, 1), CancellationToken.None);
        Assert.Equal(70, preview!.Price!.UnitPrice.Amount);
        Assert.Equal(ListVerdict.Won, preview.Lists.Single(l => l.Code == "NEXT-YEAR").Verdict);
        Assert.Contains("higher level", preview.Lists.Single(l => l.Code == "BASE").Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Quantity_rules_a_customers_override_beats_the_SKU_rule_which_beats_the_pack_size(DatabaseProvider provider)
    {
        await using var w = await PricingWorld.CreateAsync(provider);
        await using (var db = w.Context())
        {
            var p3 = await db.Products.SingleAsync(p => p.Id == w.Products["P-3"]);
            p3.SetPackSize(6);
            db.Add(new QuantityRuleEntry(w.Products["P-1"], null, 12, 12, null));
            db.Add(new QuantityRuleEntry(w.Products["P-1"], w.C1, 100, 50, 1000));
            await db.SaveChangesAsync();
        }

        await using var ctx = w.Context();
        var resolver = new TieredPriceResolver(ctx);
        var c1 = await resolver.ForAsync(w.C1, [w.Products["P-1"], w.Products["P-3"]], CancellationToken.None);
        var c2 = await resolver.ForAsync(w.C2, [w.Products["P-1"]], CancellationToken.None);

        Assert.Equal(new QuantityRule(100, 50, 1000), c1[w.Products["P-1"]]);
        Assert.Equal(new QuantityRule(12, 12, null), c2[w.Products["P-1"]]);
        Assert.Equal(new QuantityRule(6, 6, null), c1[w.Products["P-3"]]);
        Assert.Equal("Order in multiples of 50: 150 or 200.", c1[w.Products["P-1"]].Check(160).Message);
    }
}
