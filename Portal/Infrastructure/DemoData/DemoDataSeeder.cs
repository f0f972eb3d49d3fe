using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Infrastructure.DemoData;

/// <summary>
/// Loads the demo set into an empty database on first start: ~2,500 products in 49 categories, three
/// companies that each see a different catalog, and one sign-in per role (README: Demo sign-ins).
/// </summary>
public sealed class DemoDataSeeder(
    PortalDbContext db,
    UserManager<PortalUser> users,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger)
{
    public const string DemoPassword = "Portal-Demo-2026";

    public static readonly IReadOnlyList<(string Email, string Name, string Role, string? Company)> DemoUsers =
    [
        ("buyer@acme.example", "Alice Buyer", Roles.Buyer, "C10000"),
        ("admin@acme.example", "Arthur Admin", Roles.BuyerAdmin, "C10000"),
        ("buyer@borealis.example", "Bianca Buyer", Roles.Buyer, "C20000"),
        ("admin@borealis.example", "Bruno Admin", Roles.BuyerAdmin, "C20000"),
        ("buyer@contoso.example", "Carla Buyer", Roles.Buyer, "C30000"),
        ("rep@b2bportal.example", "Sam Salesrep", Roles.SalesRep, null),
        ("accountant@b2bportal.example", "Anna Accountant", Roles.Accountant, null),
        ("admin@b2bportal.example", "Adam Administrator", Roles.Administrator, null),
    ];

    public Task<bool> SeedIfEmptyAsync(CancellationToken ct) => SeedIfEmptyAsync(DemoDataSize.Demo, ct);

    public async Task<bool> SeedIfEmptyAsync(DemoDataSize size, CancellationToken ct)
    {
        if (environment.IsProduction())
        {
            throw new InvalidOperationException("Demo data is never loaded in Production. Set DemoData:LoadOnEmptyDatabase=false.");
        }

        if (await db.Companies.AnyAsync(ct) || await db.Products.AnyAsync(ct))
        {
            return false;
        }

        logger.LogInformation("Empty database: loading the {Size} data set", size.Name);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = clock.GetUtcNow();
        var random = new Random(2026);

        // Category tree and products.
        var leavesByTop = new Dictionary<string, List<Category>>();
        var productIndex = 0;
        foreach (var (topName, leaves) in DemoCatalogGenerator.Tree)
        {
            var top = new Category(topName, DemoCatalogGenerator.Slug(topName));
            db.Categories.Add(top);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            leavesByTop[topName] = [];
            for (var i = 0; i < leaves.Length; i++)
            {
                var leaf = new Category(leaves[i], DemoCatalogGenerator.Slug(leaves[i]), top.Id, i);
                db.Categories.Add(leaf);
                leavesByTop[topName].Add(leaf);
            }

            await db.SaveChangesAsync(ct);
            foreach (var leaf in leavesByTop[topName])
            {
                for (var n = 0; n < size.ProductsPerLeaf; n++)
                {
                    var product = DemoCatalogGenerator.Product(++productIndex, leaf.Id, leaf.Name, random);
                    if (random.Next(100) >= 15)
                    {
                        product.ReportStock("MAIN", random.Next(1, 2000), now.AddMinutes(-random.Next(5, 600)));
                    }

                    if (random.Next(100) < 40)
                    {
                        product.ReportStock("NORTH", random.Next(0, 500), now.AddMinutes(-random.Next(5, 600)));
                    }

                    db.Products.Add(product);
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;

        // Three catalogs with different assortments, one per demo company.
        var categories = await db.Categories.AsNoTracking().ToListAsync(ct);
        ProductCatalog Catalog(string code, string name, params string[] tops)
        {
            var catalog = new ProductCatalog(code, name);
            foreach (var top in tops)
            {
                var topCategory = categories.Single(c => c.Name == top && c.ParentId is null);
                catalog.Include(topCategory.Id);
                foreach (var child in categories.Where(c => c.ParentId == topCategory.Id))
                {
                    catalog.Include(child.Id);
                }
            }

            db.Catalogs.Add(catalog);
            db.ChangeTracker.DetectChanges();
            return catalog;
        }

        var industrial = Catalog("INDUSTRIAL", "Industrial MRO", "Fasteners", "Hand Tools", "Power Tools", "Safety", "Electrical");
        var facilities = Catalog("FACILITIES", "Facilities & Office", "Janitorial", "Office", "Safety");
        var construction = Catalog("CONSTRUCTION", "Construction trade", "Fasteners", "Power Tools", "Electrical");
        await db.SaveChangesAsync(ct);

        // Companies and their users.
        var rep = await CreateUserAsync(users, "rep@b2bportal.example", "Sam Salesrep", Roles.SalesRep, null, now);
        var acme = Company("C10000", "Acme Manufacturing GmbH", "Industriestraße 12", "70565", "Stuttgart", "DE", industrial.Id, rep.Id, requiresPo: true);
        var borealis = Company("C20000", "Borealis Facility Services Oy", "Mannerheimintie 5", "00100", "Helsinki", "FI", facilities.Id, rep.Id, requiresPo: false);
        var contoso = Company("C30000", "Contoso Builders B.V.", "Havenstraat 40", "1011 AB", "Amsterdam", "NL", construction.Id, rep.Id, requiresPo: false);
        db.Companies.AddRange(acme, borealis, contoso);
        var catalogIds = new[] { industrial.Id, facilities.Id, construction.Id };
        for (var i = 0; i < size.ExtraCompanies; i++)
        {
            var number = $"C{40000 + i:D5}";
            var extra = Company(number, $"Customer {number} Ltd", $"Trade Park {i + 1}", "10115", "Berlin", "DE", catalogIds[i % 3], rep.Id, requiresPo: i % 2 == 0);
            if (i % 4 == 0)
            {
                extra.AssignCatalog(catalogIds[(i + 1) % 3]);
            }

            db.Companies.Add(extra);
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);

        var byNumber = new Dictionary<string, int> { ["C10000"] = acme.Id, ["C20000"] = borealis.Id, ["C30000"] = contoso.Id };
        foreach (var (email, name, role, company) in DemoUsers.Where(u => u.Email != rep.Email))
        {
            await CreateUserAsync(users, email, name, role, company is null ? null : byNumber[company], now);
        }

        // The load mix's buyers (bench/load-mix.sh): one in each of the first extra companies, so every one sees its own catalog and prices.
        var buyerCompanies = await db.Companies.Where(c => c.ErpCustomerNumber.StartsWith("C4"))
            .OrderBy(c => c.ErpCustomerNumber).Select(c => c.Id).Take(size.ExtraCompanyBuyers).ToListAsync(ct);
        for (var i = 0; i < buyerCompanies.Count; i++)
        {
            await CreateUserAsync(users, $"perf-buyer-{i + 1:D3}@perf.example", $"Perf Buyer {i + 1:D3}", Roles.Buyer, buyerCompanies[i], now);
        }

        await DemoPricingSeeder.SeedAsync(db, size, DateOnly.FromDateTime(now.UtcDateTime), ct);
        await DemoCreditSeeder.SeedAccountsAsync(db, users, rep.Id, now, ct);
        await DemoSearchSeeder.SeedAsync(db, now, ct);
        // Counted, not added up: the credit seeder's companies and buyers and the load mix's buyers are part of the set.
        logger.LogInformation("{Size} data loaded: {Products} products, {Categories} categories, {Companies} companies, {Users} users", size.Name, productIndex, categories.Count,
            await db.Companies.CountAsync(ct), await db.Users.CountAsync(ct));
        return true;
    }

    public static async Task<PortalUser> CreateUserAsync(UserManager<PortalUser> users, string email, string name, string role, int? companyId, DateTimeOffset now, string password = DemoPassword)
    {
        var user = companyId is { } id ? PortalUser.CreateBuyerSide(email, name, id, now) : PortalUser.CreateStaff(email, name, now);
        user.EmailConfirmed = true;
        Check(await users.CreateAsync(user, password), email);
        Check(await users.AddToRoleAsync(user, role), email);
        return user;
    }

    internal static CustomerCompany Company(string number, string name, string street, string postalCode, string city, string country, int catalogId, string repId, bool requiresPo)
    {
        var company = new CustomerCompany(number, name, "EUR");
        company.AddAddress(AddressKind.Billing, "Head office", street, null, postalCode, city, country, isDefault: true);
        company.AddAddress(AddressKind.Shipping, "Main warehouse", street, "Goods entrance", postalCode, city, country, isDefault: true);
        company.AddAddress(AddressKind.Shipping, "Site office", "Baustelle 7", null, postalCode, city, country);
        company.AssignCatalog(catalogId);
        company.AssignSalesRep(repId);
        company.RequirePoNumber(requiresPo);
        return company;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo data: {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}

/// <summary>How much to load: the demo set on first start, or the perf set for benchmarks (<c>-- seed-perf</c>).</summary>
/// <param name="ExtraCompanyBuyers">Buyers perf-buyer-001@perf.example … in as many of the extra companies (the load mix signs them in).</param>
public sealed record DemoDataSize(string Name, int ProductsPerLeaf, int ExtraCompanies, int ExtraCompanyBuyers = 0)
{
    /// <summary>42 leaf categories × 60 = 2,520 products, 3 companies.</summary>
    public static readonly DemoDataSize Demo = new("demo", 60, 0);

    /// <summary>42 × 2,381 = 100,002 products, 500 companies, a buyer in each of 60 of them.</summary>
    public static readonly DemoDataSize Perf = new("perf", 2381, 497, 60);
}
