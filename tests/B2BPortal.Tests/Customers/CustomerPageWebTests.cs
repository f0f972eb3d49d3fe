using System.Net;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Customers;

/// <summary>
/// The sales rep's customer page (/Customers/Details/{id}): orders, open quotes, credit, overdue invoices and activity of one
/// company with "Order for this customer"; a rep sees only the companies they serve, accountants and administrators all.
/// Demo data: Sam Salesrep serves Acme (C10000), Borealis and Contoso.
/// </summary>
[Collection(SharedSqlitePortal.Name)]
public sealed class CustomerPageWebTests(SqlitePortal portal)
{
    [Fact]
    public async Task The_rep_sees_the_customers_orders_quotes_credit_and_activity_with_order_for_this_customer_one_click_away()
    {
        var (acmeId, latestOrder, openQuote, latestAudit) = await AcmeAsync();
        var rep = await portal.SignedInAsync("rep@b2bportal.example");

        var response = await rep.GetAsync($"/Customers/Details/{acmeId}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Acme Manufacturing GmbH", html, StringComparison.Ordinal);
        var button = System.Text.RegularExpressions.Regex.Match(html, "<a [^>]*data-testid=\"order-for-customer\"[^>]*>Order for this customer</a>");
        Assert.True(button.Success, "no 'Order for this customer'");
        Assert.Contains($"href=\"/Ordering/OnBehalf?CompanyId={acmeId}\"", button.Value, StringComparison.Ordinal);
        foreach (var section in new[] { "customer-credit", "customer-overdue", "customer-orders", "customer-quotes", "customer-activity" })
        {
            Assert.Contains($"data-testid=\"{section}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("data-testid=\"exposure-total\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"available\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"credit-state\"", html, StringComparison.Ordinal);
        if (latestOrder is not null)
        {
            Assert.Contains($"/Ordering/OrderDetail/{latestOrder}", html, StringComparison.Ordinal);
        }

        if (openQuote is not null)
        {
            Assert.Contains($"/Quotes/Detail/{openQuote}", html, StringComparison.Ordinal);
        }

        if (latestAudit is not null)
        {
            Assert.Contains(latestAudit, html, StringComparison.Ordinal);
        }

        // The button leads to the buyers of this company, ready to start the cart.
        var onBehalf = WebUtility.HtmlDecode(await rep.GetStringAsync($"/Ordering/OnBehalf?CompanyId={acmeId}"));
        Assert.Contains("Alice Buyer", onBehalf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rep_gets_404_for_a_company_he_does_not_serve_and_does_not_find_it_in_his_list_accountants_and_administrators_see_it()
    {
        var (otherId, name) = await CompanyWithoutTheDemoRepAsync();
        var rep = await portal.SignedInAsync("rep@b2bportal.example");

        var page = await rep.GetAsync($"/Customers/Details/{otherId}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain(name, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(name, CustomerTable(await rep.GetStringAsync($"/Customers?q={Uri.EscapeDataString(name)}")), StringComparison.Ordinal);
        Assert.Contains("Acme Manufacturing GmbH", CustomerTable(await rep.GetStringAsync("/Customers?q=Acme")), StringComparison.Ordinal);

        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");
        var seen = await accountant.GetStringAsync($"/Customers/Details/{otherId}");
        Assert.Contains(name, seen, StringComparison.Ordinal);
        // An accountant does not order for customers: no button.
        Assert.DoesNotContain("order-for-customer", seen, StringComparison.Ordinal);
        Assert.Contains(name, CustomerTable(await accountant.GetStringAsync($"/Customers?q={Uri.EscapeDataString(name)}")), StringComparison.Ordinal);

        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        Assert.Contains("data-testid=\"order-for-customer\"", await admin.GetStringAsync($"/Customers/Details/{otherId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buyers_are_turned_away_from_customer_pages()
    {
        var (acmeId, _, _, _) = await AcmeAsync();
        var buyer = await portal.SignedInAsync("admin@acme.example");

        var page = await buyer.GetAsync($"/Customers/Details/{acmeId}");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/AccessDenied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>The list's table alone (the page's search box repeats the query).</summary>
    private static string CustomerTable(string html)
    {
        var start = html.IndexOf("data-testid=\"customers\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no customer table");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    private async Task<(int Id, string? LatestOrder, string? OpenQuote, string? LatestAudit)> AcmeAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var id = await db.Companies.Where(c => c.ErpCustomerNumber == "C10000").Select(c => c.Id).SingleAsync();
        var activity = await db.ActivityAsync(id, CancellationToken.None);
        return (id, activity.Orders is [var order, ..] ? order.Number : null, activity.OpenQuotes is [var quote, ..] ? quote.Number : null,
            activity.Activity is [var a, ..] ? $"{a.ActorName}</strong> · {a.Action}" : null);
    }

    private async Task<(int Id, string Name)> CompanyWithoutTheDemoRepAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var number = "C9" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var name = $"Unserved Trading {number}";
        var company = new CustomerCompany(number, name, "EUR");
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        return (company.Id, name);
    }
}
