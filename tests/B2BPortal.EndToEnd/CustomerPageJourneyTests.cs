using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// The sales rep's customer page in a real browser, on a 390 px phone and a 1280 px screen: from Customers to Acme's
/// page (credit, overdue invoices, orders, open quotes, activity), no sideways scrolling, nothing refused by the
/// Content-Security-Policy, and "Order for this customer" leads to Acme's buyers. Demo data: Sam Salesrep serves Acme.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CustomerPageJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public Task The_rep_opens_a_customer_and_orders_for_it_in_one_click(int width, int height) => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var page = await browser.SignedInAsync("rep@b2bportal.example", violations, new ViewportSize { Width = width, Height = height });
        await page.GotoAsync("/Customers?q=Acme");
        await page.GetByTestId("customers").GetByRole(AriaRole.Link, new() { Name = "C10000" }).ClickAsync();
        await page.WaitForURLAsync("**/Customers/Details/*");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Acme Manufacturing GmbH");
        foreach (var section in new[] { "customer-credit", "customer-overdue", "customer-orders", "customer-quotes", "customer-activity" })
        {
            await Assertions.Expect(page.GetByTestId(section)).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.GetByTestId("exposure-total")).ToContainTextAsync("EUR");
        await JourneySteps.AssertNoSidewaysScrollAsync(page, width);
        var button = page.GetByTestId("order-for-customer");
        var box = await button.BoundingBoxAsync();
        Assert.True(box is { } b && b.X >= 0 && b.X + b.Width <= width, $"'Order for this customer' is outside the screen: {box?.X} + {box?.Width}");

        await button.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Ordering/OnBehalf?CompanyId=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Alice Buyer");
        Assert.Empty(violations);
    });
}
