using System.Net;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Credit;

/// <summary>The demo set shows every credit case to the accountant and to each case's buyer, as README's demo sign-ins say.</summary>
public sealed class DemoCreditTests(SampleOrdersPortal portal) : IClassFixture<SampleOrdersPortal>
{
    [Fact]
    public async Task The_accountant_sees_a_company_near_its_limit_one_held_for_an_overdue_invoice_with_its_order_in_the_queue_and_one_prepaid()
    {
        var ids = await IdsAsync();
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");

        var landing = await accountant.GetStringAsync("/Credit");
        var queue = await accountant.GetStringAsync("/Credit/Holds");
        var nearLimit = await accountant.GetStringAsync($"/Credit/Account/{ids["C50000"]}");
        var prepaid = await accountant.GetStringAsync($"/Credit/Account/{ids["C70000"]}");
        var overdue = await accountant.GetStringAsync($"/Credit/Account/{ids["C60000"]}");
        var overdueInvoices = await accountant.GetStringAsync($"/Credit/CustomerInvoices/{ids["C60000"]}?show=Overdue");

        Assert.Contains("data-testid=\"holds-waiting\">1<", landing, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"accounts-on-hold\">1<", landing, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"overdue-invoices\">1<", landing, StringComparison.Ordinal);
        Assert.Contains("Fabrikam Supplies AG", landing, StringComparison.Ordinal);
        Assert.Contains("Fabrikam Supplies AG", queue, StringComparison.Ordinal);
        Assert.Contains("overdue beyond 5 grace days", queue, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"exposure-total\">EUR 17,000.00<", nearLimit, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"available\">EUR 3,000.00<", nearLimit, StringComparison.Ordinal);
        Assert.Contains("<td>Prepaid</td>", prepaid, StringComparison.Ordinal);

        // Fabrikam's account detail: on hold for the overdue invoice, the invoice listed with its days, the hold in the history.
        Assert.Contains("data-testid=\"overdue\"", overdue, StringComparison.Ordinal);
        Assert.Contains("<td>DEMO-INV-6001</td>", overdue, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text-end\">45</td>", overdue, StringComparison.Ordinal);
        Assert.Contains("CreditAccount.Hold", overdue, StringComparison.Ordinal);
        Assert.Contains("Overdue 45 days", overdueInvoices, StringComparison.Ordinal);

        // Each case's buyer signs in with the demo password and sees its own orders page.
        foreach (var buyer in new[] { DemoCreditSeeder.NearLimitBuyer, DemoCreditSeeder.OverdueBuyer, DemoCreditSeeder.PrepaidBuyer })
        {
            Assert.Equal(HttpStatusCode.OK, (await (await portal.SignedInAsync(buyer)).GetAsync("/Ordering/Orders")).StatusCode);
        }
    }

    private async Task<Dictionary<string, int>> IdsAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Companies.ToDictionaryAsync(c => c.ErpCustomerNumber, c => c.Id);
    }
}
