using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// Credit control in a real browser, over the demo credit companies (DemoCreditSeeder; README: Demo sign-ins):
/// Fabrikam's account is on hold for an invoice 45 days overdue, so an order its buyer places waits in the accountant's
/// queue until released with a reason (the queue checked on a phone too); a buyer reads his invoices and statement and
/// downloads it; every credit page fits a 1280 px screen and a 390 px phone without sideways scrolling, with nothing
/// refused by the Content-Security-Policy. The tests share the browser collection's database and depend on no other test.
/// </summary>
/// <remarks>
/// CLE-001441 is a Cleaning Chemicals SKU of the Facilities catalog (Borealis's and Fabrikam's); the quick order rounds
/// the quantity up to its pack size.
/// </remarks>
[Collection(BrowserCollection.Name)]
public sealed partial class CreditJourneyTests(BrowserFixture browser)
{
    private const string Accountant = "accountant@b2bportal.example";
    private const string OverdueBuyer = "buyer@fabrikam.example";

    [Fact]
    public Task The_accountant_releases_an_order_held_for_an_overdue_invoice_with_a_reason_and_it_leaves_the_queue() => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var buyer = await browser.SignedInAsync(OverdueBuyer, violations);
        var accountant = await browser.SignedInAsync(Accountant, violations);
        // Fabrikam's buyer orders; checkout already says the order will wait for the accounts team.
        await JourneySteps.EmptyCartAsync(buyer);
        await JourneySteps.QuickOrderToCheckoutAsync(buyer, "CLE-001441\t10", roundUpToPack: true);
        await Assertions.Expect(buyer.GetByTestId("credit-outcome")).ToHaveAttributeAsync("data-decision", "Hold");
        await Assertions.Expect(buyer.GetByTestId("credit-reason")).ToContainTextAsync("overdue");
        await buyer.GetByTestId("place-order").ClickAsync();
        await buyer.WaitForURLAsync(OrderUrl());
        var number = Uri.UnescapeDataString(OrderUrl().Match(buyer.Url).Groups[1].Value);
        await Assertions.Expect(buyer.GetByTestId("order-state")).ToHaveTextAsync("Credit hold");

        // The accountant: Credit, then the holds queue, where the order waits with its company's exposure.
        await accountant.GetByRole(AriaRole.Link, new() { Name = "Credit", Exact = true }).First.ClickAsync();
        await accountant.WaitForURLAsync(url => url.EndsWith("/Credit", StringComparison.Ordinal));
        await accountant.GetByTestId("holds-waiting").ClickAsync();
        await accountant.WaitForURLAsync("**/Credit/Holds");
        var row = accountant.Locator($"tr[data-order=\"{number}\"]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Fabrikam Supplies AG");
        await Assertions.Expect(row.GetByTestId("exposure-total")).ToContainTextAsync("EUR");

        // On a phone the queue is one card per order: no sideways scrolling, the Release button within the screen.
        await accountant.SetViewportSizeAsync(390, 844);
        await accountant.ReloadAsync();
        var phoneWidth = await accountant.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(phoneWidth <= 390, $"the holds queue is {phoneWidth}px wide on a 390px screen");
        var box = await row.GetByRole(AriaRole.Button, new() { Name = "Release" }).BoundingBoxAsync();
        Assert.True(box is { } b && b.X >= 0 && b.X + b.Width <= 390, $"the Release button is outside the phone's screen: {box?.X} + {box?.Width}");
        await accountant.SetViewportSizeAsync(1280, 900);

        // Release without a reason: the browser itself asks for one (required) and nothing is sent.
        await row.GetByRole(AriaRole.Button, new() { Name = "Release" }).ClickAsync();
        Assert.False(await accountant.GetByLabel($"Reason for {number}").EvaluateAsync<bool>("e => e.validity.valid"));
        await Assertions.Expect(row).ToHaveCountAsync(1);

        var reason = "Customer paid the overdue invoice by wire " + number;
        await accountant.GetByLabel($"Reason for {number}").FillAsync(reason);
        await row.GetByRole(AriaRole.Button, new() { Name = "Release" }).ClickAsync();
        await Assertions.Expect(accountant.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Order {number} released: it goes on to the ERP.");
        await Assertions.Expect(accountant.Locator($"tr[data-order=\"{number}\"]")).ToHaveCountAsync(0);

        // The buyer's order is placed now, and its timeline gives the accountant's reason.
        await buyer.ReloadAsync();
        await Assertions.Expect(buyer.GetByTestId("order-state")).ToHaveTextAsync("Placed");
        await Assertions.Expect(buyer.GetByTestId("timeline")).ToContainTextAsync(reason);
        Assert.Empty(violations);
    });

    [Fact]
    public Task A_buyer_opens_his_invoices_and_statement_which_prints_on_its_own_and_downloads_it_as_XLSX() => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var buyer = await browser.SignedInAsync(OverdueBuyer, violations);
        await buyer.GetByRole(AriaRole.Link, new() { Name = "Finance", Exact = true }).First.ClickAsync();
        await buyer.WaitForURLAsync("**/Credit/Invoices");
        await buyer.GetByTestId("invoice-filter").GetByRole(AriaRole.Link, new() { Name = "Overdue", Exact = true }).ClickAsync();
        var overdue = buyer.Locator("tr[data-invoice=\"DEMO-INV-6001\"]");
        await Assertions.Expect(overdue).ToContainTextAsync("Overdue 45 days");
        await Assertions.Expect(overdue).ToContainTextAsync("EUR 4,200.00");
        await Assertions.Expect(buyer.GetByTestId("available")).ToContainTextAsync("EUR");

        // The statement of the last 90 days: the overdue invoice is in it, and the closing balance owes it.
        await buyer.GetByTestId("statement-link").ClickAsync();
        await buyer.WaitForURLAsync("**/Credit/Statement");
        var eur = buyer.GetByTestId("statement-EUR");
        await Assertions.Expect(eur).ToContainTextAsync("DEMO-INV-6001");
        await Assertions.Expect(eur.GetByTestId("closing")).ToContainTextAsync("4,200.00");
        await Assertions.Expect(buyer.GetByRole(AriaRole.Button, new() { Name = "Print" })).ToBeVisibleAsync();

        // Print-ready: printed, the statement stands alone, without the menu, the period form and the buttons.
        await buyer.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(buyer.Locator("nav.navbar")).ToBeHiddenAsync();
        await Assertions.Expect(buyer.GetByTestId("statement-period")).ToBeHiddenAsync();
        await Assertions.Expect(buyer.GetByTestId("statement-xlsx")).ToBeHiddenAsync();
        await Assertions.Expect(eur.GetByTestId("closing")).ToBeVisibleAsync();
        await buyer.EmulateMediaAsync(new() { Media = Media.Screen });

        var download = await buyer.RunAndWaitForDownloadAsync(() => buyer.GetByTestId("statement-xlsx").ClickAsync());
        Assert.Matches(StatementFileName(), download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.xlsx");
        try
        {
            await download.SaveAsAsync(path);
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.True(bytes.Length > 1_000, $"the statement is {bytes.Length} bytes");
            Assert.Equal("PK"u8.ToArray(), bytes[..2]); // an XLSX is a zip package
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Empty(violations);
    });

    [Fact]
    public Task Every_credit_page_fits_a_1280_px_screen_and_a_390_px_phone_without_sideways_scrolling() => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var buyer = await browser.SignedInAsync(OverdueBuyer, violations);
        var accountant = await browser.SignedInAsync(Accountant, violations);
        // Fabrikam's account is on hold, so the Credit landing links to it.
        await accountant.GotoAsync("/Credit");
        var href = await accountant.GetByTestId("held-accounts").GetByRole(AriaRole.Link, new() { Name = "Fabrikam Supplies AG" }).GetAttributeAsync("href");
        var company = CompanyId().Match(href ?? string.Empty).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(company), $"no credit account link in '{href}'");

        var pages = new (IPage Page, string Path)[]
        {
            (buyer, "/Credit/Invoices?show=All"),
            (buyer, "/Credit/Statement"),
            (accountant, "/Credit"),
            (accountant, "/Credit/Holds"),
            (accountant, $"/Credit/Account/{company}"),
            (accountant, $"/Credit/CustomerInvoices/{company}?show=All"),
            (accountant, $"/Credit/CustomerStatement/{company}"),
            (accountant, "/Credit/Ageing"),
        };
        foreach (var width in new[] { 1280, 390 })
        {
            foreach (var (page, path) in pages)
            {
                await page.SetViewportSizeAsync(width, 900);
                var response = await page.GotoAsync(path);
                Assert.True(response?.Ok, $"{path}: {response?.Status}");
                await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
                var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(scrollWidth <= width, $"{path} is {scrollWidth}px wide on a {width}px screen");
            }
        }

        Assert.Empty(violations);
    });


    [GeneratedRegex(@"/Ordering/OrderDetail/([^/?#]+)$")]
    private static partial Regex OrderUrl();

    [GeneratedRegex(@"^statement-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$")]
    private static partial Regex StatementFileName();

    [GeneratedRegex(@"/Credit/Account/(\d+)$")]
    private static partial Regex CompanyId();
}
