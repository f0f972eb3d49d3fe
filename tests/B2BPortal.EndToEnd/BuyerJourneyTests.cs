using System.Text.RegularExpressions;
using B2BPortal.Portal.Infrastructure.DemoData;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>A buyer in a real browser: sign in, search a SKU, open the product page.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class BuyerJourneyTests(BrowserFixture browser)
{
    [Fact]
    public Task A_buyer_signs_in_searches_a_SKU_and_sees_the_products_name_price_and_availability() => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.NewPageAsync();

        // The catalog asks for sign-in first, then comes back.
        await page.GotoAsync("/Catalog");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("E-mail").FillAsync("buyer@acme.example");
        await page.GetByLabel("Password").FillAsync(DemoDataSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(CatalogUrl());
        Assert.Equal("Alice Buyer", (await page.GetByTestId("signed-in-as").TextContentAsync())?.Trim());

        await page.GetByTestId("catalog-search").FillAsync(browser.AcmeSku);
        await page.GetByTestId("catalog-search").PressAsync("Enter");
        await page.WaitForURLAsync(new Regex($"q={browser.AcmeSku}"));
        var firstResult = page.GetByTestId("results").Locator("tbody tr").First.Locator("td.sku a");
        Assert.Equal(browser.AcmeSku, (await firstResult.TextContentAsync())?.Trim());

        await firstResult.ClickAsync();
        await page.WaitForURLAsync($"**/Catalog/Product/{browser.AcmeSku}");
        Assert.False(string.IsNullOrWhiteSpace(await page.GetByTestId("product-name").TextContentAsync()));
        Assert.Equal(browser.AcmeSku, (await page.GetByTestId("product-sku").TextContentAsync())?.Trim());
        Assert.Matches(Price(), await page.GetByTestId("product-price").TextContentAsync() ?? string.Empty);
        Assert.Matches("In stock|Out of stock|Not stocked", await page.Locator("main").TextContentAsync() ?? string.Empty);
    });

    [Fact]
    public Task On_a_phone_the_navigation_collapses_and_search_works_with_the_keyboard_only() => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 });
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync("buyer@acme.example");
        await page.GetByLabel("Password").FillAsync(DemoDataSeeder.DemoPassword);
        await page.GetByLabel("Password").PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));

        // Collapsed: the menu and its search are hidden behind the toggler.
        var toggler = page.Locator(".navbar-toggler");
        Assert.True(await toggler.IsVisibleAsync(), "the menu button is not shown on a phone");
        Assert.False(await page.Locator("#nav-q").IsVisibleAsync(), "the navigation did not collapse");
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width}px wide on a 390px screen");

        // Keyboard only: Tab to the menu button, open it, Tab to the search field, type, Enter.
        await TabToAsync(page, "document.activeElement.classList.contains('navbar-toggler')");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#nav-q").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.Equal("true", await toggler.GetAttributeAsync("aria-expanded"));
        await TabToAsync(page, "document.activeElement.id === 'nav-q'");
        await page.Keyboard.TypeAsync(browser.AcmeSku);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex($"/Catalog\\?q={browser.AcmeSku}"));

        // And on to the product, still by keyboard.
        await TabToAsync(page, $"document.activeElement.tagName === 'A' && document.activeElement.textContent.trim() === '{browser.AcmeSku}'", maxTabs: 80);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/Catalog/Product/{browser.AcmeSku}");
        Assert.Equal(browser.AcmeSku, (await page.GetByTestId("product-sku").TextContentAsync())?.Trim());
    });

    private static async Task TabToAsync(IPage page, string condition, int maxTabs = 30)
    {
        for (var i = 0; i < maxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"() => {condition}"))
            {
                return;
            }
        }

        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML?.slice(0, 200) ?? 'nothing'");
        Assert.Fail($"{maxTabs} Tabs did not reach ({condition}); focus is on {focused}");
    }

    [GeneratedRegex(@"/Catalog(\?|$)")]
    private static partial Regex CatalogUrl();

    [GeneratedRegex(@"\d+[.,]\d{2}")]
    private static partial Regex Price();
}
