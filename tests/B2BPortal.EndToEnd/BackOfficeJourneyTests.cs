using B2BPortal.Portal.Infrastructure.DemoData;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// A buyer admin deactivates a user in a real browser and that user's open session stops working on its next request;
/// reactivated, the user signs in again. At desktop and phone widths (no sideways scroll on the users page).
/// The collection runs its journeys one after another, and the user is reactivated whatever happens, so the demo
/// buyer is as before for the next journey.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BackOfficeJourneyTests(BrowserFixture browser)
{
    private const string Admin = "admin@borealis.example";
    private const string Victim = "buyer@borealis.example";

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public Task A_buyer_admin_deactivates_a_user_whose_open_session_then_stops_working(int width, int height) => BrowserFixture.JourneyAsync(async () =>
    {
        var viewport = new ViewportSize { Width = width, Height = height };
        var victim = await browser.SignedInAsync(Victim, viewport: viewport);
        await victim.GotoAsync("/Ordering/Orders");
        Assert.Contains("/Ordering/Orders", victim.Url, StringComparison.Ordinal);

        var admin = await browser.SignedInAsync(Admin, viewport: viewport);
        await admin.GotoAsync("/Company/Users");
        var scrollWidth = await admin.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the users page is {scrollWidth}px wide on a {width}px screen");
        var row = admin.Locator($"tr[data-user='{Victim}']");
        try
        {
            await row.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
            await Assertions.Expect(admin.Locator("body")).ToContainTextAsync($"{Victim} is deactivated");
            await Assertions.Expect(row).ToContainTextAsync("Deactivated");

            // The victim's very next request: signed out, back at the sign-in page, and signing in again is refused.
            await victim.GotoAsync("/Ordering/Orders");
            Assert.Contains("/Account/Login", victim.Url, StringComparison.Ordinal);
            await victim.GetByLabel("E-mail").FillAsync(Victim);
            await victim.GetByLabel("Password").FillAsync(DemoDataSeeder.DemoPassword);
            await victim.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await victim.WaitForLoadStateAsync();
            Assert.Contains("/Account/Login", victim.Url, StringComparison.Ordinal);
        }
        finally
        {
            await admin.GotoAsync("/Company/Users");
            var reactivate = row.GetByRole(AriaRole.Button, new() { Name = "Reactivate" });
            if (await reactivate.CountAsync() > 0)
            {
                await reactivate.ClickAsync();
                await Assertions.Expect(admin.Locator("body")).ToContainTextAsync($"{Victim} is active again");
            }
        }

        var again = await browser.SignedInAsync(Victim, viewport: viewport);
        await again.GotoAsync("/Ordering/Orders");
        Assert.Contains("/Ordering/Orders", again.Url, StringComparison.Ordinal);
    });

}
