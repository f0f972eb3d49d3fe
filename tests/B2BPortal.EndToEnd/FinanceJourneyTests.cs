using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>A buyer in a real browser opens Finance, finds a paid invoice and its payment, and takes a statement as XLSX and in print.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FinanceJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_buyer_opens_his_invoices_and_a_statement_prints_it_and_downloads_it_as_XLSX()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await PaidInvoiceAsync(today);
        var violations = new List<string>();
        var page = await browser.SignedInAsync("buyer@acme.example", violations);

        await page.GetByRole(AriaRole.Link, new() { Name = "Finance", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/Credit/Invoices");
        await Assertions.Expect(page.GetByTestId("available")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("payments")).ToContainTextAsync("E2E-PAY-1 (for E2E-INV-1)");
        await page.GetByTestId("invoice-filter").GetByRole(AriaRole.Link, new() { Name = "Paid" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-invoice='E2E-INV-1']")).ToContainTextAsync("Paid");

        await page.GetByTestId("statement-link").ClickAsync();
        await page.GetByLabel("From").FillAsync(today.AddDays(-20).ToString("yyyy-MM-dd"));
        await page.GetByLabel("To").FillAsync(today.ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var eur = page.GetByTestId("statement-EUR");
        await Assertions.Expect(eur.GetByTestId("opening")).ToContainTextAsync("0.00");
        await Assertions.Expect(eur).ToContainTextAsync("E2E-INV-1");
        await Assertions.Expect(eur.GetByTestId("closing")).ToContainTextAsync("0.00");

        // Printed, the statement stands alone: no navigation, no period form, no buttons.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator("nav.navbar").IsVisibleAsync());
        Assert.False(await page.GetByTestId("statement-period").IsVisibleAsync());
        Assert.True(await eur.IsVisibleAsync());
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("statement-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Empty(violations);
    }

    /// <summary>An invoice of Acme's issued ten days ago and paid five days ago: paid, so Acme's credit in other journeys does not change.</summary>
    private async Task PaidInvoiceAsync(DateOnly today)
    {
        using var scope = browser.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await db.Invoices.AnyAsync(i => i.Number == "E2E-INV-1"))
        {
            return;
        }

        var acme = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C10000");
        var now = DateTimeOffset.UtcNow;
        var invoice = new Invoice("e2e-inv-1", "E2E-INV-1", acme.Id);
        invoice.ApplyErp(acme.Id, null, today.AddDays(-10), today.AddDays(20), Money.Of(100m, "EUR"), Money.Of(119m, "EUR"), Money.Zero("EUR"), InvoiceStatus.Paid, now);
        var payment = new CustomerPayment("e2e-pay-1", acme.Id);
        payment.ApplyErp(acme.Id, today.AddDays(-5), "E2E-PAY-1", Money.Of(119m, "EUR"), "E2E-INV-1", null, now);
        db.Invoices.Add(invoice);
        db.CustomerPayments.Add(payment);
        await db.SaveChangesAsync();
    }
}
