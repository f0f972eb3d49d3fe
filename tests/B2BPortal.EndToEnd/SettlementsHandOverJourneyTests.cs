using B2BPortal.Integration.Settlements;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>An accountant in a real browser hands an exception to a colleague, at desktop width, and the page stays within a phone's width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SettlementsHandOverJourneyTests(BrowserFixture browser)
{
    [Fact]
    public Task An_accountant_hands_an_exception_to_the_administrator_and_the_page_fits_a_phone() => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var page = await browser.SignedInAsync("accountant@b2bportal.example", violations);
        var id = "E2E-H-" + Guid.NewGuid().ToString("N")[..8];
        var file = CamtWriter.Statement(id, "DE89370400440532013000", "EUR", DateOnly.FromDateTime(DateTime.UtcNow), 5_000m,
            [new(123.45m, PayerName: "Hooli Handover AG", PayerAccount: "DE02100100109307118603", Text: "No invoice named here")]);

        await page.GotoAsync("/Settlements/Import");
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = id + ".xml", MimeType = "application/xml", Buffer = file });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await page.GotoAsync("/Settlements/Exceptions");
        await page.GetByTestId("exceptions").Locator("tr", new() { HasText = "Hooli Handover AG" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("Open");
        var exceptionUrl = page.Url;

        await page.GetByLabel("Hand it to").SelectOptionAsync(new SelectOptionValue { Label = "Adam Administrator" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Hand over" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("Assigned");
        await Assertions.Expect(page.Locator("dd", new() { HasText = "Adam Administrator" })).ToBeVisibleAsync();

        var phone = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 }, violations);
        await phone.GotoAsync("/Account/Login");
        await phone.GetByLabel("E-mail").FillAsync("accountant@b2bportal.example");
        await phone.GetByLabel("Password").FillAsync(B2BPortal.Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword);
        await phone.GetByLabel("Password").PressAsync("Enter");
        await phone.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await phone.GotoAsync(exceptionUrl);
        var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"{exceptionUrl} is {width}px wide on a 390px screen");
        await Assertions.Expect(phone.GetByTestId("hand-over")).ToBeVisibleAsync();

        Assert.Empty(violations);
    });
}
