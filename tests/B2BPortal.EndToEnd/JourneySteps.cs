using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>Steps several journeys share.</summary>
internal static class JourneySteps
{
    /// <summary>Starts from an empty cart whatever an earlier test (or run against the same database) left in it.</summary>
    public static async Task EmptyCartAsync(IPage page)
    {
        await page.GotoAsync("/Ordering/Cart");
        var empty = page.GetByTestId("empty-cart");
        if (await empty.CountAsync() > 0)
        {
            // Emptying asks first (and can be undone).
            await empty.ClickAsync();
            await page.GetByTestId("clear-yes").ClickAsync();
        }

        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Your cart is empty.");
    }

    /// <summary>
    /// Quick order to checkout, the way a buyer does it: paste <paramref name="lines"/> (SKU and quantity per line), round
    /// up to the pack size if asked, check that every line is ready, add them to the (empty) cart and go to checkout.
    /// </summary>
    public static async Task QuickOrderToCheckoutAsync(IPage page, string lines, bool roundUpToPack = false)
    {
        await page.GotoAsync("/Ordering/QuickOrder");
        await page.GetByLabel("Lines", new() { Exact = true }).FillAsync(lines);
        if (roundUpToPack)
        {
            await page.Locator("#round1").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Check lines" }).ClickAsync();
        var count = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync($"{count} ready to add");
        await page.GetByTestId("add-to-cart").ClickAsync();
        await page.WaitForURLAsync("**/Ordering/Cart");
        await page.GetByTestId("to-checkout").ClickAsync();
        await page.WaitForURLAsync("**/Ordering/Checkout");
    }

    /// <summary>The page does not scroll sideways on a screen <paramref name="width"/> px wide.</summary>
    public static async Task AssertNoSidewaysScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth}px wide on a {width}px screen");
    }
}
