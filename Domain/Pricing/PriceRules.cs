using System.Globalization;
using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Pricing;

/// <summary>A price list that applies to a customer on a date (valid, assigned, in the customer's currency).</summary>
public sealed record ApplicableList(int Id, string Code, string Name, PriceListLevel Level, int Priority, string Currency);

/// <summary>One volume tier of one list for one product.</summary>
public readonly record struct Tier(int PriceListId, int ProductId, decimal MinQuantity, decimal UnitPrice);

/// <summary>What one list offers for one product and quantity: its tier with the greatest minimum quantity not above the quantity.</summary>
public sealed record Offer(ApplicableList List, Tier Tier);

/// <summary>
/// The price-resolution rule, written once (docs/pricing.md, specs/Features/Pricing). It works on lists that already
/// apply (valid on the date, assigned to the customer or its group, or Base; in the customer's currency):
/// <list type="number">
/// <item>each list offers the tier with the greatest minimum quantity not above the quantity, or nothing;</item>
/// <item>Precedence strategy: the offer of the highest level wins (Contract &gt; Customer &gt; Group &gt; Base), then the
/// highest priority, then the lower list code (so that a tie is still deterministic);</item>
/// <item>LowestPrice strategy: the lowest unit price wins, ties by precedence;</item>
/// <item>no offer: the ERP list price, only when it is in the customer's currency; otherwise the product has no price.</item>
/// </list>
/// </summary>
public static class PriceRules
{
    public static Tier? TierFor(IEnumerable<Tier> tiersOfOneList, decimal quantity)
    {
        Tier? best = null;
        foreach (var t in tiersOfOneList)
        {
            if (t.MinQuantity <= quantity && (best is null || t.MinQuantity > best.Value.MinQuantity))
            {
                best = t;
            }
        }

        return best;
    }

    /// <summary>Every list's offer for one product and quantity, best first under <paramref name="strategy"/>.</summary>
    public static List<Offer> Offers(IReadOnlyList<ApplicableList> lists, IReadOnlyList<Tier> tiersOfProduct, decimal quantity, PricingStrategy strategy)
    {
        var offers = new List<Offer>(lists.Count);
        foreach (var list in lists)
        {
            Tier? best = null;
            foreach (var t in tiersOfProduct)
            {
                if (t.PriceListId == list.Id && t.MinQuantity <= quantity && (best is null || t.MinQuantity > best.Value.MinQuantity))
                {
                    best = t;
                }
            }

            if (best is { } tier)
            {
                offers.Add(new Offer(list, tier));
            }
        }

        offers.Sort(strategy == PricingStrategy.LowestPrice ? ByPriceThenPrecedence : ByPrecedence);
        return offers;
    }

    /// <summary>The winning offer, without building the ranked list (the cart path: 1,000 products per call).</summary>
    public static Offer? Choose(IReadOnlyList<ApplicableList> lists, IReadOnlyList<Tier> tiersOfProduct, decimal quantity, PricingStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(tiersOfProduct);
        Offer? best = null;
        for (var l = 0; l < lists.Count; l++)
        {
            var list = lists[l];
            Tier? tier = null;
            for (var i = 0; i < tiersOfProduct.Count; i++)
            {
                var t = tiersOfProduct[i];
                if (t.PriceListId == list.Id && t.MinQuantity <= quantity && (tier is null || t.MinQuantity > tier.Value.MinQuantity))
                {
                    tier = t;
                }
            }

            if (tier is { } found)
            {
                var offer = new Offer(list, found);
                if (best is null || (strategy == PricingStrategy.LowestPrice ? ByPriceThenPrecedence(offer, best) : ByPrecedence(offer, best)) < 0)
                {
                    best = offer;
                }
            }
        }

        return best;
    }

    public static int ComparePrecedence(ApplicableList a, ApplicableList b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byLevel = b.Level.CompareTo(a.Level);
        if (byLevel != 0)
        {
            return byLevel;
        }

        var byPriority = b.Priority.CompareTo(a.Priority);
        return byPriority != 0 ? byPriority : string.CompareOrdinal(a.Code, b.Code);
    }

    /// <summary>Why <paramref name="winner"/> beat <paramref name="loser"/>, in words for the trace.</summary>
    public static string WhyBeaten(Offer winner, Offer loser, PricingStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(winner);
        ArgumentNullException.ThrowIfNull(loser);
        if (strategy == PricingStrategy.LowestPrice && winner.Tier.UnitPrice < loser.Tier.UnitPrice)
        {
            return $"{winner.List.Code} is cheaper ({Fmt(winner.Tier.UnitPrice)} < {Fmt(loser.Tier.UnitPrice)}; lowest price wins)";
        }

        var prefix = strategy == PricingStrategy.LowestPrice ? "same price; " : string.Empty;
        if (winner.List.Level != loser.List.Level)
        {
            return $"{prefix}{winner.List.Code} has a higher level ({winner.List.Level} > {loser.List.Level})";
        }

        return winner.List.Priority != loser.List.Priority
            ? $"{prefix}{winner.List.Code} has a higher priority ({winner.List.Priority} > {loser.List.Priority}) within {winner.List.Level}"
            : $"{prefix}same level and priority; {winner.List.Code} comes first by code";
    }

    /// <summary>The short reason a buyer sees next to a price.</summary>
    public static string Describe(Offer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var what = offer.List.Level switch
        {
            PriceListLevel.Contract => "Contract price",
            PriceListLevel.Customer => "Your customer price",
            PriceListLevel.Group => "Group price",
            _ => "Base price",
        };
        return offer.Tier.MinQuantity > 1
            ? $"{what} ({offer.List.Name}), tier from {Fmt(offer.Tier.MinQuantity)}"
            : $"{what} ({offer.List.Name})";
    }

    public const string ListPriceSource = "ERP list price";

    public static string Fmt(decimal d) => d.ToString("0.####", CultureInfo.InvariantCulture);

    private static int ByPrecedence(Offer a, Offer b) => ComparePrecedence(a.List, b.List);

    private static int ByPriceThenPrecedence(Offer a, Offer b)
    {
        var byPrice = a.Tier.UnitPrice.CompareTo(b.Tier.UnitPrice);
        return byPrice != 0 ? byPrice : ComparePrecedence(a.List, b.List);
    }
}

/// <summary>One step of the product page's tier table: from this quantity on, this unit price.</summary>
public sealed record PriceBreak(decimal FromQuantity, Money UnitPrice, string Source);

public enum ListVerdict
{
    Won,
    Beaten,
    NoPriceForProduct,
    BelowLowestTier,
    NotValidOnDate,
    NotAssignedOnDate,
    OtherCurrency,
}

/// <summary>One list in the trace and why it did or did not set the price.</summary>
public sealed record ConsideredList(
    int Id,
    string Code,
    string Name,
    PriceListLevel Level,
    int Priority,
    string Currency,
    string Validity,
    string Via,
    ListVerdict Verdict,
    string Reason,
    decimal? TierMinQuantity,
    decimal? UnitPrice);

/// <summary>
/// "Why this price": the full trace for staff (every list considered and why it applied or not, the tier, the rule),
/// and <see cref="ShortReason"/> for buyers.
/// </summary>
public sealed record PriceExplanation(
    int CompanyId,
    string CompanyName,
    string Currency,
    PricingStrategy Strategy,
    int ProductId,
    string Sku,
    decimal Quantity,
    DateOnly Date,
    ResolvedPrice? Price,
    IReadOnlyList<ConsideredList> Lists,
    string Rule,
    IReadOnlyList<PriceBreak> Breaks)
{
    public string ShortReason => Price is null ? "No price for your account: ask your sales rep." : Price.Source;
}
