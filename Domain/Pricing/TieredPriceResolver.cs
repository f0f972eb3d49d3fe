using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Pricing;

/// <summary>
/// Prices lines from the tiered price lists (<see cref="PriceRules"/>), set-based: per call one query for the customer
/// with the lists that apply on the date, one for the products' ERP list prices (none when the caller has them) and one
/// for the tiers of all requested products in those lists — the same three queries for 1 line or 1,000.
/// Also answers the quantity rules (per product, overridden per customer) and "why this price".
/// </summary>
public sealed class TieredPriceResolver(PortalDbContext db) : IPriceResolver, IQuantityRules
{
    private sealed record Customer(int Id, string Name, string Currency, PricingStrategy Strategy);

    private sealed record ProductPrice(int Id, string Sku, decimal ListPrice, string ListCurrency, string Unit);

    /// <summary>Lines of the same product are priced together, at their total quantity (a cart's volume counts once).</summary>
    public async Task<IReadOnlyDictionary<int, ResolvedPrice>> ResolveAsync(int companyId, IReadOnlyCollection<PriceRequest> lines, DateOnly date, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return new Dictionary<int, ResolvedPrice>();
        }

        var quantities = new Dictionary<int, decimal>();
        foreach (var line in lines)
        {
            quantities[line.ProductId] = quantities.GetValueOrDefault(line.ProductId) + line.Quantity;
        }

        return await PriceAsync(companyId, quantities, date, () => ProductsAsync(quantities.Keys.ToList(), ct), ct);
    }

    public Task<IReadOnlyDictionary<int, ResolvedPrice>> ResolveListedAsync(int companyId, IReadOnlyCollection<ListedProduct> products, DateOnly date, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(products);
        var known = new Dictionary<int, ProductPrice>();
        foreach (var p in products)
        {
            known[p.ProductId] = new ProductPrice(p.ProductId, p.Sku, p.ListPrice.Amount, p.ListPrice.Currency, p.UnitOfMeasure);
        }

        return known.Count == 0
            ? Task.FromResult<IReadOnlyDictionary<int, ResolvedPrice>>(new Dictionary<int, ResolvedPrice>())
            : PriceAsync(companyId, known.Keys.ToDictionary(id => id, _ => 1m), date, () => Task.FromResult(known), ct);
    }

    private async Task<IReadOnlyDictionary<int, ResolvedPrice>> PriceAsync(
        int companyId, Dictionary<int, decimal> quantities, DateOnly date, Func<Task<Dictionary<int, ProductPrice>>> productsOf, CancellationToken ct)
    {
        var result = new Dictionary<int, ResolvedPrice>();
        var (customer, lists) = await CustomerWithListsAsync(companyId, date, ct);
        if (customer is null)
        {
            return result;
        }

        var products = await productsOf();
        var tiers = await TiersAsync(lists, products, quantities.Values.Max(), ct);
        foreach (var (productId, quantity) in quantities)
        {
            if (!products.TryGetValue(productId, out var product))
            {
                continue;
            }

            var price = Resolve(customer, lists, tiers.TryGetValue(productId, out var own) ? own : [], product, quantity);
            if (price is not null)
            {
                result[productId] = price;
            }
        }

        return result;
    }

    public async Task<IReadOnlyDictionary<int, QuantityRule>> ForAsync(int companyId, IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(productIds);
        var ids = productIds.Distinct().ToList();
        var packSizes = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.PackSize }).ToListAsync(ct);
        var rules = await db.Set<QuantityRuleEntry>().AsNoTracking()
            .Where(r => ids.Contains(r.ProductId) && (r.CompanyId == companyId || r.CompanyId == null))
            .ToListAsync(ct);

        // A customer's own rule beats the product's general rule, which beats the pack size.
        var byProduct = rules.ToLookup(r => r.ProductId);
        return packSizes.ToDictionary(
            p => p.Id,
            p => (byProduct[p.Id].FirstOrDefault(r => r.CompanyId == companyId) ?? byProduct[p.Id].FirstOrDefault(r => r.CompanyId == null))?.ToRule()
                ?? new QuantityRule(p.PackSize, p.PackSize, null));
    }

    /// <summary>The tier table of one product for a customer: each quantity from which the resolved unit price changes.</summary>
    public async Task<IReadOnlyList<PriceBreak>> BreaksAsync(int companyId, int productId, DateOnly date, CancellationToken ct)
    {
        var (customer, lists) = await CustomerWithListsAsync(companyId, date, ct);
        if (customer is null)
        {
            return [];
        }

        var products = await ProductsAsync([productId], ct);
        var tiers = (await TiersAsync(lists, products, null, ct)).GetValueOrDefault(productId) ?? [];
        return products.TryGetValue(productId, out var product) ? Breaks(customer, lists, tiers, product) : [];
    }

    /// <summary>
    /// The full trace for one customer, product, quantity and date: every Base list and every list assigned to the customer
    /// or one of its groups (other customers' lists are never shown), each with why it applied or not.
    /// </summary>
    public async Task<PriceExplanation?> ExplainAsync(int companyId, int productId, decimal quantity, DateOnly date, CancellationToken ct)
    {
        var customer = await CustomerAsync(companyId, ct);
        var product = (await ProductsAsync([productId], ct)).GetValueOrDefault(productId);
        if (customer is null || product is null)
        {
            return null;
        }

        var groups = await db.Set<CustomerGroupMember>().Where(m => m.CompanyId == companyId)
            .Join(db.Set<CustomerGroup>(), m => m.GroupId, g => g.Id, (m, g) => new { g.Id, g.Code })
            .ToDictionaryAsync(g => g.Id, g => g.Code, ct);
        var groupIds = groups.Keys.ToList();
        var candidates = await db.Set<PriceList>().AsNoTracking()
            .Where(l => l.Level == PriceListLevel.Base || db.Set<PriceListAssignment>().Any(a => a.PriceListId == l.Id && (a.CompanyId == companyId || (a.GroupId != null && groupIds.Contains(a.GroupId.Value)))))
            .Select(l => new { l.Id, l.Code, l.Name, l.Level, l.Priority, l.Currency, l.ValidFrom, l.ValidTo })
            .ToListAsync(ct);
        var candidateIds = candidates.Select(c => c.Id).ToList();
        var assignments = await db.Set<PriceListAssignment>().AsNoTracking()
            .Where(a => candidateIds.Contains(a.PriceListId) && (a.CompanyId == companyId || (a.GroupId != null && groupIds.Contains(a.GroupId.Value))))
            .ToListAsync(ct);
        var allTiers = await db.Set<PriceListEntry>().AsNoTracking()
            .Where(e => candidateIds.Contains(e.PriceListId) && e.ProductId == productId)
            .Join(db.Products, e => e.ProductId, p => p.Id, (e, p) => new { e, p.UnitOfMeasure })
            .Where(x => x.e.UnitOfMeasure == null || x.e.UnitOfMeasure == x.UnitOfMeasure)
            .Select(x => new Tier(x.e.PriceListId, x.e.ProductId, x.e.MinQuantity, x.e.UnitPrice))
            .ToListAsync(ct);

        var applicable = new List<ApplicableList>();
        var verdicts = new Dictionary<int, (ListVerdict Verdict, string Reason, string Via)>();
        foreach (var c in candidates.OrderByDescending(c => c.Level).ThenByDescending(c => c.Priority).ThenBy(c => c.Code, StringComparer.Ordinal))
        {
            var mine = assignments.Where(a => a.PriceListId == c.Id).ToList();
            var via = c.Level == PriceListLevel.Base
                ? "Base list: applies to every customer in its currency"
                : string.Join("; ", mine.Select(a => (a.CompanyId is not null ? "assigned to the customer" : $"assigned to group {groups[a.GroupId!.Value]}") + $" ({Validity.Describe(a.ValidFrom, a.ValidTo)})"));
            if (!Validity.Contains(c.ValidFrom, c.ValidTo, date))
            {
                verdicts[c.Id] = (ListVerdict.NotValidOnDate, $"Not valid on {date:yyyy-MM-dd}: the list is valid {Validity.Describe(c.ValidFrom, c.ValidTo)} (both days inclusive).", via);
            }
            else if (c.Level != PriceListLevel.Base && !mine.Exists(a => a.IsValidOn(date)))
            {
                verdicts[c.Id] = (ListVerdict.NotAssignedOnDate, $"Its assignment is not valid on {date:yyyy-MM-dd}.", via);
            }
            else if (!string.Equals(c.Currency, customer.Currency, StringComparison.Ordinal))
            {
                verdicts[c.Id] = (ListVerdict.OtherCurrency, $"Priced in {c.Currency}; {customer.Name} buys in {customer.Currency}. Currencies are never converted, so this list does not apply.", via);
            }
            else
            {
                var list = new ApplicableList(c.Id, c.Code, c.Name, c.Level, c.Priority, c.Currency);
                var own = allTiers.Where(t => t.PriceListId == c.Id).ToList();
                if (own.Count == 0)
                {
                    verdicts[c.Id] = (ListVerdict.NoPriceForProduct, $"Applies, but has no price for {product.Sku}.", via);
                }
                else if (PriceRules.TierFor(own, quantity) is null)
                {
                    verdicts[c.Id] = (ListVerdict.BelowLowestTier, $"Applies, but its lowest tier starts at {PriceRules.Fmt(own.Min(t => t.MinQuantity))}; {PriceRules.Fmt(quantity)} is below it.", via);
                }
                else
                {
                    applicable.Add(list);
                    verdicts[c.Id] = (ListVerdict.Beaten, string.Empty, via);
                }
            }
        }

        var offers = PriceRules.Offers(applicable, allTiers, quantity, customer.Strategy);
        var considered = new List<ConsideredList>();
        foreach (var c in candidates.OrderByDescending(c => c.Level).ThenByDescending(c => c.Priority).ThenBy(c => c.Code, StringComparer.Ordinal))
        {
            var (verdict, reason, via) = verdicts[c.Id];
            var offer = offers.Find(o => o.List.Id == c.Id);
            if (offer is not null)
            {
                verdict = offer == offers[0] ? ListVerdict.Won : ListVerdict.Beaten;
                reason = offer == offers[0]
                    ? $"Wins: tier from {PriceRules.Fmt(offer.Tier.MinQuantity)} at {PriceRules.Fmt(offer.Tier.UnitPrice)} {c.Currency}."
                    : $"Offers {PriceRules.Fmt(offer.Tier.UnitPrice)} {c.Currency} (tier from {PriceRules.Fmt(offer.Tier.MinQuantity)}), but {PriceRules.WhyBeaten(offers[0], offer, customer.Strategy)}.";
            }

            considered.Add(new ConsideredList(c.Id, c.Code, c.Name, c.Level, c.Priority, c.Currency, Validity.Describe(c.ValidFrom, c.ValidTo), via,
                verdict, reason, offer?.Tier.MinQuantity, offer?.Tier.UnitPrice));
        }

        var price = Resolve(customer, applicable, allTiers, product, quantity);
        var rule = offers.Count > 0
            ? customer.Strategy == PricingStrategy.LowestPrice
                ? $"Lowest price wins (this customer's strategy): {offers[0].List.Code} offers the lowest unit price among {offers.Count} list(s)."
                : $"Precedence (Contract > Customer > Group > Base, then priority): {offers[0].List.Code} is the highest of {offers.Count} list(s) offering a price."
            : price is not null
                ? $"No price list offers {product.Sku} at quantity {PriceRules.Fmt(quantity)}: the ERP list price applies (it is in {customer.Currency})."
                : $"No price list offers {product.Sku} at quantity {PriceRules.Fmt(quantity)}, and the ERP list price is in {product.ListCurrency}, not {customer.Currency}: no price.";

        return new PriceExplanation(customer.Id, customer.Name, customer.Currency, customer.Strategy, product.Id, product.Sku, quantity, date,
            price, considered, rule, Breaks(customer, ApplicableForBreaks(), allTiers, product));

        // The tier table covers every list that applies on the date, whatever the quantity asked about.
        List<ApplicableList> ApplicableForBreaks() => candidates
            .Where(c => verdicts[c.Id].Verdict is ListVerdict.Beaten or ListVerdict.BelowLowestTier)
            .Select(c => new ApplicableList(c.Id, c.Code, c.Name, c.Level, c.Priority, c.Currency))
            .ToList();
    }

    private static ResolvedPrice? Resolve(Customer customer, IReadOnlyList<ApplicableList> lists, IReadOnlyList<Tier> tiers, ProductPrice product, decimal quantity)
    {
        var offer = PriceRules.Choose(lists, tiers, quantity, customer.Strategy);
        if (offer is not null)
        {
            return new ResolvedPrice(product.Id, quantity, new Money(offer.Tier.UnitPrice, offer.List.Currency), PriceRules.Describe(offer));
        }

        return string.Equals(product.ListCurrency, customer.Currency, StringComparison.Ordinal) && product.ListPrice > 0
            ? new ResolvedPrice(product.Id, quantity, new Money(product.ListPrice, product.ListCurrency), PriceRules.ListPriceSource)
            : null;
    }

    private static List<PriceBreak> Breaks(Customer customer, IReadOnlyList<ApplicableList> lists, IReadOnlyList<Tier> tiers, ProductPrice product)
    {
        var points = tiers.Where(t => lists.Any(l => l.Id == t.PriceListId)).Select(t => t.MinQuantity).Append(1m).Distinct().Order();
        var breaks = new List<PriceBreak>();
        foreach (var q in points)
        {
            var price = Resolve(customer, lists, tiers, product, q);
            if (price is not null && (breaks.Count == 0 || breaks[^1].UnitPrice != price.UnitPrice || breaks[^1].Source != price.Source))
            {
                breaks.Add(new PriceBreak(q, price.UnitPrice, price.Source));
            }
        }

        return breaks;
    }

    private Task<Customer?> CustomerAsync(int companyId, CancellationToken ct) =>
        db.Set<CustomerCompany>().AsNoTracking().Where(c => c.Id == companyId)
            .Select(c => new Customer(c.Id, c.Name, c.Currency,
                db.Set<CustomerPricing>().Where(p => p.CompanyId == c.Id).Select(p => (PricingStrategy?)p.Strategy).FirstOrDefault() ?? PricingStrategy.Precedence))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// The customer with the lists that apply to it on the date, in one query: lists valid on the date, in the customer's
    /// currency, that are Base or assigned (validly on the date) to it or one of its groups.
    /// </summary>
    private async Task<(Customer? Customer, List<ApplicableList> Lists)> CustomerWithListsAsync(int companyId, DateOnly date, CancellationToken ct)
    {
        var row = await CustomerWithListsQuery.For(db)(db, companyId, date, ct);
        return row is null ? (null, []) : (new Customer(row.Id, row.Name, row.Currency, row.Strategy), row.Lists);
    }

    private sealed record CustomerWithLists(int Id, string Name, string Currency, PricingStrategy Strategy, List<ApplicableList> Lists);

    // Pricing runs on every catalog page, product page and cart: its queries are compiled once (EF.CompileAsyncQuery), so
    // a call binds parameters and runs the SQL instead of building, hashing and looking up the LINQ expression each time.
    //
    // The lists assigned on the date to the customer or to one of its groups are two index lookups (an OR of the two
    // would scan every assignment): the database then reads those lists and the Base lists by their keys.
    private static readonly CompiledQuery<Func<PortalDbContext, int, DateOnly, CancellationToken, Task<CustomerWithLists?>>> CustomerWithListsQuery = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, int companyId, DateOnly date, CancellationToken ct) =>
            db.Set<CustomerCompany>().AsNoTracking().Where(c => c.Id == companyId)
                .Select(c => new CustomerWithLists(
                    c.Id,
                    c.Name,
                    c.Currency,
                    db.Set<CustomerPricing>().Where(p => p.CompanyId == c.Id).Select(p => (PricingStrategy?)p.Strategy).FirstOrDefault() ?? PricingStrategy.Precedence,
                    db.Set<PriceList>()
                        .Where(l => l.Currency == c.Currency
                            && (l.ValidFrom == null || l.ValidFrom <= date)
                            && (l.ValidTo == null || l.ValidTo >= date)
                            && (l.Level == PriceListLevel.Base
                                || db.Set<PriceListAssignment>()
                                    .Where(a => (a.ValidFrom == null || a.ValidFrom <= date) && (a.ValidTo == null || a.ValidTo >= date) && a.CompanyId == companyId)
                                    .Select(a => a.PriceListId)
                                    .Concat(db.Set<PriceListAssignment>()
                                        .Where(a => (a.ValidFrom == null || a.ValidFrom <= date) && (a.ValidTo == null || a.ValidTo >= date)
                                            && db.Set<CustomerGroupMember>().Where(m => m.CompanyId == companyId).Select(m => (int?)m.GroupId).Contains(a.GroupId))
                                        .Select(a => a.PriceListId))
                                    .Contains(l.Id)))
                        .Select(l => new ApplicableList(l.Id, l.Code, l.Name, l.Level, l.Priority, l.Currency))
                        .ToList()))
                .FirstOrDefault()));

    private static readonly CompiledQuery<Func<PortalDbContext, List<int>, IAsyncEnumerable<ProductPrice>>> ProductsQuery = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, List<int> productIds) =>
            db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
                .Select(p => new ProductPrice(p.Id, p.Sku, p.ListPrice.Amount, p.ListPrice.Currency, p.UnitOfMeasure))));

    private sealed record TierRow(int PriceListId, int ProductId, decimal MinQuantity, decimal UnitPrice, string? UnitOfMeasure);

    private static readonly CompiledQuery<Func<PortalDbContext, List<int>, List<int>, IAsyncEnumerable<TierRow>>> TiersQuery = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, List<int> listIds, List<int> productIds) =>
            db.Set<PriceListEntry>().AsNoTracking()
                .Where(e => listIds.Contains(e.PriceListId) && productIds.Contains(e.ProductId))
                .Select(e => new TierRow(e.PriceListId, e.ProductId, e.MinQuantity, e.UnitPrice, e.UnitOfMeasure))));

    private static readonly CompiledQuery<Func<PortalDbContext, List<int>, List<int>, decimal, IAsyncEnumerable<TierRow>>> TiersUpToQuery = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, List<int> listIds, List<int> productIds, decimal maxQuantity) =>
            db.Set<PriceListEntry>().AsNoTracking()
                .Where(e => listIds.Contains(e.PriceListId) && productIds.Contains(e.ProductId) && e.MinQuantity <= maxQuantity)
                .Select(e => new TierRow(e.PriceListId, e.ProductId, e.MinQuantity, e.UnitPrice, e.UnitOfMeasure))));

    /// <summary>
    /// Tiers of the given lists for the given products, in each product's own unit (or for no particular unit).
    /// The unit is compared here rather than by joining Products in SQL: the products are already loaded.
    /// </summary>
    private async Task<Dictionary<int, List<Tier>>> TiersAsync(List<ApplicableList> lists, Dictionary<int, ProductPrice> products, decimal? maxQuantity, CancellationToken ct)
    {
        var byProduct = new Dictionary<int, List<Tier>>();
        if (lists.Count == 0 || products.Count == 0)
        {
            return byProduct;
        }

        var listIds = lists.Select(l => l.Id).ToList();
        var productIds = products.Keys.ToList();

        // The id lists are one array/JSON parameter each, not one parameter per product: the statement text stays the same
        // for any cart, so the database does not parse a 1,000-parameter statement on every call.
        var rows = maxQuantity is { } max ? TiersUpToQuery.For(db)(db, listIds, productIds, max) : TiersQuery.For(db)(db, listIds, productIds);
        await foreach (var r in rows.WithCancellation(ct))
        {
            if (r.UnitOfMeasure is null || r.UnitOfMeasure == products[r.ProductId].Unit)
            {
                if (!byProduct.TryGetValue(r.ProductId, out var list))
                {
                    byProduct[r.ProductId] = list = new List<Tier>(4);
                }

                list.Add(new Tier(r.PriceListId, r.ProductId, r.MinQuantity, r.UnitPrice));
            }
        }

        return byProduct;
    }

    private async Task<Dictionary<int, ProductPrice>> ProductsAsync(List<int> productIds, CancellationToken ct)
    {
        var products = new Dictionary<int, ProductPrice>(productIds.Count);
        await foreach (var p in ProductsQuery.For(db)(db, productIds).WithCancellation(ct))
        {
            products[p.Id] = p;
        }

        return products;
    }
}
