using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Infrastructure.DemoData;

/// <summary>
/// Price lists for the demo and perf sets, so companies see different prices (docs/pricing.md, "Demo data"):
/// a EUR base list with volume tiers for every product, a small USD base list (shown as "other currency" in traces),
/// a Resellers group list for Borealis and Contoso, Acme's contract for this year and next year's contract (to preview),
/// a customer list for Contoso (which takes the lowest price), and quantity rules for fasteners.
/// The perf set adds lists up to 1,000, with C10000 having five that apply (the pricing benchmark's customer).
/// </summary>
internal static class DemoPricingSeeder
{
    public static async Task SeedAsync(PortalDbContext db, DemoDataSize size, DateOnly today, CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Sku, Price = p.ListPrice.Amount, Top = db.Categories.Where(c => c.Id == p.CategoryId).Select(c => c.ParentId).First() })
            .ToListAsync(ct);
        var tops = await db.Categories.AsNoTracking().Where(c => c.ParentId == null).ToDictionaryAsync(c => c.Name, c => c.Id, ct);
        var companies = await db.Companies.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.ErpCustomerNumber }).ToListAsync(ct);
        var acme = companies.Single(c => c.ErpCustomerNumber == "C10000").Id;
        var borealis = companies.Single(c => c.ErpCustomerNumber == "C20000").Id;
        var contoso = companies.Single(c => c.ErpCustomerNumber == "C30000").Id;
        var yearStart = new DateOnly(today.Year, 1, 1);
        var yearEnd = new DateOnly(today.Year, 12, 31);
        static decimal Off(decimal price, decimal percent) => Math.Max(0.01m, decimal.Round(price * (100 - percent) / 100, 2));

        async Task<PriceList> SaveAsync(PriceList list)
        {
            db.Set<PriceList>().Add(list);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            return list;
        }

        // Base: the list price from 1, 5 % off from 10, 10 % off from 50.
        var baseList = new PriceList("BASE-EUR", "Standard prices", "EUR", PriceListLevel.Base, 0, null, null);
        foreach (var p in products)
        {
            baseList.SetTier(p.Id, 1, Math.Max(0.01m, p.Price), null);
            baseList.SetTier(p.Id, 10, Off(p.Price, 5), null);
            baseList.SetTier(p.Id, 50, Off(p.Price, 10), null);
        }

        await SaveAsync(baseList);

        var usd = new PriceList("BASE-USD", "Export prices (USD)", "USD", PriceListLevel.Base, 0, null, null);
        foreach (var p in products.Take(200))
        {
            usd.SetTier(p.Id, 1, decimal.Round(p.Price * 1.1m, 2) + 0.01m, null);
        }

        await SaveAsync(usd);

        // Group: resellers get 12 % off every other product, 15 % from 100.
        var resellers = new CustomerGroup("RESELLERS", "Resellers");
        resellers.Add(borealis);
        resellers.Add(contoso);
        db.Set<CustomerGroup>().Add(resellers);
        await db.SaveChangesAsync(ct);
        var groupList = new PriceList("GRP-RESELLER", "Reseller prices", "EUR", PriceListLevel.Group, 10, null, null);
        foreach (var p in products.Where(p => p.Id % 2 == 0))
        {
            groupList.SetTier(p.Id, 1, Off(p.Price, 12), null);
            groupList.SetTier(p.Id, 100, Off(p.Price, 15), null);
        }

        await SaveAsync(groupList);
        db.Set<PriceListAssignment>().Add(PriceListAssignment.Create(groupList, null, resellers.Id, null, null, []));

        // Contract: Acme's negotiated fastener and hand-tool prices for this year, and next year's (future preview).
        var acmeTops = new[] { tops["Fasteners"], tops["Hand Tools"] };
        var contract = new PriceList("ACME-" + today.Year, $"Acme contract {today.Year}", "EUR", PriceListLevel.Contract, 10, yearStart, yearEnd);
        var nextContract = new PriceList("ACME-" + (today.Year + 1), $"Acme contract {today.Year + 1}", "EUR", PriceListLevel.Contract, 10, yearStart.AddYears(1), yearEnd.AddYears(1));
        foreach (var p in products.Where(p => p.Top is { } top && acmeTops.Contains(top)))
        {
            contract.SetTier(p.Id, 1, Off(p.Price, 20), null);
            contract.SetTier(p.Id, 100, Off(p.Price, 25), null);
            nextContract.SetTier(p.Id, 1, Off(p.Price, 22), null);
        }

        await SaveAsync(contract);
        await SaveAsync(nextContract);
        db.Set<PriceListAssignment>().Add(PriceListAssignment.Create(contract, acme, null, null, null, []));
        db.Set<PriceListAssignment>().Add(PriceListAssignment.Create(nextContract, acme, null, null, null, []));

        // Customer: Contoso's own list, dearer than the reseller list on some items; Contoso takes the lowest price.
        var contosoList = new PriceList("CUST-C30000", "Contoso prices", "EUR", PriceListLevel.Customer, 10, null, null);
        foreach (var p in products.Where(p => p.Id % 3 == 0))
        {
            contosoList.SetTier(p.Id, 1, Off(p.Price, 8), null);
        }

        await SaveAsync(contosoList);
        db.Set<PriceListAssignment>().Add(PriceListAssignment.Create(contosoList, contoso, null, null, null, []));
        db.Set<CustomerPricing>().Add(new CustomerPricing(contoso, PricingStrategy.LowestPrice));

        // Quantity rules: fasteners in boxes of 10 (minimum 10); Acme orders its first fasteners in cartons of 50 (minimum 100).
        var fasteners = products.Where(p => p.Top == tops["Fasteners"]).ToList();
        foreach (var p in fasteners)
        {
            db.Set<QuantityRuleEntry>().Add(new QuantityRuleEntry(p.Id, null, 10, 10, null));
        }

        foreach (var p in fasteners.Take(5))
        {
            db.Set<QuantityRuleEntry>().Add(new QuantityRuleEntry(p.Id, acme, 100, 50, 5000));
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        if (size.ExtraCompanies > 0)
        {
            await SeedPerfListsAsync(db, products.Select(p => (p.Id, p.Price)).ToList(), companies.Select(c => c.Id).ToList(), acme, ct);
        }
    }

    /// <summary>
    /// Up to 1,000 lists in all: 20 more group lists (25 companies each), and a Customer list for every company and Contract lists for most, up to 1,000 lists.
    /// Acme is in two groups and has its own customer list, so five lists apply to it: BASE-EUR, two group lists,
    /// its contract and its customer list.
    /// </summary>
    private static async Task SeedPerfListsAsync(PortalDbContext db, List<(int Id, decimal Price)> products, List<int> companies, int acme, CancellationToken ct)
    {
        const int groupCount = 20;
        var random = new Random(1000);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            for (var g = 0; g < groupCount; g++)
            {
                var group = new CustomerGroup($"PERF-G{g:D2}", $"Perf group {g:D2}");
                foreach (var companyId in companies.Where((_, i) => i % groupCount == g).Take(25))
                {
                    group.Add(companyId);
                }

                if (g < 2)
                {
                    group.Add(acme);
                }

                db.Set<CustomerGroup>().Add(group);
                var list = new PriceList($"PERF-GRP-{g:D2}", $"Perf group list {g:D2}", "EUR", PriceListLevel.Group, 20 + g, null, null);
                foreach (var (id, price) in products.Where((_, i) => i % groupCount == g || i < 2000))
                {
                    list.SetTier(id, 1, decimal.Round(Math.Max(0.02m, price) * 0.9m, 2), null);
                    list.SetTier(id, 25, decimal.Round(Math.Max(0.02m, price) * 0.85m, 2), null);
                }

                db.Set<PriceList>().Add(list);
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                db.Set<PriceListAssignment>().Add(PriceListAssignment.Create(list, null, group.Id, null, null, []));
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            // One Customer list per company, then Contract lists until there are 1,000 lists (Acme gets no second one).
            var existing = await db.Set<PriceList>().CountAsync(ct);
            var others = companies.Where(c => c != acme).ToList();
            var plan = new List<(int CompanyId, PriceListLevel Level)> { (acme, PriceListLevel.Customer) };
            plan.AddRange(others.Select(c => (c, PriceListLevel.Customer)));
            plan.AddRange(others.Select(c => (c, PriceListLevel.Contract)));
            plan = plan.Take(1000 - existing).ToList();
            for (var i = 0; i < plan.Count; i++)
            {
                var (companyId, level) = plan[i];
                var isAcme = companyId == acme;
                var prefix = level == PriceListLevel.Customer ? "PERF-C" : "PERF-K";
                var list = new PriceList(FormattableString.Invariant($"{prefix}{companyId:D6}"), FormattableString.Invariant($"Perf {level} list of company {companyId}"), "EUR", level, 5, null, null);
                var count = isAcme ? 2000 : 200;
                var start = isAcme ? 0 : random.Next(products.Count - count);
                foreach (var (id, price) in products.Skip(start).Take(count))
                {
                    list.SetTier(id, 1, decimal.Round(Math.Max(0.02m, price) * 0.88m, 2), null);
                    list.SetTier(id, 50, decimal.Round(Math.Max(0.02m, price) * 0.8m, 2), null);
                }

                db.Set<PriceList>().Add(list);
                if (i % 50 == 49 || i == plan.Count - 1)
                {
                    db.ChangeTracker.DetectChanges();
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
            }

            var tracked = await db.Set<PriceList>().Where(l => l.Code.StartsWith("PERF-C") || l.Code.StartsWith("PERF-K")).ToListAsync(ct);
            foreach (var list in tracked)
            {
                var companyId = int.Parse(list.Code["PERF-C".Length..], System.Globalization.CultureInfo.InvariantCulture);
                db.Set<PriceListAssignment>().Add(PriceListAssignment.Create(list, companyId, null, null, null, []));
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }
}
