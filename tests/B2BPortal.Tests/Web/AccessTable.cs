using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Web;

/// <summary>Who may reach a page or endpoint: anonymous visitors and/or a set of roles.</summary>
public sealed record Access(bool Anonymous, IReadOnlySet<string> AllowedRoles)
{
    public static readonly Access Anyone = new(true, B2BPortal.Domain.Identity.Roles.All.ToHashSet());

    public static readonly Access SignedIn = new(false, B2BPortal.Domain.Identity.Roles.All.ToHashSet());

    public static Access Only(params string[] roles) => new(false, roles.ToHashSet());

    public override string ToString() => Anonymous ? "anyone" : string.Join("|", AllowedRoles.Order());
}

/// <summary>
/// Data of company B (Borealis) that a page or endpoint with route parameters could leak to company A (Acme):
/// the route values that name it, and text that must never appear in A's response.
/// </summary>
public sealed record ForeignData(IReadOnlyDictionary<string, string> RouteValues, IReadOnlyList<string> Leaks, string OwnerEmail);

/// <summary>
/// One capability's part of the expected authorization table. Each feature adds its own class (e.g.
/// <c>OrderingAccessRules</c> in its own file) so parallel branches do not edit the same lines; the matrix finds every
/// implementation in this assembly by reflection and fails on a key defined twice.
/// </summary>
public interface IAccessRules
{
    /// <summary>Pages by page path ("/Catalog/Product"), endpoints by "METHOD /route/pattern" → who may reach them.</summary>
    IReadOnlyDictionary<string, Access> Expected { get; }

    /// <summary>
    /// For every page or endpoint of <see cref="Expected"/> with route parameters: how to point it at company B's data
    /// (Borealis), or null when its parameters name no company data. CompanyIsolationTests runs every case.
    /// </summary>
    IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds => new Dictionary<string, Func<PortalDbContext, Task<ForeignData>>?>();

    /// <summary>Sample values (of Acme's data) for the route parameter names this feature introduces.</summary>
    Task AddSampleRouteValuesAsync(PortalDbContext db, IDictionary<string, string> values) => Task.CompletedTask;

    /// <summary>Pages that answer 403 by design to whoever may see them.</summary>
    IEnumerable<string> AnswerWith403 => [];

    /// <summary>Pages whose POST needs no anti-forgery token ([IgnoreAntiforgeryToken]: they change nothing).</summary>
    IEnumerable<string> PostWithoutAntiforgery => [];
}

/// <summary>
/// THE expected authorization of every page and endpoint: the union of every <see cref="IAccessRules"/> in this
/// assembly. The matrix test discovers pages and endpoints from the running Portal and fails for any that is missing
/// here, so a new page must be added with its rule.
/// </summary>
public static class AccessTable
{
    private static readonly Lazy<IReadOnlyList<IAccessRules>> Rules = new(() => typeof(AccessTable).Assembly.GetTypes()
        .Where(t => typeof(IAccessRules).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (IAccessRules)Activator.CreateInstance(t)!)
        .ToList());

    private static readonly Lazy<IReadOnlyDictionary<string, Access>> MergedExpected = new(() => Merge(r => r.Expected));

    private static readonly Lazy<IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?>> MergedForeignIds = new(() => Merge(r => r.ForeignIds));

    public static IReadOnlyDictionary<string, Access> Expected => MergedExpected.Value;

    public static IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds => MergedForeignIds.Value;

    public static IReadOnlySet<string> AnswerWith403 => Rules.Value.SelectMany(r => r.AnswerWith403).ToHashSet();

    /// <summary>Every other page's POST without a token must be refused with 400: the matrix checks it for every allowed role.</summary>
    public static IReadOnlySet<string> PostWithoutAntiforgery => Rules.Value.SelectMany(r => r.PostWithoutAntiforgery).ToHashSet();

    public static async Task<IReadOnlyDictionary<string, string>> SampleRouteValuesAsync(PortalDbContext db)
    {
        var values = new Dictionary<string, string>();
        foreach (var rules in Rules.Value)
        {
            await rules.AddSampleRouteValuesAsync(db, values);
        }

        return values;
    }

    /// <summary>A product only Borealis's catalog holds (Janitorial → Mops): Acme must not see it anywhere.</summary>
    public static async Task<ForeignData> BorealisOnlyProductAsync(PortalDbContext db)
    {
        var categoryId = await db.Categories.Where(c => c.Name == "Mops").Select(c => c.Id).SingleAsync();
        var product = await db.Products.Where(p => p.CategoryId == categoryId && p.IsActive).OrderBy(p => p.Id)
            .Select(p => new { p.Sku, p.Name }).FirstAsync();

        // Not the SKU as a leak marker: pages echo what the user typed (and the ERP item number equals the SKU here).
        return new ForeignData(new Dictionary<string, string> { ["sku"] = product.Sku }, [product.Name], "buyer@borealis.example");
    }

    public static async Task<string> VisibleSkuAsync(PortalDbContext db, string category)
    {
        var categoryId = await db.Categories.Where(c => c.Name == category).Select(c => c.Id).SingleAsync();
        return await db.Products.Where(p => p.CategoryId == categoryId && p.IsActive).OrderBy(p => p.Id).Select(p => p.Sku).FirstAsync();
    }

    private static Dictionary<string, T> Merge<T>(Func<IAccessRules, IReadOnlyDictionary<string, T>> part)
    {
        var merged = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var rules in Rules.Value)
        {
            foreach (var (key, value) in part(rules))
            {
                if (!merged.TryAdd(key, value))
                {
                    throw new InvalidOperationException($"{key} is defined twice in the access rules (again in {rules.GetType().Name}).");
                }
            }
        }

        return merged;
    }
}

/// <summary>The foundation's pages and endpoints: accounts, catalog, customers, users, tokens, health, OpenAPI.</summary>
public sealed class FoundationAccessRules : IAccessRules
{
    private static readonly string[] CatalogReaders = [.. Roles.All];

    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        // Pages (Portal/Infrastructure/PagePolicies.cs; the fallback policy "signed in" covers the rest).
        ["/Index"] = Access.SignedIn,
        ["/Error"] = Access.Anyone,
        ["/Status"] = Access.Anyone,
        ["/Account/Login"] = Access.Anyone,
        ["/Account/Logout"] = Access.SignedIn,
        ["/Account/ForgotPassword"] = Access.Anyone,
        ["/Account/ResetPassword"] = Access.Anyone,
        ["/Account/AcceptInvitation"] = Access.Anyone,
        ["/Account/ExternalLogin"] = Access.Anyone,
        ["/Account/AccessDenied"] = Access.Anyone,
        ["/Catalog/Index"] = Access.Only(CatalogReaders),
        ["/Catalog/Product"] = Access.Only(CatalogReaders),
        ["/Company/Users"] = Access.Only(Roles.BuyerAdmin),
        ["/Customers/Index"] = Access.Only(Roles.SalesRep, Roles.Accountant, Roles.Administrator),
        // A SalesRep only for the companies he serves (404 otherwise): CustomerPageWebTests.
        ["/Customers/Details"] = Access.Only(Roles.SalesRep, Roles.Accountant, Roles.Administrator),
        ["/Admin/Users"] = Access.Only(Roles.Administrator),
        ["/Tokens/Index"] = Access.Only(Roles.BuyerAdmin, Roles.Administrator),

        // Endpoints.
        ["GET /health/live"] = Access.Anyone,
        ["GET /health/ready"] = Access.Anyone,
        ["GET /openapi/{documentName}.json"] = Access.Anyone,
        ["GET /api/v1/catalog/products"] = Access.Only(CatalogReaders),
        ["GET /api/v1/catalog/products/{sku}"] = Access.Only(CatalogReaders),
        ["GET /api/v1/catalog/categories"] = Access.Only(CatalogReaders),
        ["GET /api/v1/me"] = Access.SignedIn,
    };

    public IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds { get; } = new Dictionary<string, Func<PortalDbContext, Task<ForeignData>>?>
    {
        ["/Catalog/Product"] = AccessTable.BorealisOnlyProductAsync,
        ["GET /api/v1/catalog/products/{sku}"] = AccessTable.BorealisOnlyProductAsync,
        ["/Customers/Details"] = async db =>
        {
            var borealis = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C20000");
            return new ForeignData(
                new Dictionary<string, string> { ["id"] = borealis.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                [borealis.Name, "buyer@borealis.example"],
                "rep@b2bportal.example");
        },

        // Not company data: a status code, an OpenAPI document name.
        ["/Status"] = null,
        ["GET /openapi/{documentName}.json"] = null,
    };

    public IEnumerable<string> AnswerWith403 => ["/Account/AccessDenied"];

    public IEnumerable<string> PostWithoutAntiforgery => ["/Error", "/Status"];

    public async Task AddSampleRouteValuesAsync(PortalDbContext db, IDictionary<string, string> values)
    {
        var acme = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C10000");
        values["sku"] = await AccessTable.VisibleSkuAsync(db, "Hex Bolts");
        values["id"] = acme.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        values["code"] = "404";
        values["documentName"] = "v1";
    }
}
