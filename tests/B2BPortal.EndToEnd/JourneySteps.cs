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

    /// <summary>The page does not scroll sideways on a screen <paramref name="width"/> px wide.</summary>
    public static async Task AssertNoSidewaysScrollAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth}px wide on a {width}px screen");
    }
}
