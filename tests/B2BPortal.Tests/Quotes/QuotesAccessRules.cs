using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using B2BPortal.Tests.Web;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Quotes;

/// <summary>
/// Quotes' pages, per PagePolicies.Quotes: the detail for buyers and quote staff (QuoteReader: SalesRep, Administrator;
/// accountants have no business in negotiations); the buyer's list and request form buyer-side; the inbox for SalesRep and
/// Administrator; margin floors for administrators (the /Admin folder); the /api/v1/quotes endpoints buyer-side (BuyerSide policy).
/// </summary>
public sealed class QuotesAccessRules : IAccessRules
{
    public const string BorealisQuoteNumber = "Q-BOREALIS-0001";

    private const string BorealisNotes = "QUOTE-BOREALIS-SECRET";

    private static readonly string[] BuyerSide = [Roles.Buyer, Roles.BuyerAdmin];

    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Quotes/Index"] = Access.Only(BuyerSide),
        ["/Quotes/Request"] = Access.Only(BuyerSide),
        ["/Quotes/Inbox"] = Access.Only(Roles.SalesRep, Roles.Administrator),
        ["/Quotes/Detail"] = Access.Only(Roles.Buyer, Roles.BuyerAdmin, Roles.SalesRep, Roles.Administrator),
        ["/Admin/MarginFloors"] = Access.Only(Roles.Administrator),
        ["GET /api/v1/quotes/"] = Access.Only(BuyerSide),
        ["POST /api/v1/quotes/"] = Access.Only(BuyerSide),
        ["GET /api/v1/quotes/{number}"] = Access.Only(BuyerSide),
        ["POST /api/v1/quotes/{number}/accept"] = Access.Only(BuyerSide),
    };

    public IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds { get; } = new Dictionary<string, Func<PortalDbContext, Task<ForeignData>>?>
    {
        ["/Quotes/Detail"] = BorealisQuoteAsync,
        ["GET /api/v1/quotes/{number}"] = async db =>
        {
            var page = await BorealisQuoteAsync(db);
            return page with { RouteValues = new Dictionary<string, string> { ["number"] = BorealisQuoteNumber } };
        },

        // A POST: QuotesApiTests posts Acme's accept at Borealis's quote and gets 404, nothing placed.
        ["POST /api/v1/quotes/{number}/accept"] = null,
    };

    public Task AddSampleRouteValuesAsync(PortalDbContext db, IDictionary<string, string> values)
    {
        // Any value works for the matrix (a 404 is not a denial).
        values["quoteNumber"] = "Q-2026-000000";
        values.TryAdd("number", "Q-2026-000000");
        return Task.CompletedTask;
    }

    /// <summary>Borealis's quote (made once per database): Acme's users must get 404 for it, never its notes.</summary>
    public static async Task<ForeignData> BorealisQuoteAsync(PortalDbContext db)
    {
        if (!await db.Quotes().AnyAsync(q => q.Number == BorealisQuoteNumber))
        {
            var borealis = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C20000");
            var buyer = await db.Users.SingleAsync(u => u.Email == "buyer@borealis.example");
            var actor = new Actor(buyer.Id, buyer.DisplayName, borealis.Id, new HashSet<string> { Roles.Buyer });
            var sku = (await AccessTable.BorealisOnlyProductAsync(db)).RouteValues["sku"];
            var product = await db.Products.SingleAsync(p => p.Sku == sku);
            var quote = Quote.Request(BorealisQuoteNumber, borealis.Id, borealis.Currency, actor, null, null,
                [new NewQuoteLine(product.Id, product.Sku, product.Name, product.UnitOfMeasure, 5, product.ListPrice.Amount, product.UnitCost, null)],
                BorealisNotes, DateTimeOffset.UtcNow);
            quote.Submit(actor, DateTimeOffset.UtcNow);
            db.Quotes().Add(quote);
            await db.SaveChangesAsync();
        }

        return new ForeignData(new Dictionary<string, string> { ["quoteNumber"] = BorealisQuoteNumber }, [BorealisNotes], "buyer@borealis.example");
    }
}
