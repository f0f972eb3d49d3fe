using System.Text.RegularExpressions;
using B2BPortal.Portal.Infrastructure.DemoData;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// A buyer on a desktop and on a phone: a misspelt search answered with "did you mean", type-ahead in the header, an
/// add to the cart without a reload (the header's count follows, focus stays), emptying the cart after a confirmation
/// and undoing it. No page scrolls sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ForgivingSearchAndCartJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public Task A_buyer_finds_with_a_typo_adds_without_a_reload_and_undoes_emptying_the_cart(int width, int height) => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.NewPageAsync(new ViewportSize { Width = width, Height = height });
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync("buyer@contoso.example");
        await page.GetByLabel("Password").FillAsync(DemoDataSeeder.DemoPassword);
        await page.GetByLabel("Password").PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await StartWithAnEmptyCartAsync(page);

        // A misspelt word: the results of its correction, saying so.
        await page.GotoAsync("/Catalog?q=grindr");
        await Assertions.Expect(page.GetByTestId("did-you-mean")).ToContainTextAsync("Showing results for grinder");
        await Assertions.Expect(page.GetByTestId("results").Locator("tbody tr").First).ToContainTextAsync("Grinder");
        await AssertNoSidewaysScrollAsync(page, width);

        if (width >= 1200)
        {
            // Type-ahead in the header (the header search folds into the menu on a phone).
            await page.Locator("#nav-q").FillAsync("");
            await page.Locator("#nav-q").PressSequentiallyAsync("grind");
            var option = page.Locator("#nav-q-suggestions").GetByRole(AriaRole.Option).First;
            await Assertions.Expect(option).ToContainTextAsync("Grinder");
            await page.Locator("#nav-q").PressAsync("Escape");
        }

        // Add from the results: no reload, the header's count follows, focus stays on the button.
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        var add = page.GetByTestId("results").Locator("tbody tr").First.GetByRole(AriaRole.Button, new() { NameRegex = AddButton() });
        await add.ClickAsync();
        await Assertions.Expect(page.GetByTestId("cart-count")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#cart-toast")).ToContainTextAsync("to your cart");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
        Assert.True(await add.EvaluateAsync<bool>("b => b === document.activeElement"), "focus left the Add button");

        // Empty the cart: a confirmation first, then an undo brings the line back.
        await page.GotoAsync("/Ordering/Cart");
        await AssertNoSidewaysScrollAsync(page, width);
        await page.GetByTestId("empty-cart").ClickAsync();
        await Assertions.Expect(page.GetByTestId("clear-confirm")).ToBeVisibleAsync();
        Assert.EndsWith("/Ordering/Cart", page.Url, StringComparison.Ordinal);
        await page.GetByTestId("clear-yes").ClickAsync();
        await Assertions.Expect(page.GetByTestId("undo-offer")).ToContainTextAsync("Removed 1 line from your cart.");
        await Assertions.Expect(page.GetByTestId("cart-count")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("undo")).ToBeFocusedAsync();
        await page.GetByTestId("undo").ClickAsync();
        await Assertions.Expect(page.GetByTestId("cart-line")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("cart-count")).ToHaveTextAsync("1");
        await AssertNoSidewaysScrollAsync(page, width);
        await StartWithAnEmptyCartAsync(page);
    });

    private static async Task StartWithAnEmptyCartAsync(IPage page)
    {
        await page.GotoAsync("/Ordering/Cart");
        if (await page.GetByTestId("empty-cart").CountAsync() > 0)
        {
            await page.GetByTestId("empty-cart").ClickAsync();
            await page.GetByTestId("clear-yes").ClickAsync();
        }

        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Your cart is empty.");
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth}px wide on a {width}px screen");
    }

    [GeneratedRegex("^Add .* to cart$")]
    private static partial Regex AddButton();
}
