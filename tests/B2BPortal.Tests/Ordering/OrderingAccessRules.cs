using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Tests.Web;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Ordering;

/// <summary>
/// Ordering's pages and endpoints, per the policies actually applied: the /Ordering folder is OrderReader (buyers and
/// staff), its buyer pages BuyerSide, Approvals BuyerAdmin (Portal/Infrastructure/PagePolicies.cs); /Orders is Staff;
/// the whole /api/v1 ordering group is BuyerSide (Portal/Api/OrderingApi.cs).
/// </summary>
public sealed class OrderingAccessRules : IAccessRules
{
    /// <summary>A Borealis order made for the isolation check (the demo data holds no orders); its PO is the leak marker.</summary>
    public const string BorealisOrderNumber = "T-BOREALIS-0001";

    private const string BorealisPurchaseOrder = "PO-BOREALIS-SECRET";

    private static readonly string[] BuyerSide = [Roles.Buyer, Roles.BuyerAdmin];

    private static readonly string[] OrderReaders = [Roles.Buyer, Roles.BuyerAdmin, Roles.SalesRep, Roles.Accountant, Roles.Administrator];

    private static readonly string[] Staff = [Roles.SalesRep, Roles.Accountant, Roles.Administrator];

    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        // Pages.
        ["/Ordering/Approvals"] = Access.Only(Roles.BuyerAdmin),
        ["/Ordering/Cart"] = Access.Only(BuyerSide),
        ["/Ordering/Checkout"] = Access.Only(BuyerSide),
        ["/Ordering/Lists"] = Access.Only(BuyerSide),
        ["/Ordering/Orders"] = Access.Only(BuyerSide),
        ["/Ordering/QuickOrder"] = Access.Only(BuyerSide),
        ["/Ordering/OrderDetail"] = Access.Only(OrderReaders),
        ["/Orders/Staff"] = Access.Only(Staff),

        // Endpoints: the caller's own cart and its company's orders.
        ["GET /api/v1/carts/current/"] = Access.Only(BuyerSide),
        ["DELETE /api/v1/carts/current/"] = Access.Only(BuyerSide),
        ["POST /api/v1/carts/current/lines"] = Access.Only(BuyerSide),
        ["PUT /api/v1/carts/current/lines/{sku}"] = Access.Only(BuyerSide),
        ["DELETE /api/v1/carts/current/lines/{sku}"] = Access.Only(BuyerSide),
        ["GET /api/v1/orders/"] = Access.Only(BuyerSide),
        ["POST /api/v1/orders/"] = Access.Only(BuyerSide),
        ["GET /api/v1/orders/{number}"] = Access.Only(BuyerSide),
    };

    public IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds { get; } = new Dictionary<string, Func<PortalDbContext, Task<ForeignData>>?>
    {
        ["/Ordering/OrderDetail"] = BorealisOrderAsync,
        ["GET /api/v1/orders/{number}"] = BorealisOrderAsync,

        // The {sku} names a line of the caller's own cart (found by the caller's user and company): no other company's
        // cart is reachable through it, and a SKU outside the caller's catalog is refused (OrderingWebTests checks it).
        ["PUT /api/v1/carts/current/lines/{sku}"] = null,
        ["DELETE /api/v1/carts/current/lines/{sku}"] = null,
    };

    public async Task AddSampleRouteValuesAsync(PortalDbContext db, IDictionary<string, string> values)
    {
        var acme = await db.Companies.Where(c => c.ErpCustomerNumber == "C10000").Select(c => c.Id).SingleAsync();

        // Any value works for the matrix (a 404 is not a denial); an Acme order when one exists.
        values["number"] = await db.Orders().Where(o => o.CompanyId == acme).OrderBy(o => o.Id).Select(o => o.Number).FirstOrDefaultAsync()
            ?? "T-ACME-0000";
    }

    /// <summary>Borealis's order (created once per database): Acme's users must get 404/403 for it, never its PO.</summary>
    public static async Task<ForeignData> BorealisOrderAsync(PortalDbContext db)
    {
        if (!await db.Orders().AnyAsync(o => o.Number == BorealisOrderNumber))
        {
            var borealis = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C20000");
            var buyer = await db.Users.SingleAsync(u => u.Email == "buyer@borealis.example");
            var actor = new Actor(buyer.Id, buyer.DisplayName, borealis.Id, new HashSet<string> { Roles.Buyer });
            var sku = (await AccessTable.BorealisOnlyProductAsync(db)).RouteValues["sku"];
            var product = await db.Products.SingleAsync(p => p.Sku == sku);
            var now = DateTimeOffset.UtcNow;
            var order = Order.Create(
                BorealisOrderNumber,
                borealis.Id,
                actor,
                [new NewOrderLine(product.Id, product.Sku, product.ErpItemNumber, product.Name, product.UnitOfMeasure, 2, product.ListPrice, "List price")],
                new OrderAddress(borealis.Name, "Mannerheimintie 5", null, "00100", "Helsinki", "FI"),
                null,
                BorealisPurchaseOrder,
                null,
                null,
                "access-rules-" + BorealisOrderNumber,
                now);
            order.Place(actor, now);
            db.Orders().Add(order);
            await db.SaveChangesAsync();
        }

        return new ForeignData(
            new Dictionary<string, string> { ["number"] = BorealisOrderNumber },
            [BorealisPurchaseOrder],
            "buyer@borealis.example");
    }
}
