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
/// THE expected authorization of every page and endpoint. The matrix test discovers pages and endpoints from the
/// running Portal and fails for any that is missing here, so a new page must be added with its rule. Pages are
/// keyed by page path ("/Catalog/Product"), endpoints by "METHOD /route/pattern".
/// </summary>
public static class AccessTable
{
    private static readonly string[] CatalogReaders = [.. Roles.All];

    public static readonly IReadOnlyDictionary<string, Access> Expected = new Dictionary<string, Access>
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

    /// <summary>Pages that answer 403 by design to whoever may see them (the "access denied" page itself).</summary>
    public static readonly IReadOnlySet<string> AnswerWith403 = new HashSet<string> { "/Account/AccessDenied" };

    /// <summary>
    /// Pages whose POST needs no anti-forgery token ([IgnoreAntiforgeryToken]: they change nothing). Every other page's
    /// POST without a token must be refused with 400 — the matrix checks it for every allowed role.
    /// </summary>
    public static readonly IReadOnlySet<string> PostWithoutAntiforgery = new HashSet<string> { "/Error", "/Status" };

    /// <summary>
    /// A value for every route parameter name used by a page or endpoint, so the matrix can call it. The values
    /// belong to Acme (buyer@acme.example's company); other users may well get 404 for them, which is not a denial.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> SampleRouteValuesAsync(PortalDbContext db)
    {
        var acme = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C10000");
        var sku = await VisibleSkuAsync(db, "Hex Bolts");
        return new Dictionary<string, string>
        {
            ["sku"] = sku,
            ["id"] = acme.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["code"] = "404",
            ["documentName"] = "v1",
        };
    }

    /// <summary>
    /// For every page or endpoint with route parameters: how to point it at company B's data (Borealis), or null with a
    /// reason when its parameters name no company data. A page or endpoint with parameters that is missing here fails the
    /// matrix; the isolation tests (CompanyIsolationTests, on SQLite and PostgreSQL) run every case.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds =
        new Dictionary<string, Func<PortalDbContext, Task<ForeignData>>?>
        {
            ["/Catalog/Product"] = BorealisOnlyProductAsync,
            ["GET /api/v1/catalog/products/{sku}"] = BorealisOnlyProductAsync,
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
}
