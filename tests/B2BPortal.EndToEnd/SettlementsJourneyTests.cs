using B2BPortal.Integration.Settlements;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>An accountant in a real browser: imports a statement, finds its payments in the exceptions queue, opens one and the reconciliation, at desktop and phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SettlementsJourneyTests(BrowserFixture browser)
{
    [Fact]
    public Task An_accountant_imports_a_statement_and_works_the_exceptions_queue_and_reconciliation_without_sideways_scroll_on_a_phone() => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var page = await browser.SignedInAsync("accountant@b2bportal.example", violations);
        var id = "E2E-" + Guid.NewGuid().ToString("N")[..10];
        var file = CamtWriter.Statement(id, "DE89370400440532013000", "EUR", DateOnly.FromDateTime(DateTime.UtcNow), 5_000m,
        [
            new(415.00m, PayerName: "Globex Trading Ltd with a rather long name for a phone screen", PayerAccount: "GB29NWBK60161331926819", Text: "Order 5521 as agreed with your sales office in Hamburg last Tuesday"),
            new(99.00m, PayerName: "Initech GmbH", PayerAccount: "DE75512108001245126199", Text: "Invoice DEMO-INV-99999"),
        ]);

        await page.GotoAsync("/Settlements/Import");
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = id + ".xml", MimeType = "application/xml", Buffer = file });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("matching-summary")).ToContainTextAsync("0 payment(s) matched, 2 left for the exceptions queue");

        await page.GetByRole(AriaRole.Link, new() { Name = "Exceptions queue" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("exceptions")).ToContainTextAsync("Globex Trading Ltd");
        await page.GetByTestId("exceptions").Locator("tr", new() { HasText = "Globex Trading Ltd" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("Open");
        var exceptionUrl = page.Url;
        await page.GetByRole(AriaRole.Button, new() { Name = "Take it" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("state")).ToHaveTextAsync("Assigned");

        await page.GotoAsync("/Settlements");
        await page.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Reconciliation" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("unmatched")).ToHaveTextAsync("514.00");
        var reportUrl = page.Url;

        var phone = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 }, violations);
        await phone.GotoAsync("/Account/Login");
        await phone.GetByLabel("E-mail").FillAsync("accountant@b2bportal.example");
        await phone.GetByLabel("Password").FillAsync(B2BPortal.Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword);
        await phone.GetByLabel("Password").PressAsync("Enter");
        await phone.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        foreach (var url in new[] { "/Settlements/Exceptions", exceptionUrl, reportUrl })
        {
            await phone.GotoAsync(url);
            var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{url} is {width}px wide on a 390px screen");
        }

        Assert.Empty(violations);
    });
}
