using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Tests.Web;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Credit;

/// <summary>
/// Receivables: the AR ageing for staff (PagePolicies: Staff; a sales rep's rows are his own customers), the finance
/// pages and their API for the company's own buyers (BuyerSide).
/// </summary>
public sealed class ReceivablesAccessRules : IAccessRules
{
    public const string ForeignInvoice = "INV-BOR-ISO";

    /// <summary>The order number Borealis's invoice bills: shown to Borealis, never to Acme (an unknown number is echoed in the 404, this is not).</summary>
    public const string ForeignOrderNumber = "SO-BOREALIS-LEAK";

    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Credit/Ageing"] = Access.Only(Roles.SalesRep, Roles.Accountant, Roles.Administrator),
        ["/Credit/Invoices"] = Access.Only(Roles.Buyer, Roles.BuyerAdmin),
        ["/Credit/Statement"] = Access.Only(Roles.Buyer, Roles.BuyerAdmin),
        ["GET /api/v1/invoices"] = Access.Only(Roles.Buyer, Roles.BuyerAdmin),
        ["GET /api/v1/invoices/{number}"] = Access.Only(Roles.Buyer, Roles.BuyerAdmin),
        ["GET /api/v1/statement"] = Access.Only(Roles.Buyer, Roles.BuyerAdmin),
    };

    public IReadOnlyDictionary<string, Func<PortalDbContext, Task<ForeignData>>?> ForeignIds { get; } = new Dictionary<string, Func<PortalDbContext, Task<ForeignData>>?>
    {
        ["GET /api/v1/invoices/{number}"] = async db =>
        {
            await BorealisInvoiceAsync(db);
            return new ForeignData(new Dictionary<string, string> { ["number"] = ForeignInvoice }, [ForeignOrderNumber], "buyer@borealis.example");
        },
    };

    /// <summary>A paid invoice of Borealis, made once per database: paid, so it changes nothing in Borealis's credit for other tests.</summary>
    public static async Task BorealisInvoiceAsync(PortalDbContext db)
    {
        if (await db.Invoices.AnyAsync(i => i.Number == ForeignInvoice))
        {
            return;
        }

        var borealis = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C20000");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        db.Invoices.Add(ReceivablesTests.NewInvoice(borealis.Id, ForeignInvoice, today.AddDays(-40), today.AddDays(-10), 0m, "EUR", 4321.5m, DateTimeOffset.UtcNow, ForeignOrderNumber));
        await db.SaveChangesAsync();
    }
}
