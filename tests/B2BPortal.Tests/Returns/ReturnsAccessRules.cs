using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Returns;
using B2BPortal.Domain.Shipping;
using B2BPortal.Tests.Web;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Returns;

/// <summary>
/// Returns' pages, per PagePolicies.Returns: the detail for the company's buyers and staff (OrderReader), the buyer's list
/// and request form buyer-side, the queue for staff.
/// </summary>
public sealed class ReturnsAccessRules : IAccessRules
{
    public const string BorealisOrderNumber = "T-BOREALIS-RMA-1";

    private const string BorealisComment = "RETURN-BOREALIS-SECRET";

    private static readonly string[] BuyerSide = [Roles.Buyer, Roles.BuyerAdmin];

    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Returns/Index"] = Access.Only(BuyerSide),
        ["/Returns/Request"] = Access.Only(BuyerSide),
        ["/Returns/Queue"] = Access.Only(Roles.SalesRep, Roles.Accountant, Roles.Administrator),
        ["/Returns/Detail"] = Access.Only(Roles.Buyer, Roles.BuyerAdmin, Roles.SalesRep, Roles.Accountant, Roles.Administrator),
    };

    public IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds { get; } = new Dictionary<string, Func<PortalDbContext, Task<ForeignData>>?>
    {
        ["/Returns/Detail"] = BorealisReturnAsync,
        ["/Returns/Request"] = async db =>
        {
            await BorealisReturnAsync(db);
            // The form would list the order's lines: the Borealis-only product must not show (the number itself is in the URL).
            var product = await AccessTable.BorealisOnlyProductAsync(db);
            return new ForeignData(new Dictionary<string, string> { ["orderNumber"] = BorealisOrderNumber }, [product.RouteValues["sku"]], "buyer@borealis.example");
        },
    };

    public Task AddSampleRouteValuesAsync(PortalDbContext db, IDictionary<string, string> values)
    {
        // Any value works for the matrix (a 404 is not a denial).
        values["orderNumber"] = "ORD-2026-000000";
        values.TryAdd("number", "ORD-2026-000000-R1");
        return Task.CompletedTask;
    }

    /// <summary>Borealis's delivered order and a return of it (made once per database): Acme's users must get 404, never its comment.</summary>
    public static async Task<ForeignData> BorealisReturnAsync(PortalDbContext db)
    {
        var number = ReturnRequest.NumberFor(BorealisOrderNumber, 1);
        if (!await db.Returns().AnyAsync(r => r.Number == number))
        {
            var sku = (await AccessTable.BorealisOnlyProductAsync(db)).RouteValues["sku"];
            var (order, buyer) = await DeliveredOrderAsync(db, "C20000", "buyer@borealis.example", BorealisOrderNumber, sku, 2);
            var request = ReturnRequest.Request(order, 1, new Dictionary<int, decimal>(), [new NewReturnLine(order.Lines[0].LineNumber, 1, ReturnReason.Damaged, null)], [],
                BorealisComment, buyer, DateTimeOffset.UtcNow);
            db.Returns().Add(request);
            await db.SaveChangesAsync();
        }

        return new ForeignData(new Dictionary<string, string> { ["number"] = number }, [BorealisComment], "buyer@borealis.example");
    }

    /// <summary>
    /// An order of the company <paramref name="erpCustomerNumber"/> for <paramref name="quantity"/> of <paramref name="sku"/>, taken
    /// by the ERP and delivered by the courier, as the order's own intent methods move it; saved. Test data for pages.
    /// </summary>
    public static async Task<(Order Order, Actor Buyer)> DeliveredOrderAsync(PortalDbContext db, string erpCustomerNumber, string buyerEmail, string orderNumber, string sku,
        decimal quantity)
    {
        var company = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == erpCustomerNumber);
        var user = await db.Users.SingleAsync(u => u.Email == buyerEmail);
        var buyer = new Actor(user.Id, user.DisplayName, company.Id, new HashSet<string> { Roles.Buyer });
        var product = await db.Products.SingleAsync(p => p.Sku == sku);
        var now = DateTimeOffset.UtcNow;
        var erp = Actor.System("ERP sync");
        var order = Order.Create(orderNumber, company.Id, buyer,
            [new NewOrderLine(product.Id, product.Sku, product.ErpItemNumber, product.Name, product.UnitOfMeasure, quantity, product.ListPrice, "List price")],
            new OrderAddress(company.Name, "Teststr. 1", null, "10115", "Berlin", "DE"), null, null, null, null, "returns-" + orderNumber, now);
        order.Place(buyer, now);
        List<Shipment> shipments = [];
        order.AcceptedByErp("erp-" + orderNumber, "SO-" + orderNumber, now, erp, shipments);
        order.ShipmentChanged(shipments, new ShipmentNotice("DHL", "JD-" + orderNumber, ShipmentState.Delivered, now, true, null), erp, now);
        db.Orders().Add(order);
        await db.SaveChangesAsync();
        return (order, buyer);
    }

    /// <summary>A product Acme's buyers may order (its catalog, sold by the piece).</summary>
    public static async Task<string> AcmeSkuAsync(PortalDbContext db)
    {
        var companyId = await db.Companies.Where(c => c.ErpCustomerNumber == "C10000").Select(c => c.Id).SingleAsync();
        return await db.Products.VisibleTo(db, companyId).Where(p => p.PackSize == 1).OrderBy(p => p.Id).Select(p => p.Sku).FirstAsync();
    }
}
