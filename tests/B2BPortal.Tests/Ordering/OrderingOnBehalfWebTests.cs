using System.Net;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Ordering;

/// <summary>
/// Ordering for a customer through the real Portal over the demo data, on SQLite and PostgreSQL: the demo rep picks Acme and
/// its buyer, fills the cart from Acme's catalog at Acme's prices and places it through checkout's use case; the order is the
/// buyer's, says who placed it for whom (page, history, audit) and the buyer is mailed. A rep cannot start, fill or place a
/// cart for a company they do not serve — also when the company is given to another rep after the cart was started.
/// </summary>
public abstract class OrderingOnBehalfWebTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    private const string Rep = "rep@b2bportal.example";
    private const string AcmeBuyer = "buyer@acme.example";

    [Fact]
    public async Task A_rep_orders_for_an_acme_buyer_and_the_order_is_the_buyer_s_saying_who_placed_it_for_whom()
    {
        var (acmeId, buyerId, buyerName, repName) = await AcmeAsync();
        var rep = await portal.SignedInAsync(Rep);

        var denied = await rep.GetAsync("/Ordering/Cart");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        var location = denied.Headers.Location!;
        var deniedResponse = await rep.GetAsync(location.IsAbsoluteUri ? location.PathAndQuery : location.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, deniedResponse.StatusCode);
        var deniedPage = await deniedResponse.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"order-for-customer-hint\"", deniedPage, StringComparison.Ordinal);

        await StartAsync(rep, acmeId, buyerId);
        var sku = await VisibleSkuAsync(acmeId);
        var found = await rep.GetStringAsync($"/Ordering/OnBehalf/Cart?q={sku}");
        Assert.Contains($"on behalf of {buyerName}", found, StringComparison.Ordinal);
        Assert.Contains(sku, found, StringComparison.Ordinal);

        // The add form proposes the least quantity the buyer's rules allow (their minimum or pack size).
        var proposed = System.Text.RegularExpressions.Regex.Match(found, $"name=\"sku\" value=\"{sku}\" />\\s*<input[^>]*name=\"quantity\" value=\"([^\"]+)\"");
        Assert.True(proposed.Success, "no add form for " + sku);
        var quantity = decimal.Parse(proposed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var added = await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf/Cart?handler=Add", new Dictionary<string, string> { ["sku"] = sku, ["quantity"] = proposed.Groups[1].Value }, "/Ordering/OnBehalf");
        Assert.True(added.StatusCode == HttpStatusCode.Redirect, await ErrorsAsync(added));
        var page = await rep.GetStringAsync("/Ordering/OnBehalf/Cart");
        var (version, total) = (Hidden(page, "Input.CartVersion"), Hidden(page, "Input.ReviewedTotal"));

        var placed = await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf/Cart?handler=Place", new Dictionary<string, string>
        {
            ["Input.PurchaseOrderNumber"] = "PO-ON-BEHALF-1",
            ["Input.CartVersion"] = version,
            ["Input.ReviewedTotal"] = total,
        }, "/Ordering/OnBehalf");
        var again = await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf/Cart?handler=Place", new Dictionary<string, string>
        {
            ["Input.PurchaseOrderNumber"] = "PO-ON-BEHALF-1",
            ["Input.CartVersion"] = version,
            ["Input.ReviewedTotal"] = total,
        }, "/Ordering/OnBehalf");

        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        Assert.Equal(placed.Headers.Location, again.Headers.Location);
        var number = placed.Headers.Location!.ToString()[(placed.Headers.Location!.ToString().LastIndexOf('/') + 1)..];
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var order = await db.Orders().Include(o => o.Lines).Include(o => o.History).SingleAsync(o => o.Number == number);
        Assert.Equal(acmeId, order.CompanyId);
        Assert.Equal(buyerId, order.PlacedByUserId);
        Assert.Equal(repName, order.PlacedOnBehalfByName);
        Assert.Equal(sku, order.Lines.Single().Sku);
        Assert.Equal(quantity, order.Lines.Single().Quantity);
        var first = order.History.OrderBy(h => h.Id).First();
        Assert.Equal($"Placed by {repName} for {buyerName}", first.Reason?.Split(':')[0]);
        Assert.NotEqual(buyerId, first.ActorId);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == "Order" && a.EntityId == number && a.ActorName == repName && a.After!.Contains(buyerName)));
        Assert.Equal(1, await db.Orders().CountAsync(o => o.PurchaseOrderNumber == "PO-ON-BEHALF-1"));

        var orderPage = await rep.GetStringAsync($"/Ordering/OrderDetail/{number}");
        Assert.Contains($"{repName} for {buyerName}", orderPage, StringComparison.Ordinal);
        var buyer = await portal.SignedInAsync(AcmeBuyer);
        Assert.Contains($"{repName} for {buyerName}", await buyer.GetStringAsync($"/Ordering/OrderDetail/{number}"), StringComparison.Ordinal);
        var mail = Assert.Single(MailPickup.To(portal, AcmeBuyer), m => m.Subject != null && m.Subject.StartsWith($"Order {number}", StringComparison.Ordinal));
        Assert.EndsWith($"for you by {repName}", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"{repName} placed this order for you", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_outside_the_buyer_s_catalog_cannot_be_added_for_them()
    {
        var (acmeId, buyerId, _, _) = await AcmeAsync();
        var rep = await portal.SignedInAsync(Rep);
        await StartAsync(rep, acmeId, buyerId);
        string borealisOnly;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            borealisOnly = (await AccessTable.BorealisOnlyProductAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>())).RouteValues["sku"];
        }

        var response = await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf/Cart?handler=Add", new Dictionary<string, string> { ["sku"] = borealisOnly, ["quantity"] = "1" }, "/Ordering/OnBehalf");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"No product {borealisOnly} in your catalog", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rep_cannot_start_a_cart_for_a_company_they_do_not_serve_nor_go_on_once_it_is_given_to_another_rep()
    {
        var (acmeId, _, _, _) = await AcmeAsync();
        var (otherId, otherBuyerId) = await CompanyOfAnotherRepAsync();
        var rep = await portal.SignedInAsync(Rep);

        var refused = await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf?handler=Start",
            new Dictionary<string, string> { ["CompanyId"] = otherId.ToString(), ["BuyerUserId"] = otherBuyerId }, $"/Ordering/OnBehalf?companyId={acmeId}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("only for the customer companies you serve", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var listed = await rep.GetAsync($"/Ordering/OnBehalf?companyId={otherId}");
        Assert.Equal(HttpStatusCode.BadRequest, listed.StatusCode);
        Assert.DoesNotContain(otherBuyerId, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The company is the rep's for a moment: a cart is started; then it is given to another rep.
        await SetRepAsync(otherId, await RepIdAsync());
        var started = await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf?handler=Start",
            new Dictionary<string, string> { ["CompanyId"] = otherId.ToString(), ["BuyerUserId"] = otherBuyerId }, $"/Ordering/OnBehalf?companyId={otherId}");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        await SetRepAsync(otherId, "another-rep");

        var add = await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf/Cart?handler=Add",
            new Dictionary<string, string> { ["sku"] = await VisibleSkuAsync(acmeId), ["quantity"] = "1" }, "/Ordering/OnBehalf");
        var place = await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf/Cart?handler=Place",
            new Dictionary<string, string> { ["Input.CartVersion"] = "0", ["Input.ReviewedTotal"] = "0" }, "/Ordering/OnBehalf");

        Assert.Equal(HttpStatusCode.BadRequest, add.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, place.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await rep.GetAsync("/Ordering/OnBehalf/Cart")).StatusCode);
        Assert.Contains("data-testid=\"current-problem\"", await rep.GetStringAsync("/Ordering/OnBehalf"), StringComparison.Ordinal);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.False(await db.Set<CartLine>().AnyAsync(l => db.Carts().Any(c => c.Id == l.CartId && c.CompanyId == otherId)));
        Assert.False(await db.Orders().AnyAsync(o => o.CompanyId == otherId));

        // Closing the stale cart is always allowed.
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf?handler=Stop", new Dictionary<string, string>(), "/Ordering/OnBehalf")).StatusCode);
        Assert.DoesNotContain("data-testid=\"current-problem\"", await rep.GetStringAsync("/Ordering/OnBehalf"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_may_order_for_any_company_and_a_buyer_may_not_order_on_behalf()
    {
        var (otherId, otherBuyerId) = await CompanyOfAnotherRepAsync();
        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var page = await admin.GetStringAsync($"/Ordering/OnBehalf?companyId={otherId}");
        Assert.Contains(otherBuyerId, page, StringComparison.Ordinal);

        var buyer = await portal.SignedInAsync(AcmeBuyer);
        var response = await buyer.GetAsync("/Ordering/OnBehalf");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private static async Task StartAsync(HttpClient rep, int companyId, string buyerId)
    {
        var started = await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf?handler=Start",
            new Dictionary<string, string> { ["CompanyId"] = companyId.ToString(), ["BuyerUserId"] = buyerId }, $"/Ordering/OnBehalf?companyId={companyId}");
        if (started.StatusCode != HttpStatusCode.Redirect)
        {
            // A cart for another buyer left by an earlier test: close it and start again.
            await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf?handler=Stop", new Dictionary<string, string>(), "/Ordering/OnBehalf");
            started = await PortalFactory.PostFormAsync(rep, "/Ordering/OnBehalf?handler=Start",
                new Dictionary<string, string> { ["CompanyId"] = companyId.ToString(), ["BuyerUserId"] = buyerId }, $"/Ordering/OnBehalf?companyId={companyId}");
        }

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
    }

    private async Task<(int CompanyId, string BuyerId, string BuyerName, string RepName)> AcmeAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var acme = await db.Companies.Where(c => c.ErpCustomerNumber == "C10000").Select(c => c.Id).SingleAsync();
        var buyer = await db.Users.Where(u => u.Email == AcmeBuyer).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        var rep = await db.Users.Where(u => u.Email == Rep).Select(u => u.DisplayName).SingleAsync();
        return (acme, buyer.Id, buyer.DisplayName, rep);
    }

    private async Task<string> RepIdAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.Where(u => u.Email == Rep).Select(u => u.Id).SingleAsync();
    }

    /// <summary>A company served by another rep, with one buyer (made once per portal; put back to the other rep each time).</summary>
    private async Task<(int CompanyId, string BuyerId)> CompanyOfAnotherRepAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var company = await db.Companies.SingleOrDefaultAsync(c => c.ErpCustomerNumber == "C99077");
        if (company is null)
        {
            company = new CustomerCompany("C99077", "Wingtip Tools (another rep's)", "EUR");
            company.AddAddress(AddressKind.Shipping, "Warehouse", "Dock 1", null, "10115", "Berlin", "DE", isDefault: true);
            company.AssignCatalog(await db.Companies.Where(c => c.ErpCustomerNumber == "C10000").SelectMany(c => c.Catalogs.Select(k => k.CatalogId)).FirstAsync());
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = PortalUser.CreateBuyerSide("buyer@wingtip.example", "Wendy Wingtip", company.Id, DateTimeOffset.UtcNow);
            user.EmailConfirmed = true;
            Assert.True((await users.CreateAsync(user, Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Buyer)).Succeeded);
        }

        company.AssignSalesRep("another-rep");
        await db.SaveChangesAsync();
        var buyerId = await db.Users.Where(u => u.Email == "buyer@wingtip.example").Select(u => u.Id).SingleAsync();
        return (company.Id, buyerId);
    }

    private async Task SetRepAsync(int companyId, string repId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        (await db.Companies.SingleAsync(c => c.Id == companyId)).AssignSalesRep(repId);
        await db.SaveChangesAsync();
    }

    private async Task<string> VisibleSkuAsync(int companyId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Products.VisibleTo(db, companyId).Where(p => p.PackSize == 1).OrderBy(p => p.Id).Select(p => p.Sku).FirstAsync();
    }

    private static async Task<string> ErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var errors = System.Text.RegularExpressions.Regex.Match(body, "data-testid=\"errors\"[^>]*>(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline);
        return $"{(int)response.StatusCode}: {(errors.Success ? errors.Groups[1].Value : body[..Math.Min(body.Length, 500)])}";
    }

    private static string Hidden(string html, string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"name=\"{System.Text.RegularExpressions.Regex.Escape(name)}\" value=\"([^\"]*)\"");
        if (!match.Success)
        {
            match = System.Text.RegularExpressions.Regex.Match(html, $"id=\"[^\"]*\" name=\"{System.Text.RegularExpressions.Regex.Escape(name)}\" value=\"([^\"]*)\"");
        }

        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"No field {name} in the page.");
    }
}

public sealed class OrderingOnBehalfWebTestsOnSqlite(SqlitePortal portal) : OrderingOnBehalfWebTests<SqlitePortal>(portal), IClassFixture<SqlitePortal>;

public sealed class OrderingOnBehalfWebTestsOnPostgres(PostgresPortal portal) : OrderingOnBehalfWebTests<PostgresPortal>(portal), IClassFixture<PostgresPortal>;
